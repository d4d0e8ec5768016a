"""Text that is shown is text: terminal sequences, control characters and bidirectional
overrides from a case, the content or a visitor never reach the terminal."""

import pytest

from tui.core.plaintext import plain, plain_tree

TABLE = [
    # (what a file or a paste held, what is shown)
    ("备注\x1b]52;c;SGVsbG8=\x07完", "备注完"),  # OSC 52: writes the clipboard
    ("x\x1b]52;c;SGVsbG8=\x1b\\y", "xy"),  # the same, ended by ST
    ("\x1b]0;假标题\x07订单", "订单"),  # OSC 0: sets the window title
    ("\x1b[2J\x1b[H清屏", "清屏"),  # CSI: clears the screen, moves the cursor
    ("\x1b[31;1m红字\x1b[0m", "红字"),  # colours
    ("\x1b[?1049l离开", "离开"),  # leaves the alternate screen
    ("\x1bc重置", "重置"),  # RIS: resets the terminal
    ("\x1bP1$r\x1b\\后", "后"),  # DCS request
    ("\x9b2J八位", "八位"),  # 8-bit CSI
    ("\x9d0;t\x9c八位", "八位"),  # 8-bit OSC ended by 8-bit ST
    ("响\x07铃", "响铃"),  # BEL alone
    ("退\x08格", "退格"),
    ("空\x00字符", "空字符"),
    ("删\x7f除", "删除"),
    ("C1\x85字符", "C1字符"),
    ("付款\u202e0001\u202c元", "付款0001元"),  # right-to-left override
    ("\u2066隔离\u2069", "隔离"),
    ("Windows\r\n换行", "Windows\n换行"),
    ("旧Mac\r换行", "旧Mac\n换行"),
    ("保留\t制表\n换行", "保留\t制表\n换行"),
    ("全角　空格、中文标点。", "全角　空格、中文标点。"),
    ("[b]不是标记[/b] $x {y}", "[b]不是标记[/b] $x {y}"),
    ("\x1b", ""),
    ("\x1b[", ""),
]


@pytest.mark.parametrize("raw, shown", TABLE)
def test_control_sequences_are_removed_and_text_is_kept(raw, shown):
    assert plain(raw) == shown
    assert plain(plain(raw)) == shown


def test_every_string_of_a_stored_case_is_cleaned():
    doc = {"answers": {"note": "a\x1b[2Jb", "list": ["\x1b]0;t\x07c"]}, "n": 3, "events": [{"note": "\x07d"}]}
    assert plain_tree(doc) == {"answers": {"note": "ab", "list": ["c"]}, "n": 3, "events": [{"note": "d"}]}
