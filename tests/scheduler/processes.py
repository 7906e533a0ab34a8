"""Running `python -m scheduler.run` as a real subprocess, and reading what it delivered."""

from __future__ import annotations

import json
import os
import random
import select
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def spawn(db_url: str, notifier_file: Path, *extra: str, worker: str | None = None) -> subprocess.Popen:
    args = [sys.executable, "-m", "scheduler.run", "--db", db_url, "--notifier-file", str(notifier_file),
            "--no-migrate", *extra]
    if worker:
        args += ["--worker", worker]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen, timeout: float = 10) -> tuple[str, str]:
    if process.poll() is None:
        process.terminate()
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def wait_until(predicate, timeout: float, interval: float = 0.05, what: str = "condition") -> None:
    """Poll with a bounded timeout (waiting on another process, not sleeping through a test)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def wait_for_line(process: subprocess.Popen, prefix: str, timeout: float) -> str:
    """Read the process's stdout until a line starts with `prefix` (bounded by `timeout`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"process exited before '{prefix}': {process.communicate()}")
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no '{prefix}' line within {timeout}s")


def deliveries(notifier_file: Path) -> list[dict]:
    if not notifier_file.exists():
        return []
    return [json.loads(line) for line in notifier_file.read_text().splitlines() if line.strip()]


def crash_seed(announce: bool = True) -> int:
    """The seed of a fault test's random moments: DUBAN_CRASH_SEED replays a run; printed
    (pytest shows it with a failure) unless the caller reports it itself."""
    seed = int(os.environ.get("DUBAN_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    if announce:
        print(f"\nDUBAN_CRASH_SEED={seed}")
    return seed


def follow(process: subprocess.Popen, seconds: float) -> None:
    """Let a process run for `seconds` (a fault's duration, not a synchronisation); it must not exit."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return
    raise AssertionError(f"process exited with {process.returncode}: {process.communicate()}")
