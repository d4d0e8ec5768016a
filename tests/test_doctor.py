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


def test_doctor_checks_the_desks_terminal_config_and_input_method(tmp_path, monkeypatch):
    import shutil

    import pytest

    from tui.doctor import _desk

    if not (shutil.which("foot") and shutil.which("fcitx5")) and not os.environ.get("KIOSK_TESTS_NEED_DESK"):
        pytest.skip("foot and fcitx5 are not installed (.ci/run installs them)")
    desk = tmp_path / "desk"
    shutil.copytree(ROOT / "deploy" / "desk", desk)
    monkeypatch.setenv("KIOSK_DESK", str(desk))
    checks = {c.name: c for c in _desk()}
    assert checks["terminal config"].ok and checks["Chinese input"].ok
    # The old foot.ini's clipboard guard, which Debian 12's foot 1.13 rejects as a whole file.
    with open(desk / "foot.ini", "a", encoding="utf-8") as ini:
        ini.write("\n[security]\nosc52=disabled\n")
    (desk / "fcitx5" / "profile").write_text("[Groups/0]\nName=Default\nDefaultIM=keyboard-us\n", encoding="utf-8")
    checks = {c.name: c for c in _desk()}
    assert checks["terminal config"].ok is False and "security" in checks["terminal config"].detail
    assert checks["Chinese input"].ok is False and "no pinyin" in checks["Chinese input"].detail
    monkeypatch.setenv("KIOSK_DESK", str(tmp_path / "nowhere"))
    assert [c.ok for c in _desk()] == [None]


def _doctor_lines(env) -> tuple[dict[str, str], str]:
    run = subprocess.run([sys.executable, "-m", "tui", "doctor"], capture_output=True, text=True, timeout=120,
                         env=env)
    lines = {line.split(":")[0].split(maxsplit=1)[1]: line for line in run.stdout.splitlines()
             if line[:2] in ("ok", "问题") or line.startswith("未检查")}
    assert "Traceback" not in run.stdout + run.stderr
    return lines, run.stdout


def test_doctor_on_a_server_checks_schema_role_tls_desk_and_queue(pg_server, tmp_path):
    """A desk pointed at the server as the owner (wrong: the owner may change the schema),
    then as a desk's role, then at a server refusing its password."""
    from tui.store.server import LATEST, ServerStore

    pg_server.with_roles()
    db = pg_server.new_database(owner="kiosk_owner")
    ServerStore(pg_server.url(db, "kiosk_owner"), tmp_path / "owner").close_connection()
    env = _env(tmp_path, LANG="C.UTF-8", KIOSK_DESK_DIR=str(tmp_path / "desk"))
    env["KIOSK_DB"] = pg_server.url(db, "kiosk_owner")
    lines, out = _doctor_lines(env)
    assert lines["server"].startswith("ok") and f"schema {LATEST} of {LATEST}" in lines["server"]
    assert lines["server role"].startswith("问题") and "change the schema True" in lines["server role"]
    assert lines["desk id"].startswith("问题") and "kiosk staff set-desk" in out
    Settings(desk="K3").save(tmp_path / "config")
    env["KIOSK_DB"] = pg_server.url(db, "desk_k3")
    lines, out = _doctor_lines(env)
    assert lines["server role"].startswith("ok") and lines["desk id"].startswith("ok")
    assert lines["upload queue"].startswith("ok")
    env["KIOSK_DB"] = pg_server.url(db, "desk_k3", tcp=True)  # over TCP: a password is asked, none given
    lines, out = _doctor_lines(env)
    assert lines["server"].startswith("问题") and "pg_hba.conf" in out
    env["KIOSK_DB"] = pg_server.url(db, "desk_k3", tcp=True, password="desk-pass")
    lines, out = _doctor_lines(env)  # a password in KIOSK_DB is itself the problem
    assert lines["case store"].startswith("问题") and "desk-pass" not in out
