"""The help desk as deployed, started for real on a headless screen: the shipped desk-session
(sway with deploy/desk/sway.conf, foot with foot.ini, fcitx5 with pinyin) running an installed
`kiosk --kiosk`, driven through the compositor with wtype and read back as text and pixels."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .conftest import ROOT

DEPLOY = ROOT / "deploy"
TOOLS = ("sway", "foot", "fcitx5", "fcitx5-remote", "wtype", "grim", "swaymsg", "dbus-run-session")
# The key the tests' copy of foot.ini adds to hand the visible screen to a file (foot's own
# pipe-visible): the one line in which the tests' desk differs from the shipped one.
READ_KEY = "Control+Shift+Mod1+F11"


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def install_kiosk(venv: Path) -> Path:
    """The kiosk installed as deploy/install.sh installs it: a venv of Debian's python3 with
    this repository in it (the tests' own venv may live where the desk's user cannot read)."""
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv / "bin" / "kiosk"


class Desk:
    """One desk session. As root it runs as `nobody` (sway refuses to run as root)."""

    def __init__(self, base: Path, kiosk: Path, today: str = "2026-11-26"):
        self.base = base
        self.out = base / "out"
        self.run_dir = base / "run"
        self.home = base / "home"
        desk, bin_dir = base / "desk", base / "bin"
        shutil.copytree(DEPLOY / "desk", desk)
        shutil.copytree(DEPLOY / "bin", bin_dir)
        for d in (self.out, self.home):
            d.mkdir()
        self.run_dir.mkdir(mode=0o700)
        with open(desk / "foot.ini", "a", encoding="utf-8") as ini:
            ini.write(f'\n[key-bindings]\npipe-visible=[sh -c "cat > {self.out}/screen.new && '
                      f'mv {self.out}/screen.new {self.out}/screen.txt"] {READ_KEY}\n')
        # What the session runs as the kiosk: the installed command, after noting where the
        # session bus is (for fcitx5-remote) and the terminal's size in cells.
        command = bin_dir / "kiosk-under-test"
        command.write_text(
            "#!/bin/sh\n"
            f"echo \"$DBUS_SESSION_BUS_ADDRESS\" > {self.out}/bus\n"
            f"stty size > {self.out}/size\n"
            f"echo $$ >> {self.out}/kiosk-pids\n"
            f"exec env KIOSK_TODAY={today} {kiosk} --kiosk\n", encoding="utf-8")
        command.chmod(0o755)
        from tui.store.staff import StaffKeys

        StaffKeys(self.home / ".config" / "wuliu-kiosk").set("前台口令-2026")
        self.root = os.getuid() == 0
        if self.root:
            subprocess.run(["chown", "-R", "nobody:nogroup", str(base)], check=True)
            base.chmod(0o755)
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "XDG_RUNTIME_DIR": str(self.run_dir),
                    "LANG": "C.UTF-8"}
        session_env = {**self.env, "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1",
                       "WLR_RENDERER": "pixman", "KIOSK_DESK": str(desk), "KIOSK_DESK_BIN": str(bin_dir),
                       "KIOSK_COMMAND": str(command)}
        self.log = open(self.out / "session.log", "wb")
        self.session = subprocess.Popen(
            [*self._as_user(), "env", "-i", *(f"{k}={v}" for k, v in session_env.items()),
             str(bin_dir / "desk-session")],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def ready(self, timeout: float = 60) -> None:
        """Wait for the kiosk's window and the input method. A key sent before sway's seat is
        up ends sway 1.7 (seen here): nothing is typed before this."""
        self.wait(lambda: any(w.get("app_id") == "wuliu-kiosk" for w in self.windows()), "the kiosk's window", timeout)
        self.wait(lambda: (self.out / "bus").exists() and self.client("fcitx5-remote").strip() in ("1", "2"),
                  "fcitx5 running", timeout)

    def _as_user(self) -> list[str]:
        return ["runuser", "-u", "nobody", "--"] if self.root else []

    # -- talking to the session ------------------------------------------------------------

    def client(self, *cmd: str, check: bool = True, timeout: float = 20) -> str:
        """Run a Wayland client (swaymsg, wtype, grim, fcitx5-remote) in the session."""
        socks = sorted(self.run_dir.glob("sway-ipc.*.sock"), key=lambda p: p.stat().st_mtime)
        bus = (self.out / "bus").read_text().strip() if (self.out / "bus").exists() else ""
        env = {**self.env, "WAYLAND_DISPLAY": "wayland-1", "SWAYSOCK": str(socks[-1]) if socks else "",
               "DBUS_SESSION_BUS_ADDRESS": bus}
        done = subprocess.run([*self._as_user(), "env", "-i", *(f"{k}={v}" for k, v in env.items()), *cmd],
                              capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"{cmd} failed: {done.stderr}")
        return done.stdout

    def wait(self, condition, what: str, timeout: float = 30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                got = condition()
            except (OSError, AssertionError, subprocess.SubprocessError):
                got = None
            if got:
                return got
            time.sleep(0.1)
        raise AssertionError(f"{what}: not within {timeout} s; the screen shows:\n{self._last_screen()}\n"
                             f"session log:\n{(self.out / 'session.log').read_text(errors='replace')[-3000:]}")

    def _last_screen(self) -> str:
        path = self.out / "screen.txt"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(never read)"

    def screen(self) -> str:
        """The text foot shows now (its pipe-visible, by the tests' key)."""
        path = self.out / "screen.txt"
        path.unlink(missing_ok=True)
        self.key(READ_KEY)
        self.wait(path.exists, "foot handed over the screen", timeout=10)
        return path.read_text(encoding="utf-8")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        return self.wait(lambda: (lambda s: s if text in s else None)(self.screen()), f"{text!r} shown", timeout)

    def key(self, combo: str) -> None:
        """One key with modifiers, foot's way of writing it: Control+Shift+Mod1+F11."""
        *mods, name = combo.split("+")
        names = {"Control": "ctrl", "Shift": "shift", "Mod1": "alt", "Mod4": "logo"}
        args = [a for m in mods for a in ("-M", names[m])] + ["-k", name] + [a for m in reversed(mods) for a in ("-m", names[m])]
        self.client("wtype", *args)
        time.sleep(0.15)

    def keys(self, *names: str) -> None:
        for name in names:
            self.key(name)
            time.sleep(0.25)  # a person's pace: a key that moves focus lands first

    def type(self, text: str) -> None:
        self.client("wtype", "-d", "20", text)
        time.sleep(0.3)

    def size(self) -> tuple[int, int]:
        rows, cols = (self.out / "size").read_text().split()
        return int(cols), int(rows)

    def sway_pid(self) -> int:
        """The running sway's pid (its IPC socket is named after it)."""
        socks = sorted(self.run_dir.glob("sway-ipc.*.sock"), key=lambda p: p.stat().st_mtime)
        return int(socks[-1].name.split(".")[2])

    def kiosk_pid(self) -> int:
        return int((self.out / "kiosk-pids").read_text().split()[-1])

    def windows(self) -> list[dict]:
        import json

        found = []

        def walk(node):
            if node.get("type") in ("con", "floating_con") and node.get("pid"):
                found.append(node)
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                walk(child)

        walk(json.loads(self.client("swaymsg", "-t", "get_tree", "-r")))
        return found

    def shot(self, name: str) -> Path:
        path = self.out / name
        self.client("grim", str(path))
        return path

    def close(self) -> None:
        try:
            self.client("swaymsg", "exit", check=False, timeout=5)
        except (subprocess.SubprocessError, OSError):
            pass
        try:
            self.session.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        # What outlives the compositor (fcitx5 keeps running without it): every process whose
        # environment names this session's runtime folder, and nothing else.
        marker = f"XDG_RUNTIME_DIR={self.run_dir}".encode()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if marker in (proc / "environ").read_bytes().split(b"\0"):
                    os.kill(int(proc.name), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        self.log.close()


def cell_size(log: str) -> tuple[int, int]:
    """foot's cell in pixels, as it logs it for the window it opened last."""
    import re

    width, height = re.findall(r"cell width=(\d+), height=(\d+)", log)[-1]
    return int(width), int(height)


def ink_mismatches(png: Path, text: str, cell: tuple[int, int], pad: tuple[int, int] = (2, 2)) -> list[str]:
    """Where the picture and the text disagree, cell by cell: a character with no ink (a blank
    glyph, a missing font) or ink where the text has a space. Ink is any pixel clearly apart
    from the cell's own background (its most common colour). `pad`: foot's margin (its default,
    foot.ini leaves it)."""
    from PIL import Image
    from rich.cells import cell_len

    image = Image.open(png).convert("RGB")
    cw, ch = cell
    wrong = []
    for row, line in enumerate(text.split("\n")):
        col, cells = 0, []
        for char in line:
            width = cell_len(char)
            if width:
                x, y = pad[0] + col * cw, pad[1] + row * ch
                box = image.crop((x, y, x + width * cw, y + ch))
                colours = box.getcolors(box.width * box.height)
                ground = max(colours)[1]
                inked = sum(n for n, c in colours if sum(abs(a - b) for a, b in zip(c, ground)) > 30)
                cells.append((col, char, inked))
                col += width
        for i, (col, char, inked) in enumerate(cells):
            if char.strip() and inked == 0:
                wrong.append(f"row {row} col {col}: {char!r} drawn blank")
            # A glyph may reach into the next cell (a CJK font draws • wider than its one
            # cell): ink in a space counts only between two spaces.
            elif (not char.strip() and inked and 0 < i < len(cells) - 1
                  and not cells[i - 1][1].strip() and not cells[i + 1][1].strip()):
                wrong.append(f"row {row} col {col}: ink where the text has a space")
    return wrong
