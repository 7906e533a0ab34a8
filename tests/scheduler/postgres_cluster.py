"""A private PostgreSQL cluster for fault tests: initdb into a temp dir, the postmaster started as
this test's child on a free port, then stopped (SIGSTOP), resumed, killed (SIGKILL) and restarted
at will. Only processes of this cluster are ever signalled (the postmaster we started and its
children); a shared server is never touched.

Binaries are looked up under /usr/lib/postgresql/*/bin. Without them the tests skip (the reason
is printed at the end of the run) except in CI, where they fail. As root, the server runs as the
`postgres` account (PostgreSQL refuses root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.storage.databases import skip_or_fail


def find_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parent.parent.name.split(".")])
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    """Running or stopped, not a zombie (a dead child not yet reaped by its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


class PrivateCluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="duban-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.postmaster: subprocess.Popen | None = None
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            account = pwd.getpwnam(self.user)
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self._run([str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--no-locale", "--no-sync"])

    def _run(self, args: list[str]) -> None:
        subprocess.run(args, check=True, user=self.user, cwd=self.root, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, timeout: float = 60.0) -> None:
        """Start the postmaster (after a crash it replays its WAL first) and wait until it answers."""
        log = open(self.root / "server.log", "ab")
        self.postmaster = subprocess.Popen(
            [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=60"],
            user=self.user, cwd=self.root, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + timeout
        while True:  # wait on progress: the server accepting a real query
            if self.postmaster.poll() is not None:
                raise AssertionError(f"postgres exited: {(self.root / 'server.log').read_text()[-2000:]}")
            probe = subprocess.run([str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port),
                                    "-t", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if probe.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"postgres did not start within {timeout}s")
            time.sleep(0.05)

    def processes(self) -> list[int]:
        """The postmaster first, then its children (backends, checkpointer, WAL writer…)."""
        pid = self.postmaster.pid
        return [pid, *_children(pid)] if _alive(pid) else []

    def pause(self) -> list[int]:
        """SIGSTOP the postmaster (so it forks nothing new), then every child."""
        os.kill(self.postmaster.pid, signal.SIGSTOP)
        pids = self.processes()
        for pid in pids[1:]:
            os.kill(pid, signal.SIGSTOP)
        return pids

    def resume(self, pids: list[int]) -> None:
        for pid in reversed(pids):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass

    def kill(self, timeout: float = 30.0) -> int:
        """SIGKILL the postmaster and every child at once, as a crash would; wait until all are gone."""
        pids = self.pause()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.postmaster.wait(timeout)
        deadline = time.monotonic() + timeout
        while any(_alive(pid) for pid in pids):
            if time.monotonic() > deadline:
                raise AssertionError(f"postgres processes {pids} outlived SIGKILL")
            time.sleep(0.01)
        return len(pids)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        if self.postmaster is not None and self.postmaster.poll() is None:
            self.resume(self.processes())
            self.postmaster.send_signal(signal.SIGQUIT)  # immediate shutdown
            try:
                self.postmaster.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def require_binaries() -> Path:
    """The PostgreSQL binaries' directory; skips the test (fails it in CI) when there is none."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "postgres").exists():
        skip_or_fail("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
                     "(apt-get install postgresql, or run .ci/run)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            skip_or_fail("running as root and there is no 'postgres' account to run the server")
    return bindir


@contextmanager
def running_cluster(bindir: Path) -> Iterator[PrivateCluster]:
    cluster = PrivateCluster(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def private_postgres():
    with running_cluster(require_binaries()) as cluster:
        yield cluster
