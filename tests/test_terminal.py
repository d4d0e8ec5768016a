"""The kiosk in a real terminal: tmux at 80×24, keys sent with send-keys, the screen read
with capture-pane — from Welcome to a plan that names 12305."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    def __init__(self, command: str):
        self.name = f"kiosk-test-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own (-L): tests running in parallel never share, start or
        # kill each other's server.
        self.tmux = ["tmux", "-L", self.name]
        subprocess.run([*self.tmux, "-u", "new-session", "-d", "-x", "80", "-y", "24", "-s", self.name, command],
                       check=True)
        # Like a terminal that accepts OSC 52 (foot, xterm with allowWindowOps): an app's copy
        # becomes a paste buffer the next person could paste.
        subprocess.run([*self.tmux, "set-option", "-s", "set-clipboard", "on"], check=True)

    def keys(self, *keys: str, literal: bool = False) -> None:
        # One key at a time, at a person's pace: a key that moves focus must land first.
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, *(["-l"] if literal else []), key], check=True)
            time.sleep(0.3)

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def screen(self, colours: bool = False) -> str:
        flags = ["-p", "-e"] if colours else ["-p"]
        return subprocess.run([*self.tmux, "capture-pane", *flags, "-t", self.name], capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def click(self, label: str, shown: str) -> None:
        """Click the middle of `label` where `shown` (a capture of the screen) has it — with
        the mouse report a terminal sends (SGR, 1-based cells)."""
        from rich.cells import cell_len

        row, line = next((i, line) for i, line in enumerate(shown.splitlines()) if label in line)
        column = cell_len(line[:line.index(label)]) + cell_len(label) // 2
        for end in ("M", "m"):  # press, release
            self.keys(f"\x1b[<0;{column + 1};{row + 1}{end}", literal=True)

    def clipboard(self) -> str:
        """What the kiosk put on the terminal's clipboard (tmux keeps an OSC 52 copy as its
        newest paste buffer; set_clipboard turns that on)."""
        done = subprocess.run([*self.tmux, "show-buffer"], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else ""

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def kiosk_in_tmux(tmp_path, *args: str, **settings: str) -> Terminal:
    """The kiosk in a real terminal (tmux, 80×24); `--demo` unless other arguments are given."""
    env = {"KIOSK_TODAY": "2026-11-26", "KIOSK_SAVE_DIR": str(tmp_path / "saved"), "KIOSK_DB": str(tmp_path / "cases"),
           "KIOSK_CONFIG": str(tmp_path / "config"), "KIOSK_LOG_DIR": str(tmp_path / "logs"),
           "TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8", "PYTHONPATH": str(ROOT), **settings}
    command = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    # Textual draws on stderr: leave it to tmux
    command += f" {shlex.quote(sys.executable)} -m tui " + " ".join(shlex.quote(a) for a in (args or ("--demo",)))
    return Terminal(command)


def walk_delay_to_plan(t: Terminal) -> str:
    """From Welcome to the plan by keys: 派送延误, ordered 11月18日 with a SF Express number,
    promised for 11月22日, nobody contacted yet. Returns the plan as first shown."""
    t.wait_for("开始")
    t.keys("Enter")
    t.wait_for("发生了什么？")
    t.keys("Down", "Enter")  # 派送延误
    t.wait_for("订单信息")
    t.type("11月18日")
    t.keys("Enter")
    t.type("1234567890123456789")
    t.keys("Enter")
    t.type("SF1234567890123")
    t.wait_for("顺丰速运")
    t.keys("Enter")
    t.wait_for("页面上承诺（或预计）哪天送到？")
    t.type("11月22日")
    t.keys("Enter")
    return nobody_contacted_to_plan(t)


def nobody_contacted_to_plan(t: Terminal) -> str:
    """From 你已经找过谁？ to the plan: nobody contacted yet, the usual wishes, nothing to add."""
    t.wait_for("你已经找过谁？")
    t.keys("Enter", "Enter", "Enter")  # the seller, Tmall, the courier: 还没有
    t.wait_for("你希望得到什么？")
    t.keys("C-n")
    t.wait_for("还有什么要补充的吗？")
    t.keys("C-n")
    t.wait_for("核对你的答案")
    t.keys("C-n")
    return t.wait_for("今天就可以做")


@pytest.fixture
def terminal(tmp_path):
    term = kiosk_in_tmux(tmp_path)
    yield term
    term.close()


def test_welcome_to_a_plan_that_names_12305(terminal):
    t = terminal
    t.wait_for("开始")
    t.keys("Enter")
    t.wait_for("发生了什么？")
    t.keys("Enter")  # 物流信息长时间不更新, the first problem
    t.wait_for("订单信息")  # one screen for the order: date, number, tracking number
    t.type("2026年11月1日")
    t.wait_for("本机理解为：2026年11月1日 星期日")
    t.keys("Enter")
    t.type("1234 5678 9012 3456 789")
    t.keys("Enter")
    t.type("73123456789012")
    t.wait_for("中通快递")
    t.keys("Enter")
    t.wait_for("物流信息最后一次更新是哪天？")
    t.type("11月5日")
    t.keys("Enter")
    t.wait_for("你已经找过谁？")  # one screen for the seller, Tmall and the courier
    t.keys("Down", "Enter")  # the seller: 联系过，还没答复
    t.wait_for("哪天联系的？")
    t.type("11月18日")
    t.wait_for("本机理解为：2026年11月18日 星期三")
    t.keys("Enter", "Enter")  # the date, then no note: on to Tmall
    t.keys("Enter")  # Tmall: 还没有, on to the courier
    t.keys("Down", "Down", "Enter")  # the courier: 投诉过，答复不满意
    t.type("11月20日")
    t.wait_for("本机理解为：2026年11月20日 星期五")
    t.keys("Enter")
    t.type("说再等等")
    t.keys("Enter")
    t.wait_for("你希望得到什么？")
    t.keys("C-n")
    t.wait_for("还有什么要补充的吗？")
    t.keys("C-n")
    t.wait_for("核对你的答案")  # checked before the plan
    t.keys("C-n")
    t.wait_for("你的投诉计划")
    # The plan opens on what to do today, in both tracks, then the two timelines side by
    # side: the courier answered badly on 11月20日, so 12305 is open today, and the seller
    # (waited on since 11月18日) is no reason to wait for the Tmall order page.
    shown = t.wait_for("今天就可以做")
    assert "▶ 在天猫订单页投诉或申请平台介入" in shown
    assert "▶ 向 12305 申诉：电话 12305" in shown
    row = next(r for r in shown.splitlines() if "✓ 快递公司" in r)
    assert "购买" not in row and row.split("✓ 快递公司")[0].strip().startswith("✓ 卖家")  # side by side
    assert "▶ 12305  今天" in shown
    assert "第 8 步 / 共 10 步" in shown  # Welcome + 8: the plan is the ninth screen


def test_enter_goes_on_from_every_screen_and_f1_f2_work_in_a_real_terminal(terminal):
    """As someone who knows one key: Enter on every screen from Welcome to the complaint text
    (Ctrl+N only in the 补充 box, where Enter starts a new line); F1 and F2 as a real
    terminal sends them."""
    t = terminal
    t.wait_for("F1 请工作人员帮忙")
    t.keys("Enter")
    t.wait_for("发生了什么？")
    t.keys("Down", "Enter")  # 派送延误
    t.wait_for("订单信息")
    t.keys("F1")
    t.wait_for("已请工作人员")  # the top line, on this screen and the next
    t.type("11月18日")
    t.keys("Enter", "Enter", "Enter")  # the number and the tracking number left empty
    t.wait_for("页面上承诺（或预计）哪天送到？")
    assert "已请工作人员" in t.screen()
    t.type("11月22日")
    t.keys("Enter")
    t.wait_for("你已经找过谁？")
    t.keys("Enter", "Enter", "Enter")
    t.wait_for("你希望得到什么？")
    t.keys("Enter")  # goes on; it does not untick
    t.wait_for("还有什么要补充的吗？")
    t.keys("C-n")
    t.wait_for("核对你的答案")
    t.keys("Enter")
    t.wait_for("今天就可以做")
    t.keys("F2")  # the high-contrast look: the same screen, still working
    t.keys("Enter")
    t.wait_for("证据清单")
    t.keys("Enter")
    shown = t.wait_for("你的投诉文本")
    assert "已请工作人员" in shown and "第 10 步" in shown


def test_qr_codes_decode_from_the_real_terminal_cells(terminal):
    """capture-pane -e gives each cell's glyph and colours; the modules are rebuilt from
    them (▀: upper module = foreground, lower = background) and decoded with zxing-cpp."""
    from .cells import decode_cells

    t = terminal
    t.wait_for("官方渠道")
    t.keys("Tab", "Tab", "Enter")  # 开始 → 继续我的案件 → 官方渠道
    t.wait_for("天猫官方客服")
    time.sleep(0.5)
    assert decode_cells(t.screen(colours=True)) == ["https://consumerservice.taobao.com/online-help"]
    t.keys("Right")
    t.wait_for("12305")
    time.sleep(0.5)
    assert decode_cells(t.screen(colours=True)) == ["https://sswz.spb.gov.cn"]


def test_a_returning_visitor_records_a_step_and_reads_the_next(tmp_path):
    from tui.store.cases import CaseStore

    from .test_case import ANSWERS

    # Saved on 11月26日 (seller contacted 11月25日); the visitor comes back on 11月28日.
    code, pin = CaseStore(tmp_path / "cases").create("no_update", ANSWERS)
    t = kiosk_in_tmux(tmp_path, KIOSK_TODAY="2026-11-28")
    try:
        t.wait_for("继续我的案件")
        t.keys("Tab", "Enter")
        t.wait_for("输入保存案件时拿到的案件编号和密码")
        t.type(code.lower())
        t.wait_for(code.lower())  # what is typed can be read back
        t.keys("Enter")
        t.type(pin)
        shown = t.wait_for("••••••")  # the PIN is masked
        assert pin not in shown
        t.keys("Enter")
        t.wait_for(f"案件 {code}")
        t.wait_for("今天就可以在天猫订单页投诉或申请平台介入。")
        t.keys("Enter")  # 记录进展
        t.wait_for("发生了什么？")
        t.keys("Down", "Down", "Down", "Enter")  # 在天猫订单页投诉了
        t.wait_for("本机理解为：2026年11月28日 星期六")
        t.keys("Enter")
        t.type("订单页物流投诉")
        t.keys("Enter")
        shown = t.wait_for("已在天猫订单页投诉或申请平台介入。")
        assert "建议最多等 3 天" in shown and "答复期限" not in shown  # Tmall's wait is advice
        assert "今天就可以向快递公司投诉" in shown  # the other track, on its own clock
        t.keys("BTab", "End")  # the page, scrolled to the timeline below
        shown = t.wait_for("2026年11月28日 星期六  在天猫订单页投诉了")
        assert "：订单页物流" in shown  # the note, as typed
        assert "◐ 天猫订单页  等答复到 2026年12月1日" in shown
    finally:
        t.close()


def test_delay_with_nothing_done_two_tracks_and_a_text_per_body(tmp_path):
    """派送延误, nothing done yet, on 2026年11月27日: the courier is doable today, 12305 from
    12月5日 (7 days from the next day, then the day after); the purchase track starts today
    too; the 12305 text asks for no refund and the 12315 text names 被投诉人."""
    t = kiosk_in_tmux(tmp_path, KIOSK_TODAY="2026-11-27")
    try:
        shown = walk_delay_to_plan(t)
        assert "▶ 联系卖家" in shown and "▶ 向快递公司投诉：顺丰速运客服热线 95338" in shown
        assert "▶ 快递公司  今天" in shown and "○ 12305  2026年12月5日 起" in shown
        # Not behind 12305 and its 30 days; advice, worded as advice (Nov 27 + 2 + 3 + 3 days).
        assert "○ 12315  建议 2026年12月4日 之后" in shown
        assert "可不做" not in shown.split("▶ 今天可做")[0]
        t.keys("C-n")  # evidence
        t.wait_for("证据清单")
        t.keys("C-n")
        t.wait_for("写给：")
        for _ in range(4):  # from the text back over the three actions (no 扫码带走 at 80×24) to the row of bodies
            t.keys("BTab")
        t.wait_for("›● 卖家")  # the row has the focus: the › is on the body chosen
        t.keys("Left", "Enter")  # round to the last body, 12305, and choose it
        t.wait_for("›● 12305")
        t.keys("Tab", "Enter")  # 复制: outside kiosk mode the text goes to the clipboard (OSC 52)
        t.wait_for("已复制")
        assert "被申诉企业：顺丰速运" in t.clipboard()
        t.keys("Tab", "Enter")  # 保存到文件
        shown = t.wait_for("已保存在本机")
        assert str(tmp_path) not in shown and "/saved" not in shown  # no server path for visitors
        saved = next((tmp_path / "saved").glob("投诉-*.txt")).read_text(encoding="utf-8")
        assert "邮政业用户申诉" in saved and "被申诉企业：顺丰速运" in saved
        assert "退" not in saved and "补发" not in saved
    finally:
        t.close()


def test_in_kiosk_mode_no_visitor_key_ends_it_and_only_the_passcode_opens_the_staff_page(tmp_path):
    from tui.store.staff import StaffKeys

    StaffKeys(tmp_path / "config").set("前台口令-2026")
    t = kiosk_in_tmux(tmp_path, "--kiosk")
    try:
        t.wait_for("开始")
        for key in ("C-c", "C-z", "C-\\", "C-d", "Escape", "C-q", "Escape"):
            t.keys(key)
            time.sleep(0.3)
        t.wait_for("开始")  # still the kiosk, on Welcome
        assert "$" not in t.screen().splitlines()[-1]  # no shell prompt came back
        t.keys("C-q")
        t.wait_for("管理口令")
        t.keys("wrong-one", literal=True)
        t.keys("Enter")
        t.wait_for("口令不对")
        time.sleep(1.2)  # the first wrong one waits a second
        t.keys("前台口令-2026", literal=True)
        t.keys("Enter")
        t.wait_for("管理页面")
        assert "退出本机" in t.screen()
    finally:
        t.close()


def test_kiosk_mode_without_a_passcode_refuses_to_start(tmp_path):
    command = (f"env KIOSK_CONFIG={shlex.quote(str(tmp_path / 'config'))} PYTHONPATH={shlex.quote(str(ROOT))} "
               f"{shlex.quote(sys.executable)} -m tui --kiosk; echo EXIT-$?; sleep 30")
    t = Terminal(command)
    try:
        shown = t.wait_for("EXIT-2")
        assert "kiosk staff set-passcode" in shown and "kiosk --demo" in shown and "Traceback" not in shown
    finally:
        t.close()


def test_in_kiosk_mode_the_complaint_text_reaches_no_clipboard(tmp_path):
    """On a terminal that takes OSC 52, a visitor's text copied in kiosk mode — the text box's
    own 全选 + Ctrl+C, as there is no 复制 button — never lands on the terminal's clipboard,
    where the next visitor could paste it."""
    from tui.store.staff import StaffKeys

    StaffKeys(tmp_path / "config").set("前台口令-2026")
    t = kiosk_in_tmux(tmp_path, "--kiosk", KIOSK_TODAY="2026-11-27")
    try:
        walk_delay_to_plan(t)
        t.keys("C-n")
        t.wait_for("证据清单")
        t.keys("C-n")
        shown = t.wait_for("写给：")
        assert "复制" not in shown and "保存到文件" in shown
        t.keys("F7", "C-c")  # select all in the text box, copy
        time.sleep(1)
        assert t.clipboard() == ""
        # Pasted inside the box it still works: the copy stays in the app. (Saved to show it.)
        t.keys("Right", "C-v", "BTab", "BTab", "Enter")  # after the selection; 按答案重新生成, 保存到文件
        t.wait_for("已保存在本机")
        saved = next((tmp_path / "saved").glob("投诉-*.txt")).read_text(encoding="utf-8")
        assert saved.count("物流单号：SF1234567890123") == 2, saved
    finally:
        t.close()
