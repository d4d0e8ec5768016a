"""The `kiosk` command's staff side: `kiosk cases` finds the database through --db or
KIOSK_DB and shows counts and storage warnings (naming the damaged file), never an
answer or a note."""

from __future__ import annotations

from tui.cli import main
from tui.store.cases import CaseStore


def _fill(root):
    store = CaseStore(root)
    a, _ = store.create("lost", {"details": "秘密备注"})
    b, _ = store.create("lost", {})
    c, _ = store.create("delay", {})
    store.append_event(a, "seller_contacted", "2026-11-20", "电话 13800000000")
    store.close(b, "resolved", "退款了")
    return a, b, c


def test_cases_with_db_option(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KIOSK_DB", raising=False)
    codes = _fill(tmp_path / "db")
    assert main(["--db", str(tmp_path / "db"), "cases"]) == 0
    out = capsys.readouterr().out
    assert "共 3 个案件" in out
    assert "  open: 2" in out and "  resolved: 1" in out
    assert "  丢件: 2" in out and "  派送延误: 1" in out
    assert "  卖家: 1" in out  # the channel the event was about
    for private in (*codes, "秘密备注", "13800000000", "退款了"):
        assert private not in out


def test_cases_with_kiosk_db_and_a_recovered_file(tmp_path, capsys, monkeypatch):
    root = tmp_path / "from-env"
    a, _, _ = _fill(root)
    # Damage one case file: the store restores the last good copy and leaves a warning.
    path = next((root / "cases").rglob(f"{a}.json"))
    path.write_bytes(b"\x00" * 64)
    assert CaseStore(root).load(a) is not None
    monkeypatch.setenv("KIOSK_DB", str(root))
    assert main(["cases"]) == 0
    out = capsys.readouterr().out
    assert f"案件文件夹 / case folder: {root}" in out
    assert "警告 / warnings (no case codes):" in out and "已损坏" in out
    assert a not in out and a.replace("-", "") not in out


def test_the_case_folder_can_follow_the_command(tmp_path, capsys):
    codes = _fill(tmp_path / "db")
    assert main(["cases", "list", "--db", str(tmp_path / "db")]) == 0
    listed = capsys.readouterr().out
    assert all(code in listed for code in codes)
    assert main(["cases", "--db", str(tmp_path / "db")]) == 0
    out = capsys.readouterr().out
    assert f"case folder: {tmp_path / 'db'}" in out and "共 3 个" in out
    assert main(["--db", str(tmp_path / "db"), "cases", "list"]) == 0  # before it, as before
    listed = capsys.readouterr().out
    assert all(code in listed for code in codes)


def test_cases_on_an_unusable_folder_is_a_message(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["--db", str(tmp_path / "file" / "db"), "cases"]) == 1
    assert "无法使用案件存储" in capsys.readouterr().err


def test_list_and_export_show_codes_and_dates_never_answers_or_pins(tmp_path, capsys):
    import csv
    import io

    codes = _fill(tmp_path / "db")
    assert main(["--db", str(tmp_path / "db"), "cases", "list"]) == 0
    listed = capsys.readouterr().out
    assert all(code in listed for code in codes)
    assert main(["--db", str(tmp_path / "db"), "cases", "export", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["code"] for r in rows} == set(codes)
    assert list(rows[0]) == ["code", "problem", "status", "created", "last", "closed", "kinds", "问题", "状态", "记录过的事"]
    assert {r["code"]: r["kinds"] for r in rows}[codes[0]] == "seller_contacted"
    # Beside each id, the words a spreadsheet user reads.
    said = {r["code"]: (r["问题"], r["状态"], r["记录过的事"]) for r in rows}
    assert said[codes[0]] == ("丢件", "进行中", "联系了卖家")
    assert said[codes[1]] == ("丢件", "已解决", "")
    for private in ("秘密备注", "13800000000", "退款了", "salt", "hash", "pbkdf2"):
        assert private not in out


def test_export_quotes_what_a_spreadsheet_would_run():
    from tui.store.export import cases_csv

    out = cases_csv([{"code": "=HYPERLINK(1)", "problem": "+1", "status": "open", "created": "2026"}])
    assert "'=HYPERLINK(1)" in out and "'+1" in out


def test_purge_command_uses_the_age_given(tmp_path, capsys):
    _fill(tmp_path / "db")
    assert main(["--db", str(tmp_path / "db"), "--save-dir", str(tmp_path / "saved"), "cases", "purge",
                 "--older-than", "180d"]) == 0
    assert "deleted: 0 cases" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "db"), "cases", "purge", "--older-than", "soon"]) == 2


def test_the_kiosk_refuses_to_run_without_a_passcode_unless_asked_for_a_demo(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "config"))
    for argv in ([], ["--kiosk"], ["run"]):
        assert main(argv) == 2
        assert "kiosk staff set-passcode" in capsys.readouterr().err


def test_set_passcode_stores_only_a_private_salted_hash(tmp_path, capsys, monkeypatch):
    import io
    import stat

    from tui.store.staff import StaffKeys

    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "config"))
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "set-passcode", "--stdin"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("前台的口令-2026\n"))
    assert main(["staff", "set-passcode", "--stdin"]) == 0
    stored = (tmp_path / "config" / "staff.json").read_text(encoding="utf-8")
    assert "前台的口令" not in stored and "2026" not in stored and '"salt"' in stored
    assert stat.S_IMODE((tmp_path / "config" / "staff.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "config").stat().st_mode) == 0o700
    assert StaffKeys(tmp_path / "config").check("前台的口令-2026")


def test_cases_on_a_wrong_shaped_index_recovers_instead_of_a_traceback(tmp_path, capsys):
    import json

    from tui.store.cases import CaseStore

    codes = _fill(tmp_path / "db")
    CaseStore(tmp_path / "db").list_cases()  # index.jsonl folded into index.json, then damaged
    (tmp_path / "db" / "index.json").write_text(json.dumps({"cases": {"1": ["not", "a", "row"]},
                                                            "meta": {"1": {"schema": 1}}}), encoding="utf-8")
    (tmp_path / "db" / "index.json.bak").unlink(missing_ok=True)
    assert main(["--db", str(tmp_path / "db"), "cases"]) == 0
    out = capsys.readouterr().out
    assert "共 3 个案件" in out and "重建" in out  # rebuilt from the three case files
    assert not any(code in out for code in codes)
