"""A real CUPS print server for the tests: cupsd on a socket of its own, in a temporary
folder, with the cups-pdf virtual printer added by lpadmin, so a job the kiosk sends comes
out as a PDF the tests read back (pdftotext, pdftoppm)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
# cups-pdf reads its settings from /etc/cups/cups-pdf-<name>.conf for a device URI
# cups-pdf:/<name>: the only way to send its output to the test's own folder.
CUPS_PDF_CONF = Path("/etc/cups")


def missing() -> str:
    """Why a real print server cannot run here ("" when it can)."""
    for tool in ("cupsd", "lpadmin", "lp", "lpstat", "pdftotext", "pdftoppm", "gs"):
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            return f"{tool} is not installed (.ci/run installs cups, printer-driver-cups-pdf, poppler-utils)"
    if not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        return "printer-driver-cups-pdf is not installed"
    if os.geteuid() != 0:
        return "cupsd runs its backends as root only when it is root itself"
    return ""


class PrintServer:
    """cupsd in `folder`, reached through CUPS_SERVER=<folder>/cups.sock."""

    def __init__(self, tag: str) -> None:
        # Not under pytest's tmp_path: that is 0700 root, and CUPS's filters run as `lp`.
        folder = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
        self.folder = folder
        self.tag = tag  # tells this server's printers from another test worker's
        self.socket = folder / "cups.sock"
        self.out = folder / "pdf"
        self.spool = folder / "spool"
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket), "LC_ALL": "C", "LANG": "C"}
        self.process: subprocess.Popen | None = None
        self.confs: list[Path] = []

    def start(self) -> None:
        for sub in ("spool/tmp", "cache", "state", "log", "pdf"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o755)
        (self.folder / "cupsd.conf").write_text(
            f"LogLevel warn\nListen {self.socket}\nBrowsing No\nWebInterface No\n"
            # What the deployment guide asks for: no copy of a printed plan stays in the spool.
            "PreserveJobFiles No\nPreserveJobHistory Yes\nMaxJobs 50\nDefaultAuthType None\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        f = self.folder
        (f / "cups-files.conf").write_text(
            f"ServerRoot {f}\nRequestRoot {self.spool}\nTempDir {self.spool}/tmp\nCacheDir {f}/cache\n"
            f"StateDir {f}/state\nErrorLog {f}/log/error_log\nAccessLog {f}/log/access_log\n"
            f"PageLog {f}/log/page_log\nSystemGroup root\n")
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        self.process = subprocess.Popen([cupsd, "-f", "-c", str(f / "cupsd.conf"), "-s", str(f / "cups-files.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if self.socket.exists() and self.run("lpstat", "-r").returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("cupsd did not start: " + (f / "log/error_log").read_text(errors="replace"))

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True, timeout=30)

    def add_pdf_printer(self, name: str) -> str:
        """A cups-pdf printer writing into self.out. Its PDF goes through pdftocairo on the
        way, which keeps the text readable by pdftotext (gs, the default, turns it into
        shapes)."""
        queue = f"{name}_{self.tag}"
        conf = CUPS_PDF_CONF / f"cups-pdf-{queue}.conf"
        conf.write_text(f"Out {self.out}\nAnonDirName {self.out}\nLog {self.folder}/log\nGrp root\nLabel 1\n")
        self.confs.append(conf)
        done = self.run("lpadmin", "-p", queue, "-v", f"cups-pdf:/{queue}", "-P", str(CUPS_PDF_PPD), "-E",
                        "-o", "pdftops-renderer-default=pdftocairo")
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return queue

    def add_failing_printer(self, name: str) -> str:
        """A printer whose filter fails on every job, as a broken driver would."""
        queue = f"{name}_{self.tag}"
        ppd = self.folder / f"{queue}.ppd"
        text = CUPS_PDF_PPD.read_text(encoding="latin-1")
        ppd.write_text(text + '\n*cupsFilter: "application/pdf 0 /bin/false"\n', encoding="latin-1")
        done = self.run("lpadmin", "-p", queue, "-v", f"cups-pdf:/{queue}", "-P", str(ppd), "-E")
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return queue

    def add_network_printer(self, name: str, port: int = 9) -> str:
        """A network printer at 127.0.0.1:`port`. With nothing listening there (port 9) CUPS
        has it enabled but cannot reach it: its backend retries for ever, as with a printer
        switched off or unplugged."""
        queue = f"{name}_{self.tag}"
        done = self.run("lpadmin", "-p", queue, "-v", f"socket://127.0.0.1:{port}", "-P", str(CUPS_PDF_PPD), "-E")
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return queue

    def queued(self) -> str:
        """The jobs CUPS still holds, as lpstat lists them ("" for none)."""
        return self.run("lpstat", "-o").stdout.strip()

    def pdfs(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"), key=lambda p: p.stat().st_mtime)

    def wait_for_pdf(self, before: int, timeout: float = 60) -> Path:
        """The next PDF the printer writes once its job is done (`before`: how many there
        were)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pdfs = self.pdfs()
            if len(pdfs) > before and not self.run("lpstat", "-o").stdout.strip():
                return pdfs[-1]
            time.sleep(0.2)
        raise AssertionError("no PDF came out: " + self.run("lpstat", "-l", "-o").stdout
                             + (self.folder / "log/error_log").read_text(errors="replace")[-2000:])

    def spooled(self) -> list[Path]:
        """Document files CUPS still holds (d<job>-<n>): none once a job is done."""
        return sorted(self.spool.glob("d*"))

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for conf in self.confs:
            conf.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
