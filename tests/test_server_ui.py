"""The full-screen kiosk on a server: a case saved while the server is away says so on the
case-saved screen (and its code still scans), and the staff console shows the desk, the
queue and the figures of every desk."""

from __future__ import annotations

import pytest

from tui.store import desk as desk_module
from tui.store.server import ServerStore

from .scan import scan_screen
from .test_cases_ui import save_case, walk_with
from .test_flow import texts
from .test_staff import _into_console


@pytest.fixture
def desk_env(tmp_path, monkeypatch):
    from tui.store.staff import Settings

    monkeypatch.setenv("KIOSK_DESK_DIR", str(tmp_path / "desk"))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "config"))
    monkeypatch.setattr(desk_module, "RETRY_AFTER", 0.0)
    Settings(desk="K3").save(tmp_path / "config")


async def test_a_case_saved_while_the_server_is_away_says_so_and_its_code_scans(make_app, pg_server, desk_env):
    url = pg_server.url(pg_server.new_database())
    app = make_app(db=url)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_with(pilot, "lost")
        pg_server.stop()
        try:
            code, pin = await save_case(pilot)
            assert code.startswith("WK3")
            shown = texts(app.screen)
            assert "连不上中心服务器" in shown and "服务器恢复后自动上传" in shown
            assert scan_screen(app) == [code]  # the note leaves room for the code
        finally:
            pg_server.start()
    assert ServerStore(url, "/tmp").load(code) is None  # not yet: it goes with the next use
    app.visit.store.create("delay", {})
    assert ServerStore(url, "/tmp").load(code).problem == "lost"


async def test_the_console_on_a_server_shows_the_desk_queue_and_every_desks_figures(make_app, staff_keys,
                                                                                   pg_server, desk_env, tmp_path):
    url = pg_server.url(pg_server.new_database())
    for desk in ("A3", "C6"):
        ServerStore(url, tmp_path / desk, desk=desk).create("lost", {})
    app = make_app(db=url, staff=staff_keys)
    async with app.run_test(size=(100, 40)) as pilot:
        await _into_console(pilot, app)
        shown = texts(app.screen)
        assert "共 2 个" in shown and "丢件 2" in shown
        assert "本机编号 K3" in shown and "连接正常" in shown and "待上传 0 条" in shown
        assert "postgres@" in shown and "password" not in shown
