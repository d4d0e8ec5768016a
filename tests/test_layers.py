"""The domain, the store and printing never import Textual (DESIGN.md, layers)."""

import subprocess
import sys
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent


def _modules(folder: str) -> list[str]:
    return [f"tui.{folder}.{p.stem}" for p in (PACKAGE / folder).glob("*.py") if p.stem != "__init__"]


def test_core_and_store_import_no_textual():
    # The staff's shell commands too: they run on machines (and over SSH) with no terminal UI.
    # Printing too: `kiosk print-sample` and the doctor use it without the UI.
    modules = _modules("core") + _modules("store") + _modules("printing") + ["tui.staff_cli", "tui.doctor", "tui.crash"]
    assert "tui.core.plan" in modules
    code = ";".join(f"import {m}" for m in modules) + ";import sys;print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_module_says_what_it_provides():
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8").lstrip()
        assert source.startswith('"""'), f"{path} has no module docstring"


def test_layer_contracts_hold():
    # pyproject.toml's [tool.importlinter] contracts: core and store import neither Textual nor
    # Rich, the visit no front, the plain mode and printing no Textual — every import read,
    # those inside functions too.
    import shutil

    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is a test dependency (pyproject.toml)"
    done = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and " 0 broken" in done.stdout
