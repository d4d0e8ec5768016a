"""Printing: the sheet as an A4 PDF read back with pdftotext and pdftoppm + zxing-cpp, and a
real CUPS server (cupsd with the cups-pdf printer) that the kiosk prints to — from Pilot and
from tmux — with a stopped, missing and unreachable printer saying so."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from tui.core.dates import format_date
from tui.core.draft import MAX_CHARS
from tui.core.plan import DONE, LATER, SKIPPED, build_plan
from tui.printing import pdf
from tui.printing.sample import SAMPLE_CODE, sample_interview, sample_sheet

from . import cups
from .conftest import CONTENT_DIR, ROOT, TODAY
from .scan import decode
from .walk import walk_to

def _can_render() -> str:
    from tui.printing import PrintError

    try:
        pdf.can_render()
    except PrintError as e:
        return e.detail
    return ""


POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
WHY_NO_SHEET = _can_render() or ("" if POPPLER else "poppler-utils is not installed")
# The sheet needs cairo and a Chinese font; reading it back needs poppler (.ci/run installs
# them all, and fails rather than skips there).
needs_poppler = pytest.mark.skipif(bool(WHY_NO_SHEET) and not os.environ.get("KIOSK_TESTS_NEED_CUPS"),
                                   reason=WHY_NO_SHEET)


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def qr_codes(path: Path, tmp_path: Path, dpi: int = 300) -> list[str]:
    """Every QR code on every page, as a phone would read the paper: rendered at `dpi`,
    decoded without trying inverted codes."""
    prefix = tmp_path / f"page-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(prefix)], check=True)
    found = []
    for png in sorted(tmp_path.glob(f"page-{dpi}-*.png")):
        found += decode(Image.open(png))
    return found


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def print_server():
    """A cupsd of this test worker's own with a cups-pdf printer. Where CUPS cannot run the
    tests skip, except under .ci/run (KIOSK_TESTS_NEED_CUPS=1), where that is a failure."""
    why = cups.missing()
    if why:
        if os.environ.get("KIOSK_TESTS_NEED_CUPS"):
            pytest.fail(f"a real print server is needed: {why}")
        pytest.skip(why)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = cups.PrintServer(tag=f"{worker}_{os.getpid()}")
    server.start()
    server.queue = server.add_pdf_printer("KioskPDF")
    server.broken = server.add_failing_printer("Broken")
    server.gone = server.add_network_printer("Gone")
    yield server
    server.stop()


@pytest.fixture
def cups_env(print_server, monkeypatch):
    """The kiosk's CUPS tools talk to the test's server."""
    monkeypatch.setenv("CUPS_SERVER", str(print_server.socket))
    return print_server


# --- the sheet as PDF ----------------------------------------------------------------------


@needs_poppler
def test_the_sheet_holds_the_plan_numbers_dates_text_and_scannable_codes(content, tmp_path):
    sheet = sample_sheet(content, CONTENT_DIR, TODAY)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf.render(sheet))
    text = pdf_text(path)
    interview = sample_interview(content, CONTENT_DIR, TODAY)
    plan = build_plan(content, interview, TODAY)
    assert "订单号：1234567890123456789" in text
    assert "物流单号：73123456789012（中通快递）" in text
    assert f"案件编号：{SAMPLE_CODE}" in text and "密码不印在纸上" in text
    assert f"打印于 {format_date(TODAY)}" in text
    # Every step's dates, as the plan counts them, and its state.
    for step in plan.steps:
        assert step.channel.name in text
        # A step opened by advice is printed as 建议 <the day before> 之后; the court has only
        # its limitation.
        opens = step.start_on
        if opens and step.state == LATER and step.channel.opens != "law":
            opens = None if step.channel.opens == "any_time" else opens - timedelta(days=1)
        for day in (opens, step.used_on):
            if day:
                assert flat(format_date(day)) in flat(text), f"{step.channel.name}: {format_date(day)}"
    # The ticked evidence is ticked on paper (drawn boxes) and the list is all there.
    for item in interview.problem.evidence:
        assert flat(content.evidence[item]) in flat(text)
    assert "已准备 2 / 5 项" in text
    # The complaint text, whole.
    # Received 3 days ago: the 7-day return is open, so 申请售后 on the order page is today,
    # the first step to take — its text is the one printed.
    assert "投诉文本（写给天猫）" in text
    body = [line for line in sheet.blocks[-1].lines if line.text.strip()]
    assert body and all(flat(line.text) in flat(text) for line in body)
    # Each step still to take has its official page as a code a phone reads off the paper.
    urls = {s.channel.url for s in plan.steps if s.channel.url and s.state not in (DONE, SKIPPED)}
    assert urls and sorted(qr_codes(path, tmp_path)) == sorted(urls)
    assert f"第 1/{pages(path)} 页" in text


@needs_poppler
def test_the_longest_complaint_text_runs_on_to_further_pages_and_nothing_is_cut(content, tmp_path):
    numbered = "".join(f"第{i:04d}句：包裹外箱破损，内件受损，请核实处理。\n" for i in range(400))[:MAX_CHARS]
    last = max(int(n) for n in re.findall(r"第(\d{4})句", numbered))
    sheet = sample_sheet(content, CONTENT_DIR, TODAY)
    from dataclasses import replace

    from tui.core.sheet import Block, Line

    blocks = (*sheet.blocks[:-1], Block(tuple(Line(p) for p in numbered.split("\n")), flows=True,
                                        heading=sheet.blocks[-1].heading))
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf.render(replace(sheet, blocks=blocks)))
    short = tmp_path / "short.pdf"
    short.write_bytes(pdf.render(sheet))
    assert pages(path) >= pages(short) + 2  # 6,000 characters are a few pages of their own
    text = flat(pdf_text(path))
    for i in range(last + 1):
        assert f"第{i:04d}句" in text, f"sentence {i} is missing"
    # Nothing runs past the paper's margins: every word's box is inside the page's.
    html = pdf_text(path, "-bbox")
    page_width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', html))
    left = min(float(x) for x in re.findall(r'xMin="([\d.]+)"', html))
    assert left >= pdf.LEFT - 1 and right <= page_width - pdf.RIGHT + 1


@needs_poppler
def test_a_machine_without_a_chinese_font_says_so(monkeypatch, content):
    from tui.printing import PrintError

    pdf.cjk_font.cache_clear()
    monkeypatch.setattr(pdf.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout="", stderr=""))
    try:
        with pytest.raises(PrintError) as caught:
            pdf.render(sample_sheet(content, CONTENT_DIR, TODAY))
        assert "缺少中文字体" in caught.value.message(content.text)
    finally:
        pdf.cjk_font.cache_clear()


# --- from the kiosk --------------------------------------------------------------------


def message(app) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#error", Static).visual)


async def print_from(pilot, problem_id: str, screen: str) -> None:
    """Walk a problem to `screen` and press 打印 there."""
    await walk_to(pilot, problem_id, screen)
    await pilot.click("#print")


async def wait_until(pilot, done, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < end, f"waited 60 s in vain; says {message(pilot.app)!r}, {pilot.app.prints} printed"
        await pilot.pause(0.2)


async def wait_for_message(pilot, *wanted: str, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        said = message(pilot.app)
        if any(w in said for w in wanted):
            return said
        await pilot.pause(0.2)
    raise AssertionError(f"never said {wanted}; says {message(pilot.app)!r}")


@needs_poppler
async def test_a_visitor_prints_the_plan_and_text_on_the_help_desk_printer(make_app, cups_env, tmp_path):
    server = cups_env
    before = len(server.pdfs())
    app = make_app(printer=server.queue)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "damaged", "plan")
        assert str(app.screen.query_one("#print").label) == "打印"
        await pilot.click("#print")
        said = await wait_for_message(pilot, "打印好了")
        job = re.search(r"任务号 (\S+)）", said).group(1)
        assert job.startswith(server.queue)
        printed = server.wait_for_pdf(before)
    text = pdf_text(printed)
    assert "订单号：1234567890123456789" in text and "物流单号：73123456789012" in text
    assert "2026年11月1日" in flat(text)  # the order date, in the complaint text's facts
    assert "今天就可以做" in text and "投诉文本（写给" in text
    assert any(u.startswith("https://") for u in qr_codes(printed, tmp_path, dpi=200))
    # CUPS keeps no copy of the printed plan (PreserveJobFiles No, as deploy/README.md asks).
    assert server.spooled() == []
    # Nothing of ours was left behind: the PDF went to lp on its standard input.
    saved = tmp_path / "saved"
    assert not saved.exists() or not any(saved.iterdir())


@needs_poppler
async def test_the_case_code_is_printed_and_the_pin_never(make_app, cups_env):
    server = cups_env
    before = len(server.pdfs())
    app = make_app(printer=server.queue)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "delay", "plan")
        await pilot.click("#save-case")
        await pilot.pause()
        code, pin = app.case.code, app.screen.pin
        assert app.screen.query_one("#print")
        await pilot.click("#print")
        await wait_for_message(pilot, "打印好了")
        printed = server.wait_for_pdf(before)
    text = pdf_text(printed)
    assert f"案件编号：{code}" in text
    assert pin not in flat(text)


@needs_poppler
async def test_the_code_slip_prints_the_code_and_pin_large_on_a_sheet_of_its_own(make_app, cups_env, tmp_path):
    server = cups_env
    before = len(server.pdfs())
    app = make_app(printer=server.queue)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "delay", "plan")
        await pilot.click("#save-case")
        await pilot.pause()
        code, pin = app.case.code, app.screen.pin
        # Plain digits beside the box-drawn ones, for whoever does not read those.
        assert str(app.screen.query_one("#case-pin-plain").visual) == "即：" + " ".join(pin)
        await pilot.click("#slip")
        await wait_for_message(pilot, "打印好了")
        printed = server.wait_for_pdf(before)
    text = pdf_text(printed)
    assert "案件编号和密码" in text and " ".join(pin) in text and " ".join(code) in text
    assert "订单号" not in text and "投诉文本" not in text  # nothing of the plan on it
    from tui.core.sheet import build_slip
    from tui.printing import ink

    # Every character of the slip has ink (a blank glyph would pass pdftotext).
    assert ink.blank_on_sheet(build_slip(app.content, code, pin, today=app.today())) == []
    assert not (tmp_path / "saved").exists() or not any((tmp_path / "saved").iterdir())


async def test_without_a_printer_no_code_slip_is_offered(make_app):
    app = make_app(printer="")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "delay", "plan")
        await pilot.click("#save-case")
        await pilot.pause()
        assert not app.screen.query("#slip")  # a slip would be a file holding the PIN
        assert app.screen.query_one("#case-pin-plain")


@needs_poppler
async def test_staff_print_a_sheet_a_visitor_saved_where_there_was_no_printer(make_app, cups_env, staff_keys, tmp_path):
    from .test_staff import _console_text, _into_console

    app = make_app(printer="")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "lost", "plan")
        await pilot.click("#print")
        await wait_for_message(pilot, "已保存为 PDF")
    saved = next((tmp_path / "saved").glob("*.pdf"))
    before = len(cups_env.pdfs())
    app = make_app(printer=cups_env.queue, staff=staff_keys)  # the printer is back
    async with app.run_test(size=(100, 40)) as pilot:
        await _into_console(pilot, app)
        app.screen.query_one("#staff-sheet").value = "1"
        await pilot.click("#staff-sheet-print")
        end = time.monotonic() + 30
        while "已发送到打印机" not in _console_text(app) and time.monotonic() < end:
            await pilot.pause(0.2)
        assert f"{saved.name} 已发送到打印机 {cups_env.queue}" in _console_text(app)
    printed = cups_env.wait_for_pdf(before)
    assert "投诉计划" in pdf_text(printed) or "今天" in pdf_text(printed)


async def test_a_stopped_printer_is_not_sent_the_plan(make_app, cups_env):
    server = cups_env
    server.run("cupsdisable", server.queue)
    try:
        app = make_app(printer=server.queue)
        async with app.run_test(size=(100, 30)) as pilot:
            await walk_to(pilot, "lost", "plan")
            await pilot.click("#print")
            said = await wait_for_message(pilot, "已暂停")
            assert f"打印机“{server.queue}”已暂停，没有发送。请找工作人员。" in said
            assert app.screen.step == "plan"  # the visit goes on
        assert server.run("lpstat", "-o").stdout.strip() == ""  # nothing queued
    finally:
        server.run("cupsenable", server.queue)


async def test_a_job_the_printer_fails_is_reported_and_cancelled(make_app, cups_env, tmp_path):
    app = make_app(printer=cups_env.broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await print_from(pilot, "lost", "plan")
        said = await wait_for_message(pilot, "出了问题", timeout=30)
        assert "这一页没有打出来；它已经取消，不会在你离开后再打出来" in said
        # CUPS keeps a failed job, with the plan in its spool: the kiosk took it out.
        assert cups_env.queued() == "" and cups_env.spooled() == []
    assert "printing (job failed)" in (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")


async def test_a_printer_cups_cannot_reach_is_said_and_its_job_cancelled(make_app, cups_env, tmp_path):
    app = make_app(printer=cups_env.gone)
    async with app.run_test(size=(100, 30)) as pilot:
        await print_from(pilot, "lost", "plan")
        await wait_for_message(pilot, "请到打印机取纸")  # CUPS took it; the printer is enabled
        said = await wait_for_message(pilot, "出了问题", timeout=40)
        assert f"打印机“{cups_env.gone}”出了问题，这一页没有打出来" in said
        # Nothing left to print when the printer comes back with nobody there.
        assert cups_env.queued() == "" and cups_env.spooled() == []
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "printing (job failed)" in log and "cancelled" in log


async def test_the_wipe_cancels_a_sheet_still_waiting_for_its_printer(make_app, cups_env):
    # A printer that takes the connection and then no data, as one busy or jammed: the job
    # stays "printing" in CUPS, and the visit ends before it is out.
    with socket.create_server(("127.0.0.1", 0)) as slow:
        queue = cups_env.add_network_printer("Slow", slow.getsockname()[1])
        app = make_app(printer=queue)
        async with app.run_test(size=(100, 30)) as pilot:
            await print_from(pilot, "lost", "plan")
            await wait_for_message(pilot, "请到打印机取纸")
            assert cups_env.queued() != "" and app.print_jobs  # the plan waits in CUPS's queue
            await pilot.click("#wipe")
            await pilot.pause()
            await pilot.click("#yes")
            end = time.monotonic() + 20
            while cups_env.queued() and time.monotonic() < end:
                await pilot.pause(0.2)
            assert cups_env.queued() == "" and cups_env.spooled() == []
            assert app.print_jobs == set()


async def test_a_printer_that_refuses_jobs_a_missing_one_and_no_spooler_say_so(make_app, cups_env, monkeypatch, tmp_path):
    server = cups_env
    server.run("cupsreject", server.queue)
    try:
        app = make_app(printer=server.queue)
        async with app.run_test(size=(100, 30)) as pilot:
            await walk_to(pilot, "lost", "complaint")
            await pilot.click("#print")
            await wait_for_message(pilot, "不接收打印任务")
    finally:
        server.run("cupsaccept", server.queue)
    app = make_app(printer="NoSuchPrinter")
    async with app.run_test(size=(100, 30)) as pilot:
        await print_from(pilot, "lost", "plan")
        await wait_for_message(pilot, "找不到打印机“NoSuchPrinter”")
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-such.sock"))
    app = make_app(printer=server.queue)
    async with app.run_test(size=(100, 30)) as pilot:
        await print_from(pilot, "lost", "plan")
        said = await wait_for_message(pilot, "打印服务没有运行")
        assert "Traceback" not in said
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "printing (print_no_spooler)" in log and "printing (print_unknown_printer)" in log


@needs_poppler
async def test_without_a_printer_the_sheet_is_saved_as_pdf(make_app, tmp_path):
    app = make_app(printer="")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "damaged", "complaint")
        button = app.screen.query_one("#print")
        assert str(button.label) == "保存为 PDF"
        await pilot.click("#print")
        said = await wait_for_message(pilot, "已保存为 PDF")
    saved = next((tmp_path / "saved").glob("投诉计划-*-damaged.pdf"))
    assert saved.name in said and str(tmp_path) not in said  # the file's name, not the server's path
    assert saved.stat().st_mode & 0o777 == 0o600
    assert "投诉文本（写给" in pdf_text(saved)


@needs_poppler
async def test_a_visit_prints_three_copies_at_most(make_app, tmp_path):
    app = make_app(printer="")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to(pilot, "delay", "plan")
        button = app.screen.query_one("#print")
        for n in range(3):
            await pilot.click("#print")
            # Counted, not read off the message line (which says the same after each copy).
            await wait_until(pilot, lambda: app.prints == n + 1 and not app.printing)
            await wait_for_message(pilot, "已保存为 PDF")
            # A button ignores a click while it still shows the last press (0.2 s): a sheet
            # saved faster than that made the next click miss (the CI flake).
            await wait_until(pilot, lambda: not button.has_class("-active"))
        await pilot.click("#print")
        said = await wait_for_message(pilot, "份")
        assert "已经打印（或保存）了 3 份" in said
        await pilot.click("#wipe")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert app.prints == 0  # the next visitor starts afresh
    assert len(list((tmp_path / "saved").glob("*.pdf"))) == 3


# --- as a person would, in a real terminal ---------------------------------------------


@needs_poppler
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_visitor_in_a_real_terminal_presses_print(tmp_path, cups_env):
    from .test_terminal import kiosk_in_tmux, walk_delay_to_plan

    server = cups_env
    before = len(server.pdfs())
    t = kiosk_in_tmux(tmp_path, "--demo", "--printer", server.queue, CUPS_SERVER=str(server.socket))
    try:
        shown = walk_delay_to_plan(t)
        t.click("打印", shown)
        t.wait_for("打印好了", timeout=60)
        printed = server.wait_for_pdf(before)
    finally:
        t.close()
    text = pdf_text(printed)
    assert "订单号：1234567890123456789" in text and "SF1234567890123" in text
    assert "2026年11月18日" in flat(text) and "顺丰速运客服热线" in flat(text)
    assert "https://sswz.spb.gov.cn" in qr_codes(printed, tmp_path, dpi=200)


# --- staff -----------------------------------------------------------------------------


@needs_poppler
def test_print_sample_writes_the_sheet_and_prints_a_test_page(tmp_path, cups_env):
    out = tmp_path / "sample.pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_TODAY": "2026-11-27"}
    done = subprocess.run([sys.executable, "-m", "tui", "print-sample", "--out", str(out), "--longest"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "订单号：1234567890123456789" in pdf_text(out) and pages(out) >= 5
    before = len(cups_env.pdfs())
    done = subprocess.run([sys.executable, "-m", "tui", "print-sample", "--printer", cups_env.queue],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and f"任务号 {cups_env.queue}-" in done.stdout, done.stderr
    assert SAMPLE_CODE in pdf_text(cups_env.wait_for_pdf(before))
    done = subprocess.run([sys.executable, "-m", "tui", "print-sample", "--printer", "Nope"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "找不到打印机“Nope”" in done.stderr and "Traceback" not in done.stderr


def test_doctor_names_the_printer_its_state_and_the_spool_setting(tmp_path, cups_env):
    from .test_doctor import _env

    conf = tmp_path / "cups"
    conf.mkdir()
    (conf / "cupsd.conf").write_text("LogLevel warn\nPreserveJobFiles No\n")

    def doctor(**extra) -> str:
        env = _env(tmp_path, CUPS_SERVER=str(cups_env.socket), CUPS_SERVERROOT=str(conf), **extra)
        return subprocess.run([sys.executable, "-m", "tui", "doctor"], capture_output=True, text=True, timeout=120,
                              env=env).stdout

    def line(out: str, name: str) -> str:
        return next(row for row in out.splitlines() if f" {name}:" in row)

    out = doctor(KIOSK_PRINTER=cups_env.queue)
    assert line(out, "printer").startswith("ok") and f"{cups_env.queue}: ready" in out
    assert line(out, "printed sheet").startswith("ok")
    assert line(out, "print spool").startswith("ok")
    cups_env.run("cupsdisable", cups_env.queue)
    try:
        out = doctor(KIOSK_PRINTER=cups_env.queue)
        assert line(out, "printer").startswith("问题") and "stopped" in out and f"cupsenable {cups_env.queue}" in out
    finally:
        cups_env.run("cupsenable", cups_env.queue)
    (conf / "cupsd.conf").write_text("LogLevel warn\n")
    out = doctor(KIOSK_PRINTER="Nope")
    assert line(out, "printer").startswith("问题") and "Nope: not in CUPS" in out
    assert line(out, "print spool").startswith("问题") and "PreserveJobFiles No" in out
    # Another print server's setting is not read off this machine's /etc/cups: unknown.
    env = _env(tmp_path, CUPS_SERVER=str(cups_env.socket), KIOSK_PRINTER=cups_env.queue)
    env.pop("CUPS_SERVERROOT", None)
    out = subprocess.run([sys.executable, "-m", "tui", "doctor"], capture_output=True, text=True, timeout=120,
                         env=env).stdout
    spool = line(out, "print spool")
    assert not spool.startswith("ok") and f"CUPS_SERVER={cups_env.socket}" in spool, spool


async def test_the_staff_console_shows_the_printer_and_prints_a_test_page(make_app, cups_env):
    from textual.widgets import Static

    server = cups_env
    before = len(server.pdfs())
    app = make_app(printer=server.queue)

    def shown(widget_id: str) -> str:
        return str(app.screen.query_one(widget_id, Static).visual)

    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")  # demo mode: the console opens without a passcode
        for _ in range(50):
            await pilot.pause(0.1)
            if "可以打印" in shown("#staff-printer"):
                break
        assert shown("#staff-printer") == f"{server.queue}：可以打印。"
        await pilot.click("#staff-test-page")
        for _ in range(100):
            await pilot.pause(0.1)
            if "测试页已发送" in shown("#staff-message"):
                break
        assert f"测试页已发送到 {server.queue}（任务号 {server.queue}-" in shown("#staff-message")
        printed = server.wait_for_pdf(before)
        server.run("cupsdisable", server.queue)
        try:
            await pilot.click("#staff-test-page")
            for _ in range(100):
                await pilot.pause(0.1)
                if "没有打印" in shown("#staff-message"):
                    break
            assert "测试页没有打印：打印机" in shown("#staff-message") and "已暂停" in shown("#staff-message")
            for _ in range(50):
                await pilot.pause(0.1)
                if "已暂停" in shown("#staff-printer"):
                    break
            assert f"cupsenable {server.queue}" in shown("#staff-printer")
        finally:
            server.run("cupsenable", server.queue)
    assert SAMPLE_CODE in pdf_text(printed)
