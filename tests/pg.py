"""Provides Server: a real PostgreSQL 15 cluster of the tests' own (Debian's postgresql-15),
started as the postgres user when the tests run as root (pg_ctl refuses root), on a socket
in its own folder and a loopback port; stopped and started again to play a server that
goes away."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "test-secret"  # the cluster's superuser, for the password-over-TCP tests


def available() -> bool:
    return (BIN / "initdb").exists() and (os.geteuid() != 0 or shutil.which("runuser") is not None)


def need_server() -> None:
    """Skip where there is no PostgreSQL, unless CI says the tests need it (then fail)."""
    if not available():
        if os.environ.get("KIOSK_TESTS_NEED_PG"):
            pytest.fail("PostgreSQL 15 is not installed (apt-get install postgresql-15)")
        pytest.skip("no PostgreSQL 15 here")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, durable: bool = False) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kiosk-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        pwfile = self.dir / "pw"
        pwfile.write_text(PASSWORD)
        if self.as_root:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth-local=trust",
                  "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8")
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                    "max_connections = 100\nshared_buffers = 128MB\n")
            if not durable:  # the tests' server: nothing it holds needs to survive the machine
                f.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        self.start()

    def _run(self, *argv, check: bool = True) -> subprocess.CompletedProcess:
        argv = [str(a) for a in argv]
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, check=check, capture_output=True, text=True, cwd="/tmp")

    def start(self) -> None:
        self._run(BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "log", "-w", "-t", "30", "start")

    def start_if_stopped(self) -> None:
        if self._run(BIN / "pg_ctl", "-D", self.data, "status", check=False).returncode != 0:
            self.start()

    def stop(self, mode: str = "fast") -> None:
        self._run(BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def psql(self, command: str, db: str = "postgres", user: str = "postgres") -> str:
        out = self._run(BIN / "psql", "-h", self.dir, "-p", self.port, "-U", user, "-d", db, "-At",
                        "-v", "ON_ERROR_STOP=1", "-c", command)
        return out.stdout.strip()

    def dump(self, db: str) -> str:
        """Every row of `db` as pg_dump writes it: what the server keeps, as text."""
        return self._run(BIN / "pg_dump", "-h", self.dir, "-p", self.port, "-U", "postgres", "--data-only",
                         db).stdout

    def url(self, db: str, user: str = "postgres", tcp: bool = False, password: str = "") -> str:
        if tcp:
            who = f"{user}:{password}" if password else user
            return f"postgresql://{who}@127.0.0.1:{self.port}/{db}?sslmode=disable"
        return f"postgresql://{user}@/{db}?host={self.dir}&port={self.port}"

    def psql_file(self, path: Path, db: str = "postgres") -> str:
        return self._run(BIN / "psql", "-h", self.dir, "-p", self.port, "-U", "postgres", "-d", db, "-At",
                         "-v", "ON_ERROR_STOP=1", "-f", path).stdout

    def with_roles(self) -> "Server":
        """deploy/postgres/roles.sql run on this cluster as the guide runs it (once: roles are
        the cluster's), and one desk login and one staff login."""
        if not self.psql("SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_desk'"):
            self.psql_file(Path(__file__).resolve().parent.parent / "deploy" / "postgres" / "roles.sql")
            self.psql("CREATE ROLE desk_k3 LOGIN PASSWORD 'desk-pass' IN ROLE kiosk_desk")
            self.psql("CREATE ROLE staff_a LOGIN IN ROLE kiosk_staff")
        return self

    def new_database(self, owner: str = "postgres") -> str:
        """A fresh, empty database; its name."""
        name = "k" + uuid.uuid4().hex[:12]
        self.psql(f"CREATE DATABASE {name} OWNER {owner}")
        if owner != "postgres":  # as deploy/postgres/roles.sql leaves the database
            self.psql(f"ALTER SCHEMA public OWNER TO {owner}", name)
            self.psql(f"REVOKE TEMPORARY ON DATABASE {name} FROM PUBLIC")
        return name

    def small_disk(self, db: str, table: str, megabytes: int) -> "SmallDisk":
        """`table` of `db` moved onto a disk of its own `megabytes` large (a tmpfs): a full
        server disk, for real."""
        return SmallDisk(self, db, table, megabytes)

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class SmallDisk:
    def __init__(self, server: Server, db: str, table: str, megabytes: int) -> None:
        self.server, self.db, self.table = server, db, table
        self.mount = Path(tempfile.mkdtemp(prefix="kiosk-pg-disk-", dir="/tmp"))
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", self.mount], check=True)
        shutil.chown(self.mount, "postgres", "postgres")
        self.name = "small" + uuid.uuid4().hex[:8]
        server.psql(f"CREATE TABLESPACE {self.name} LOCATION '{self.mount}'")
        server.psql(f"ALTER TABLE {table} SET TABLESPACE {self.name}", db)

    def release(self) -> None:
        self.server.psql(f"ALTER TABLE {self.table} SET TABLESPACE pg_default", self.db)
        self.server.psql(f"DROP TABLESPACE {self.name}")
        subprocess.run(["umount", "-l", self.mount], check=False)
        shutil.rmtree(self.mount, ignore_errors=True)
