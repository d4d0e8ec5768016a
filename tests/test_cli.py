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
    assert "  lost: 2" in out and "  delay: 1" in out
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
    assert "警告 / warnings:" in out and "已损坏" in out


def test_cases_on_an_unusable_folder_is_a_message(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["--db", str(tmp_path / "file" / "db"), "cases"]) == 1
    assert "无法使用案件文件夹" in capsys.readouterr().err
