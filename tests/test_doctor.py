"""`kiosk doctor` in a good environment (a real terminal, everything set) and a bad one
(C locale, the Linux console, no passcode, a folder others can read): ok or problem + fix."""

from __future__ import annotations

import os
import subprocess
import sys

from tui.store.staff import Settings, StaffKeys

from .conftest import ROOT
from .test_terminal import Terminal


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "LC_", "LANG"))}
    env.update({"KIOSK_DB": str(tmp_path / "cases"), "KIOSK_SAVE_DIR": str(tmp_path / "saved"),
                "KIOSK_LOG_DIR": str(tmp_path / "logs"), "KIOSK_CONFIG": str(tmp_path / "config"),
                "PYTHONPATH": str(ROOT)}, **extra)
    return env


def test_doctor_in_a_bad_environment_names_each_problem_and_its_fix(tmp_path):
    (tmp_path / "cases").mkdir(mode=0o755)
    os.chmod(tmp_path / "cases", 0o755)
    run = subprocess.run([sys.executable, "-m", "tui", "doctor"], capture_output=True, text=True, timeout=120,
                         env=_env(tmp_path, LANG="C", LC_ALL="C", TERM="linux"))
    out = run.stdout
    assert run.returncode == 1
    lines = {line.split(":")[0].split(maxsplit=1)[1]: line for line in out.splitlines() if line[:2] in ("ok", "问题")}
    assert lines["UTF-8 locale"].startswith("问题") and "LANG=C.UTF-8" in out
    assert lines["terminal"].startswith("问题") and "cannot draw Chinese" in out
    assert lines["staff passcode"].startswith("问题") and "kiosk staff set-passcode" in out
    assert lines["retention"].startswith("问题") and "kiosk staff set-retention" in out
    assert lines["案件文件夹 / case folder"].startswith("问题") and "chmod 700" in out
    assert lines["content"].startswith("ok")
    assert "Traceback" not in out + run.stderr


def test_doctor_in_a_good_terminal_says_ok(tmp_path):
    StaffKeys(tmp_path / "config").set("right-passcode")
    Settings(retention_days=90, retention_set=True).save(tmp_path / "config")
    for name in ("cases", "saved", "logs"):
        (tmp_path / name).mkdir(mode=0o700)
    env = _env(tmp_path, LANG="C.UTF-8", COLORTERM="truecolor")
    command = "env " + " ".join(f"{k}='{v}'" for k, v in env.items() if k.startswith(("KIOSK_", "LANG", "PYTHON",
                                                                                          "COLORTERM", "PATH")))
    out_file = tmp_path / "doctor.txt"
    term = Terminal(f"{command} {sys.executable} -m tui doctor > {out_file} 2>&1; echo DONE-$?; sleep 30")
    try:
        term.wait_for("DONE-")
        out = out_file.read_text(encoding="utf-8")
    finally:
        term.close()
    for name in ("UTF-8 locale", "terminal colours", "terminal size", "Chinese width", "content",
                 "staff passcode", "retention", "案件文件夹 / case folder", "设置 / config"):
        line = next(line for line in out.splitlines() if f" {name}:" in line)
        assert line.startswith("ok"), line
    assert "80×24" in out and "中 takes 2 cells" in out
