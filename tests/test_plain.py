"""The plain mode (kiosk --plain): the same visit as lines of text — a whole visit to a
complaint text and a saved case, the case opened again, ? and <, a refused answer, the idle
wipe; and in a real terminal (tmux): no box drawing, no colour, the cursor on the answer line,
and at a desk no key that ends it."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT, TODAY
from tui.plain.front import PlainFront
from tui.plain.lines import Lines
from tui.visit import Visit

# One visit to 派送延误, as a person answers the plain mode's questions, in order.
DELAY = ["1", "2",  # 开始; 派送延误
         "2026年11月1日", "1234567890123456789", "73123456789012",  # the order page (中通 guessed)
         "11月10日",  # promised
         "2", "11月20日", "客服说在查", "1", "1",  # the seller asked; Tmall, the courier not
         "",  # the usual wishes
         "",  # nothing to add
         "",  # the check page: all right
         "2", "",  # the plan: 保存为案件, then on
         "1 3", "",  # evidence: two ticked, then on
         "",  # the complaint text to today's first body
         "1", "1"]  # on; 结束，清除内容

BOXES = re.compile("[\u2500-\u257f]")


def plain(content, tmp_path, answers: list[str], **kw) -> tuple[str, Visit]:
    """Run the plain mode on `answers` (then the input ends); what it said, and the visit."""
    visit = Visit(content, today=lambda: TODAY, db=tmp_path / "cases", save_dir=tmp_path / "saved")
    out = io.StringIO()
    PlainFront(visit, Lines(io.StringIO("\n".join(answers) + "\n"), out), **kw).run()
    return out.getvalue(), visit


def test_a_whole_visit_in_plain_lines(content, tmp_path):
    said, visit = plain(content, tmp_path, DELAY)
    t = content.text
    assert "本机记下：2026年11月1日 星期日" in said  # what was understood, said back
    assert "根据单号猜测：中通快递" in said
    assert t("plan_today") in said and "95311" in said  # the plan, with the courier's hotline
    assert "已准备 2 / 5 项" in said
    text = said[said.index("投诉文本开始"):said.index("投诉文本结束")]
    assert "订单号：1234567890123456789" in text and "2026年11月20日" in text
    assert re.search(r"案件编号：\w{4}-\w{4}\n密码：\d \d \d \d \d \d", said)
    assert said.rstrip().endswith(t("plain_menu")) and t("goodbye") in said
    assert visit.interview.problem_id is None and visit.case is None  # wiped at the end
    assert not BOXES.search(said) and "\x1b" not in said


def test_a_case_saved_in_plain_mode_opens_again(content, tmp_path):
    said, _ = plain(content, tmp_path, DELAY)
    code = re.search(r"案件编号：(\w{4}-\w{4})", said).group(1)
    pin = re.search(r"密码：(\d(?: \d){5})", said).group(1).replace(" ", "")
    again, visit = plain(content, tmp_path, ["2", code, "000000" if pin != "000000" else "111111"])
    assert "⚠" in again and visit.case is None  # a wrong PIN is said, nothing opens
    again, visit = plain(content, tmp_path, ["2", code.lower().replace("-", ""), pin, "1",
                                             "2", "今天", "说明天补发", "4", "2"])
    assert f"案件 {code} · 派送延误 · 进行中" in again
    assert content.text("plain_recorded") in again
    assert "说明天补发" in again.split(content.text("plain_recorded"))[1]  # in the timeline now
    assert len(visit.store.load(code).events) == 1  # kept: the visit itself ended with the input


def test_question_mark_repeats_and_less_than_goes_back(content, tmp_path):
    said, visit = plain(content, tmp_path, ["1", "2", "?", "<", "3"])
    prompt, problems = content.questions["order_date"].prompt, content.text("problem_prompt")
    first, back, *_ = said.split(problems)[1:]
    assert first.count(prompt) == 2  # asked, then said again for ?
    assert back.count(prompt) == 1  # < : the problem list again, then the new problem's question
    third = list(content.problems.values())[2]
    assert content.text("plain_chosen", label=third.label) in back


def test_a_refused_answer_is_said_and_asked_again(content, tmp_path):
    said, visit = plain(content, tmp_path, ["1", "2", "明年", "abc", "2026年11月1日"])
    assert said.count("⚠") == 2 and "看不懂“明年”" in said
    assert "现在的答案：明年" not in said  # a refused answer is not offered as the one to keep
    assert said.rstrip().endswith("本机记下：2026年11月1日 星期日\n" + content.questions["order_no"].prompt
                                  + "\n" + content.questions["order_no"].hint + "\n" + content.text("plain_answer"))


def test_an_odd_order_number_is_asked_about_once_then_kept_with_enter(content, tmp_path):
    said, visit = plain(content, tmp_path, ["1", "2", "2026年11月1日", "12345678901", "73123456789012", ""])
    assert said.count("你填的是 11 位") == 1 and "现在的答案：12345678901（直接回车保留）" in said
    assert "本机记下：1234 5678 901" in said.split("直接回车保留")[1]
    assert content.text("step_counter", n=3, m=10) in said  # on to the next page


def on_a_pipe(content, tmp_path, idle_after: float, idle_grace: float):
    """The plain mode reading a pipe, in a thread, with short idle times: (the pipe's write
    end, what it says, the visit, the thread)."""
    read, write = os.pipe()
    visit = Visit(content, today=lambda: TODAY, db=tmp_path / "cases")
    out = io.StringIO()
    lines = Lines(os.fdopen(read, "r"), out, warn=lambda n: content.text("plain_idle", n=n))
    runner = threading.Thread(target=PlainFront(visit, lines, idle_after=idle_after, idle_grace=idle_grace).run)
    runner.start()
    return write, out, visit, runner


def wait_for(out, text: str) -> None:
    deadline = time.monotonic() + 10
    while text not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_visitor_who_walks_away_is_wiped(content, tmp_path):
    write, out, visit, runner = on_a_pipe(content, tmp_path, 0.5, 1)
    os.write(write, "1\n2\n2026年11".encode())  # half an answer typed, then nobody
    wait_for(out, content.text("plain_wiped"))
    os.write(write, "月\n".encode())  # the next visitor's first key
    os.close(write)
    runner.join(10)
    said = out.getvalue()
    assert content.text("plain_idle", n=1) in said and content.text("plain_wiped") in said
    assert said.index(content.text("plain_idle", n=1)) < said.index(content.text("plain_wiped"))
    assert visit.interview.problem_id is None and visit.interview.typed == {}
    assert "2026年11月" not in said.split(content.text("plain_wiped"))[1]  # the half answer went too


# --- in a real terminal -------------------------------------------------------------------

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


def _plain_in_tmux(tmp_path, *args: str):
    from tests.test_terminal import Terminal

    env = {"KIOSK_TODAY": "2026-11-26", "KIOSK_SAVE_DIR": str(tmp_path / "saved"), "KIOSK_DB": str(tmp_path / "cases"),
           "KIOSK_CONFIG": str(tmp_path / "config"), "KIOSK_LOG_DIR": str(tmp_path / "logs"), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONPATH": str(ROOT), "KIOSK_PRINTER": ""}
    command = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    # When the kiosk ends the pane says so, and stays to be read.
    command += f" {shlex.quote(sys.executable)} -m tui --plain {' '.join(args)}; echo ENDED $?; sleep 60"
    return Terminal(command)


def _answer_line(t) -> tuple[str, int]:
    """The line the terminal's cursor is on, and the cursor's column."""
    x, y = subprocess.run([*t.tmux, "display-message", "-p", "-t", t.name, "#{cursor_x} #{cursor_y}"],
                          capture_output=True, text=True).stdout.split()
    return t.screen().splitlines()[int(y)], int(x)


@needs_tmux
def test_plain_mode_in_a_terminal_to_a_complaint_text_and_a_case(content, tmp_path):
    from rich.cells import cell_len

    t = _plain_in_tmux(tmp_path, "--demo")
    try:
        t.wait_for("3. 退出（试用）")
        line, x = _answer_line(t)
        assert line.startswith("请输入编号，按回车：") and x == cell_len("请输入编号，按回车：")
        seen = []
        for answer in DELAY[:-2]:  # to the complaint text's menu
            t.type(answer)
            t.keys("Enter")
            time.sleep(0.2)
            seen.append(t.screen(colours=True))
        shown = t.wait_for("投诉文本结束")
        line, x = _answer_line(t)
        assert line.startswith("请输入编号，按回车：") and x == cell_len("请输入编号，按回车：")
        assert re.search(r"案件编号：\w{4}-\w{4}", "".join(seen))
        assert "1. 继续" in shown
        every = "".join(seen)
        assert "\x1b[" not in every  # no colour, no style: nothing but text
        assert not BOXES.search(every)
        t.type("1")
        t.keys("Enter")
        t.wait_for("结束，清除内容")
        t.type("1")
        t.keys("Enter")
        t.wait_for(content.text("goodbye"))
        # The visit is off the terminal and out of its scrollback: the next visitor scrolling
        # back finds no PIN, no answer, no text.
        history = subprocess.run([*t.tmux, "capture-pane", "-p", "-S", "-", "-t", t.name],
                                 capture_output=True, text=True).stdout
        assert not re.search(r"案件编号：\w{4}-\w{4}", history) and "1234567890123456789" not in history
        t.type("3")
        t.keys("Enter")
        assert "ENDED 0" in t.wait_for("ENDED")
    finally:
        t.close()


@needs_tmux
def test_plain_mode_at_a_desk_holds_off_the_quit_keys(tmp_path):
    config = tmp_path / "config"
    env = {**os.environ, "KIOSK_CONFIG": str(config)}
    subprocess.run([sys.executable, "-m", "tui", "staff", "set-passcode", "--stdin"], input="desk-2468\n",
                   text=True, env=env, check=True, cwd=ROOT, capture_output=True)
    t = _plain_in_tmux(tmp_path, "--kiosk")
    try:
        t.wait_for("2. 继续我的案件")
        assert "退出（试用）" not in t.screen()
        t.keys("C-c", "C-\\", "C-z", "C-d")
        time.sleep(1)
        t.type("1")
        t.keys("Enter")
        shown = t.wait_for("发生了什么？")
        assert "ENDED" not in shown  # still the kiosk, at the next question
        t.type("<")
        t.keys("Enter")
        t.wait_for("2. 继续我的案件")
        t.type("!")
        t.keys("Enter")
        t.wait_for("工作人员口令")
        t.type("desk-2468")
        t.keys("Enter")
        t.wait_for("1. 退出本机")
        t.type("1")
        t.keys("Enter")
        assert "ENDED 0" in t.wait_for("ENDED")
    finally:
        t.close()


def test_plain_mode_saves_the_sheet_for_the_staff_without_a_printer(content, tmp_path):
    # To the plan, then 保存为 PDF (no printer here): the sheet waits in the staff's folder,
    # and the visitor is told what to do, never a path.
    said, _ = plain(content, tmp_path, DELAY[:14] + ["3"])
    saved = list((tmp_path / "saved").glob("*.pdf"))
    assert len(saved) == 1 and saved[0].read_bytes().startswith(b"%PDF")
    after = said.split(content.text("print_saving"))[1]
    assert content.text("print_saved", name=saved[0].name).splitlines()[0] in after
    assert str(tmp_path) not in said


def test_enter_after_the_idle_warning_keeps_the_question(content, tmp_path):
    write, out, visit, runner = on_a_pipe(content, tmp_path, 0.4, 3)
    os.write(write, "1\n2\n".encode())
    wait_for(out, "还在使用吗")
    os.write(write, b"\n")  # "按回车继续"
    time.sleep(0.3)
    os.write(write, "2026年11月1日\n".encode())
    time.sleep(0.3)
    os.close(write)
    runner.join(10)
    said = out.getvalue()
    after = said.split("还在使用吗")[1]
    assert content.text("plain_wiped") not in said
    # The Enter only said "still here": the date question took the next line, and nothing
    # was taken as an empty answer.
    assert "⚠" not in after and "本机记下：2026年11月1日 星期日" in after


def test_staff_word_with_a_wrong_passcode_says_so_and_waits_are_said_not_raised(content, tmp_path):
    from tui.store.staff import StaffKeys

    keys = StaffKeys(tmp_path / "config")
    keys.set("desk-2468")
    said, _ = plain(content, tmp_path, ["!", "wrong", "!", "wrong again", "!", "desk-2468", "1"], staff=keys)
    assert content.text("plain_staff_wrong") in said
    assert "秒后再试" in said or "已锁定" in said  # the back-off, said in words
    assert "Traceback" not in said


def test_a_bug_in_the_middle_of_a_visit_is_an_apology_not_a_traceback(content, tmp_path, monkeypatch):
    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(Visit, "plan", broken)
    said, visit = plain(content, tmp_path, DELAY[:14] + ["1", "2"], log_dir=tmp_path / "logs")
    assert content.text("crash_title") in said and "boom" not in said and "Traceback" not in said
    after = said.split(content.text("crash_title"))[1]
    assert content.text("plain_chosen", label=content.text("start")) in after  # on to Welcome, anew
    assert "crash in plain mode" in (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")


def test_a_resumed_case_back_from_its_texts_stays_on_the_texts(content, tmp_path):
    said, _ = plain(content, tmp_path, DELAY)
    code = re.search(r"案件编号：(\w{4}-\w{4})", said).group(1)
    pin = re.search(r"密码：(\d(?: \d){5})", said).group(1).replace(" ", "")
    again, _ = plain(content, tmp_path, ["2", code, pin, "3", "", "1", "2"])  # 看投诉文本, 继续, 再看看
    after = again.split(content.text("finish_no"))[-1]
    assert content.text("step_counter", n=10, m=10) in after and content.text("problem_prompt") not in after
