"""The desk as deployed, for real on a headless screen: deploy/bin/desk-session starts sway with
the shipped sway.conf, foot with foot.ini and fcitx5 with pinyin, showing an installed
`kiosk --kiosk`. Keys go in through the compositor (wtype), the screen comes back as foot's
text and as a screenshot (grim) whose every character cell is checked for ink."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .desk import Desk, cell_size, install_kiosk, ink_mismatches, missing_tools

_missing = missing_tools()
pytestmark = pytest.mark.skipif(
    bool(_missing) and not os.environ.get("KIOSK_TESTS_NEED_DESK"),
    reason=f"the desk's programs are not installed ({', '.join(_missing)}; .ci/run installs them)")


@pytest.fixture(scope="session")
def installed_kiosk():
    # Not under pytest's tmp folders: those are readable by root only, and the desk runs as nobody.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-desk-venv-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield install_kiosk(folder / "venv")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def desk(installed_kiosk):
    base = Path(tempfile.mkdtemp(prefix="kiosk-desk-", dir="/tmp"))
    d = Desk(base, installed_kiosk)
    try:
        d.ready()
        yield d
    finally:
        d.close()
        shutil.rmtree(base, ignore_errors=True)


def drawn_whole(d: Desk, name: str) -> str:
    """The screen as text, after checking that the screenshot has ink in every cell that has a
    character and none between spaces."""
    time.sleep(0.5)  # let the last frame settle: text and picture must be the same frame
    text = d.screen()
    png = d.shot(name)
    assert text == d.screen(), "the screen changed while it was being read"
    wrong = ink_mismatches(png, text, cell_size((d.out / "session.log").read_text(errors="replace")))
    assert not wrong, "\n".join(wrong[:20]) + f"\n{text}"
    return text


def test_the_desk_opens_the_kiosk_full_screen_and_draws_every_character(desk, content):
    d = desk
    welcome = d.wait_for(content.text("start"))
    windows = d.windows()
    assert [w["app_id"] for w in windows] == ["wuliu-kiosk"]
    assert windows[0]["fullscreen_mode"] == 1
    # Text as large as the screen allows, and still the kiosk's 80×24 at least.
    lines = welcome.split("\n")
    assert len(lines) >= 24 and max(len(line) for line in lines) >= 80
    assert "窗口太小" not in welcome
    shown = drawn_whole(d, "welcome.png")
    for key in ("app_title", "welcome_heading", "start"):
        assert content.text(key).strip() in shown
    assert "演示" not in shown  # the desk is no demo


def test_keys_and_pinyin_through_the_compositor_walk_to_a_plan(desk):
    d = desk
    d.wait_for("开始")
    d.keys("Return")
    d.wait_for("发生了什么？")
    d.keys("Down", "Return")  # 派送延误
    d.wait_for("订单信息")
    d.type("11-18")
    d.keys("Return")
    d.type("1234567890123456789")
    d.keys("Return")
    d.type("SF1234567890123")
    d.wait_for("顺丰速运")
    d.keys("Return")
    d.wait_for("页面上承诺（或预计）哪天送到？")
    d.type("11-22")
    d.keys("Return")
    d.wait_for("你已经找过谁？")
    d.keys("Return", "Return", "Return")
    d.wait_for("你希望得到什么？")
    d.keys("Control+n")
    assert "Ctrl+空格" in d.wait_for("还有什么要补充的吗？")  # the box says how to type Chinese
    # Pinyin through fcitx5: Ctrl+Space turns it on; foot draws the first candidate at the
    # cursor as the letters come, space takes it into the box. (foot 1.13 can drop a commit
    # sent the instant the preedit arrives: a short pause first, as a person reads it.)
    d.keys("Control+space")
    d.wait(lambda: d.client("fcitx5-remote").strip() == "2", "pinyin on")
    d.type("kuaidi")
    time.sleep(0.3)
    d.keys("space")
    d.wait_for("快递")
    d.type("baoguo")
    time.sleep(0.3)
    d.keys("space")
    d.wait_for("快递包裹")
    d.keys("Control+n")
    d.wait_for("核对你的答案")
    d.keys("Page_Down", "Page_Down")  # the last answers are below the fold
    d.wait_for("快递包裹")
    d.keys("Control+n")
    plan = d.wait_for("今天就可以做")
    assert "12305" in plan or "顺丰" in plan
    drawn_whole(d, "plan.png")
    # The visitor ends the visit with pinyin still on: the next one starts with letters.
    d.keys("Escape", "Escape")  # back to 还有什么要补充的吗？, in its text box
    d.wait_for("还有什么要补充的吗？")
    d.keys("Tab", "Tab", "Return")  # ‹ 上一步, then 清除我的信息
    d.wait_for("要结束吗")
    d.keys("Tab", "Return")
    d.wait_for("开始")
    d.wait(lambda: d.client("fcitx5-remote").strip() == "1", "letters again after the wipe", timeout=5)

def test_no_visitor_key_leaves_the_kiosk_and_a_killed_kiosk_comes_back(desk):
    d = desk
    d.wait_for("开始")
    first, sway = d.kiosk_pid(), d.sway_pid()
    for combo in ("Control+Mod1+F2", "XF86Switch_VT_2", "Mod1+Tab", "Mod4+Shift+e", "Mod4+Return",
                  "Mod4+d", "Control+c", "Control+Shift+n", "Control+z", "Control+backslash"):
        d.keys(combo)
    d.keys("Control+q")
    d.wait_for("管理口令")
    d.keys("Escape")
    shown = d.wait_for("开始")
    assert "管理口令" not in shown
    assert [w["app_id"] for w in d.windows()] == ["wuliu-kiosk"]
    assert d.kiosk_pid() == first, "a key ended the kiosk"
    assert d.sway_pid() == sway, "a key ended the compositor"

    os.kill(first, signal.SIGKILL)
    d.wait(lambda: d.kiosk_pid() != first, "the kiosk started again", timeout=10)
    d.wait_for("开始")
    # The terminal ending: it comes back (sway 1.7 may end too at the next key while fcitx5
    # holds the keyboard; desk-session then starts the whole session again).
    foot = next(w["pid"] for w in d.windows())
    os.kill(foot, signal.SIGTERM)
    time.sleep(0.3)
    d.keys("Tab")
    d.wait(lambda: [w["pid"] for w in d.windows()] not in ([], [foot]), "the terminal opened again", timeout=15)
    d.ready()
    d.wait_for("开始")
    drawn_whole(d, "back.png")


@pytest.mark.skipif(os.getuid() != 0, reason="checks another user's folders: needs root, as staff on the desk")
def test_doctor_as_root_checks_the_desk_users_folders(installed_kiosk, tmp_path):
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run([str(installed_kiosk), "doctor", "--user", "nobody"], capture_output=True, text=True,
                          timeout=120, env={**env, "KIOSK_DB": str(tmp_path / "root-cases")})
    home = os.path.expanduser("~nobody")
    assert f"{home}/.local/share/wuliu-kiosk" in done.stdout, done.stdout + done.stderr
    assert str(tmp_path) not in done.stdout and "/root" not in done.stdout  # none of root's own settings
    assert "staff passcode" in done.stdout and "Traceback" not in done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_unit_is_one_systemd_accepts(tmp_path):
    """deploy/wuliu-kiosk.service as systemd reads it: every key known, every value parsed
    (its ExecStart pointed at this repository's desk-session, which install.sh copies)."""
    import subprocess

    unit = (ROOT / "deploy" / "wuliu-kiosk.service").read_text(encoding="utf-8")
    assert "ExecStart=/usr/local/lib/wuliu-kiosk/desk-session" in unit and "PAMName=login" in unit
    copy = tmp_path / "wuliu-kiosk.service"
    copy.write_text(unit.replace("/usr/local/lib/wuliu-kiosk/desk-session", str(ROOT / "deploy" / "bin" / "desk-session")),
                    encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
