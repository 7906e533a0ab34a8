"""Scheduler benchmark: sweeps and confirmations with many open obligations, SQLite and PostgreSQL.

    .venv/bin/python bench/scheduler.py                      # 10k, 100k, 1M on SQLite (+ PostgreSQL, see below)
    .venv/bin/python bench/scheduler.py --sizes 10000 --backends sqlite

PostgreSQL runs when `--pg-url` or DUBAN_BENCH_PG_URL (else DUBAN_TEST_PG_URL) names a server;
the bench creates and drops databases of its own there.

For each backend and size it seeds N open obligations fast (bulk inserts; COPY on PostgreSQL),
each with its next nudge slot in the outbox as the app keeps it, and among them a few sets of
1,000 monthly report items whose prompt falls due on one morning (a Monday morning in a big
office: every item of a set due at 09:00). Then:
  1. one sweep of 1,000 due slots (median over the sets, each on its own morning): total time,
     ms per slot, SQL statements in the claim transaction of each batch and per message sent
     (a SQLAlchemy `before_cursor_execute` listener; BEGIN not counted), and the longest the
     event loop stood still (a 1 ms heartbeat runs beside the sweep);
  2. start → ready of a real `python -m scheduler.run` process (migrate check, catch-up of 100
     due slots, arm) and its peak RSS.
Then, per backend, 10,000 pending obligations of one speech are confirmed: in one transaction
(`scheduler.service.confirm_speech`) and in chunks (`scheduler.confirming.confirm_in_chunks`, what
the bot's 确认 does), with the total time and the longest write transaction.

Targets (issue 12): ≤ 1 ms per due slot on SQLite, ≤ 2 ms on PostgreSQL; a constant number of
statements per batch (≤ 3); a sweep of 1,000 due slots ≤ 1.5 s and flat from 10k to 1M; confirming
10,000 ≤ 5 s with no write transaction over 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, event, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from extraction.model import Every, TimeBox, Within  # noqa: E402
from scheduler import service  # noqa: E402
from scheduler.clock import FakeClock  # noqa: E402
from scheduler.policy import Subject, resolve_due, slots  # noqa: E402
from scheduler.sweeper import Sweeper  # noqa: E402
from storage import outbox  # noqa: E402
from storage.db import make_engine, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import ChatSequence, Nudge, Obligation, OwnerBinding, Speech  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 10, tzinfo=SH)  # when the obligations were confirmed (a Monday)
MORNINGS = [date(2026, 3, 9) + timedelta(days=k) for k in range(5)]  # Mon–Fri: one due set each
DUE = 1000  # slots due on each morning
CHAT = -100999
OWNERS = 500
CONFIRM_N = 10_000
CHUNK = 50_000  # rows per bulk insert while seeding


# ------------------------------------------------------------------ measuring

@dataclass
class Tally:
    """SQL statements and write transactions seen by an engine (listeners added once)."""

    statements: int = 0
    phase: str = "other"  # what the statements are counted under
    by_phase: dict[str, int] = field(default_factory=dict)
    transactions: list[float] = field(default_factory=list)  # seconds each transaction was open
    _opened: dict[int, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, engine: Engine) -> Tally:
        @event.listens_for(engine, "before_cursor_execute")
        def _count(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("BEGIN"):
                return  # SQLite's BEGIN IMMEDIATE: transaction control, not work
            with self._lock:
                self.statements += 1
                phase = getattr(_PHASE, "name", self.phase)
                self.by_phase[phase] = self.by_phase.get(phase, 0) + 1

        @event.listens_for(engine, "begin")
        def _begin(conn):
            self._opened[id(conn)] = time.perf_counter()

        def _end(conn):
            began = self._opened.pop(id(conn), None)
            if began is not None:
                self.transactions.append(time.perf_counter() - began)

        event.listen(engine, "commit", _end)
        event.listen(engine, "rollback", _end)
        return self

    def reset(self) -> None:
        with self._lock:
            self.statements, self.by_phase, self.transactions = 0, {}, []


_PHASE = threading.local()  # the phase of the statements run by this thread


@contextmanager
def phase(name: str) -> Iterator[None]:
    _PHASE.name = name
    try:
        yield
    finally:
        del _PHASE.name


class NullNotifier:
    """Sends nothing, instantly: what is measured is the scheduler's own cost."""

    def __init__(self) -> None:
        self.messages = 0

    async def send(self, message) -> int:
        self.messages += 1
        return self.messages


# ------------------------------------------------------------------ seeding

def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _base_templates() -> list[tuple[dict, datetime, object]]:
    """Deadline items confirmed at START whose first nudge comes after every due morning."""
    last_morning = datetime.combine(MORNINGS[-1], datetime.max.time(), SH)
    templates = []
    for days in range(40, 100):
        box = TimeBox("deadline", 0, 0, within=Within(days, "day"))
        due_at = resolve_due(box, START.astimezone(UTC)).at
        first = next(iter(slots(Subject("deadline", box, START.date(), START.astimezone(UTC), due_at))))
        assert first.planned_at > last_morning, first
        templates.append((box.to_json(), due_at, first))
    return templates


def _due_template(morning: date) -> tuple[dict, object]:
    """A monthly report item (每月N日) whose first prompt is at 09:00 on `morning`."""
    box = TimeBox("recurring", 0, 0, every=Every(1, "month", day_of_month=morning.day))
    first = next(iter(slots(Subject("recurring", box, START.date(), START.astimezone(UTC)))))
    assert first.planned_at == datetime.combine(morning, datetime.min.time(), SH).replace(hour=9), first
    return box.to_json(), first


def due_ids(n: int) -> list[list[int]]:
    """The obligation ids of each morning's due set, spread evenly over the table."""
    total = DUE * len(MORNINGS)
    if n < total:
        raise SystemExit(f"need at least {total:,} obligations")
    picked = [1 + (k * n) // total for k in range(total)]
    return [picked[m::len(MORNINGS)] for m in range(len(MORNINGS))]


def build(url: str, n: int) -> None:
    """N open obligations of one chat, ids 1…N, each with its next slot; the due sets among them."""
    upgrade(url)
    engine = make_engine(url)
    templates = _base_templates()
    due_of = {ob: m for m, ids in enumerate(due_ids(n)) for ob in ids}
    due_templates = [_due_template(m) for m in MORNINGS]
    start_utc = START.astimezone(UTC)
    with transaction(engine) as s:
        s.add(Speech(id=1, chat_id=CHAT, sha256="b" * 64, text="基准测试讲话", received_at=start_utc,
                     reference_date=START.date(), confirmed_at=start_utc))
        s.add(ChatSequence(chat_id=CHAT, last_number=n))
        s.flush()
        s.execute(insert(OwnerBinding), [{"chat_id": CHAT, "owner": f"单位{k}", "user_id": 10_000 + k,
                                          "created_at": start_utc} for k in range(OWNERS)])

    def rows(first: int, last: int):
        obligations, nudges = [], []
        for i in range(first, last + 1):
            if i in due_of:
                box, slot = due_templates[due_of[i]]
                kind, due_at = "recurring", None
            else:
                box, due_at, slot = templates[i % len(templates)]
                kind = "deadline"
            obligations.append({
                "id": i, "speech_id": 1, "chat_id": CHAT, "seq": i, "number": i, "span_start": 0, "span_end": 10,
                "quote": f"单位{i % OWNERS}要按期完成整改任务", "kind": kind, "owner": f"单位{i % OWNERS}",
                "action": "完成整改任务", "expression": "", "timebox": box, "status": "open",
                "started_at": start_utc, "due_at": due_at, "calendar_confirmed": True, "replans": 0,
                "planned_through": slot.planned_at, "created_at": start_utc, "confirmed_at": start_utc})
            nudges.append({"id": i, "obligation_id": i, "slot": slot.key, "purpose": slot.purpose,
                           "planned_at": slot.planned_at, "data": slot.data, "attempts": 0})
        return obligations, nudges

    if engine.dialect.name == "postgresql":
        _copy_rows(engine, n, rows)
    else:
        for first in range(1, n + 1, CHUNK):
            obligations, nudges = rows(first, min(n, first + CHUNK - 1))
            with engine.begin() as connection:
                connection.execute(insert(Obligation), obligations)
                connection.execute(insert(Nudge), nudges)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for table in ("obligation", "nudge", "speech", "owner_binding"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
            connection.execute(text("ANALYZE"))
        else:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()


def _copy_rows(engine: Engine, n: int, rows: Callable) -> None:
    """PostgreSQL: COPY the rows in (far faster than INSERTs for a million)."""
    ob_cols = ["id", "speech_id", "chat_id", "seq", "number", "span_start", "span_end", "quote", "kind", "owner",
               "action", "expression", "timebox", "status", "started_at", "due_at", "calendar_confirmed", "replans",
               "planned_through", "created_at", "confirmed_at"]
    nu_cols = ["id", "obligation_id", "slot", "purpose", "planned_at", "data", "attempts"]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for first in range(1, n + 1, CHUNK):
            obligations, nudges = rows(first, min(n, first + CHUNK - 1))
            for table, cols, values in (("obligation", ob_cols, obligations), ("nudge", nu_cols, nudges)):
                with cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row([_json(row[c]) if c in ("timebox", "data") and row[c] is not None
                                        else row[c] for c in cols])
        raw.commit()
    finally:
        raw.close()


# ------------------------------------------------------------------ sweeps

async def sweep_with_heartbeat(sweeper: Sweeper):
    """Sweep while a heartbeat ticks every millisecond; returns (result, seconds, longest gap between beats)."""
    gaps, last = [0.0], [time.perf_counter()]

    async def heartbeat():
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

    beating = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.005)
    began = time.perf_counter()
    result = await sweeper.sweep()
    took = time.perf_counter() - began
    gaps.append(time.perf_counter() - last[0])  # the gap still open when the sweep returned
    beating.cancel()
    return result, took, max(gaps)


@dataclass
class SweepFigures:
    seconds: float  # median sweep of DUE slots
    claim_statements: float  # in the claim transaction of a batch (the most of any batch)
    other_statements: float  # per message
    batches: int
    stall: float
    unsettled: int
    plan: str


def measure_sweeps(url: str, batch: int) -> SweepFigures:
    engine = make_engine(url)
    tally = Tally().attach(engine)
    times, stalls, claims, others, batches = [], [], [], [], []
    for morning in MORNINGS:
        now = datetime.combine(morning, datetime.min.time(), SH).replace(hour=9, minute=30)
        sweeper = Sweeper(engine, NullNotifier(), FakeClock(now), worker="bench", batch=batch)
        claim = sweeper._claim
        per_claim: list[int] = []  # statements of each claim transaction that found work

        def claiming(result, claim=claim, per_claim=per_claim):
            before = tally.by_phase.get("claim", 0)
            with phase("claim"):
                found = claim(result)
            if found is not None:
                per_claim.append(tally.by_phase.get("claim", 0) - before)
            return found

        sweeper._claim = claiming  # type: ignore[method-assign]
        tally.reset()
        result, took, stall = asyncio.run(sweep_with_heartbeat(sweeper))
        if result.messages != DUE:
            raise SystemExit(f"expected {DUE} messages on {morning}, got {result}")
        times.append(took)
        stalls.append(stall)
        batches.append(len(per_claim))
        claims.append(max(per_claim))
        others.append(tally.by_phase.get("other", 0) / result.messages)
    at = datetime.combine(MORNINGS[0], datetime.min.time(), SH).replace(hour=9, minute=30)
    compiled = outbox.due_query(at, batch).compile(dialect=engine.dialect)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            params = tuple(str(compiled.params[name]) for name in compiled.positiontup)
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)
            plan = " | ".join(str(row[-1]) for row in rows)
        else:
            literal = outbox.due_query(at.astimezone(UTC), batch).compile(
                dialect=engine.dialect, compile_kwargs={"literal_binds": True})
            rows = connection.exec_driver_sql("EXPLAIN " + str(literal))
            plan = " | ".join(str(row[0]).strip() for row in rows)
        unsettled = connection.execute(select(func.count()).select_from(Nudge).where(outbox.UNSETTLED)).scalar()
    engine.dispose()
    return SweepFigures(statistics.median(times), statistics.median(claims), statistics.median(others),
                        max(batches), max(stalls[1:] or stalls), unsettled or 0, plan)


def add_start_slots(url: str) -> datetime:
    """100 slots due just before the start measurement's "now" (on items not otherwise due then)."""
    engine = make_engine(url)
    at = datetime.combine(MORNINGS[0], datetime.min.time(), SH).replace(hour=8, minute=40)
    with transaction(engine) as s:
        total = s.execute(select(func.max(Obligation.id))).scalar() or 0
        s.execute(insert(Nudge), [
            {"obligation_id": 2 + k * (total // 100), "slot": "bench:start", "purpose": "overdue",
             "planned_at": at.astimezone(UTC), "attempts": 0} for k in range(100)])
    engine.dispose()
    return at + timedelta(minutes=5)


def measure_start(url: str) -> tuple[float, float]:
    """Spawn the real scheduler; return (seconds to 'ready', peak RSS in MB)."""
    sim_now = add_start_slots(url)
    sent = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    args = [sys.executable, "-m", "scheduler.run", "--db", url, "--notifier-file", str(sent),
            "--fake-clock-speed", "1", "--sim-epoch", sim_now.isoformat()]
    began = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    ready = time.perf_counter() - began
    process.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    delivered = len(sent.read_text().splitlines())
    sent.unlink()
    if not line.startswith("ready") or delivered != 100:
        raise SystemExit(f"scheduler did not start properly: {line!r}, delivered {delivered}")
    return ready, usage.ru_maxrss / 1024


# ------------------------------------------------------------------ confirmation

def seed_pending(url: str, n: int) -> int:
    """One speech with `n` pending items of several kinds; returns its id."""
    upgrade(url)
    engine = make_engine(url)
    at = START.astimezone(UTC)
    boxes = [
        ("deadline", TimeBox("deadline", 0, 0, within=Within(10, "day"))),
        ("deadline", TimeBox("deadline", 0, 0, within=Within(5, "workday"))),
        ("deadline", TimeBox("deadline", 0, 0, due=date(2026, 4, 30))),
        ("recurring", TimeBox("recurring", 0, 0, every=Every(1, "month", day_of_month=10), before=True)),
        ("on_event", TimeBox("on_event", 0, 0, within=Within(3, "day"), event="会议结束")),
        ("on_event", TimeBox("on_event", 0, 0, within=Within(5, "day"), event="收到通知")),
    ]
    with transaction(engine) as s:
        speech = Speech(chat_id=CHAT + 1, sha256="c" * 64, text="确认基准讲话", received_at=at,
                        reference_date=START.date())
        s.add(speech)
        s.add(ChatSequence(chat_id=CHAT + 1, last_number=n))
        s.flush()
        speech_id = speech.id
        s.execute(insert(Obligation), [
            {"speech_id": speech_id, "chat_id": CHAT + 1, "seq": i, "number": i + 1, "span_start": 0, "span_end": 10,
             "quote": f"单位{i % OWNERS}要按期完成第{i}项任务", "kind": boxes[i % len(boxes)][0],
             "owner": f"单位{i % OWNERS}", "action": f"完成第{i}项任务", "expression": "",
             "timebox": boxes[i % len(boxes)][1].to_json(), "status": "pending", "calendar_confirmed": True,
             "replans": 0, "created_at": at} for i in range(n)])
    engine.dispose()
    return speech_id


def measure_confirm(url: str, chunked: bool) -> tuple[float, float, int]:
    """(seconds to confirm CONFIRM_N items, the longest write transaction, slots planned)."""
    speech_id = seed_pending(url, CONFIRM_N)
    engine = make_engine(url)
    tally = Tally().attach(engine)
    at = (START + timedelta(days=1)).astimezone(UTC)
    began = time.perf_counter()
    if chunked:
        from scheduler.confirming import confirm_in_chunks

        confirm_in_chunks(engine, speech_id, at=at, by=7)
    else:
        with transaction(engine) as s:
            service.confirm_speech(s, speech_id, at=at, by=7)
    took = time.perf_counter() - began
    with transaction(engine) as s:
        planned = s.execute(select(func.count()).select_from(Nudge)).scalar() or 0
        opened = s.execute(select(func.count()).select_from(Obligation).where(Obligation.status == "open")).scalar()
    engine.dispose()
    if opened != CONFIRM_N:
        raise SystemExit(f"confirmed {opened} of {CONFIRM_N}")
    return took, max(tally.transactions), planned


# ------------------------------------------------------------------ databases

class Backend:
    def __init__(self, name: str, workdir: Path, pg_url: str | None):
        self.name, self.workdir, self.pg_url = name, workdir, pg_url
        self._made: list[str] = []

    def fresh(self, label: str) -> str:
        if self.name == "sqlite":
            path = self.workdir / f"{label}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            return f"sqlite:///{path}"
        assert self.pg_url is not None
        name = f"duban_bench_{label}_{os.getpid()}"
        admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self._made.append(name)
        return make_url(self.pg_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if self.name != "postgresql" or not self._made:
            return
        admin = create_engine(self.pg_url or "", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self._made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        self._made.clear()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default=os.environ.get("DUBAN_BENCH_PG_URL") or os.environ.get("DUBAN_TEST_PG_URL"))
    parser.add_argument("--batch", type=int, default=100, help="slots claimed per batch (the sweeper's default)")
    parser.add_argument("--no-start", action="store_true", help="skip the start → ready measurement")
    parser.add_argument("--no-confirm", action="store_true", help="skip the confirmation figures")
    parser.add_argument("--dir", default=None, help="where to put SQLite databases (default: a temp dir)")
    args = parser.parse_args()
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="duban-bench-"))
    backends = [b for b in args.backends if b == "sqlite" or args.pg_url]
    if "postgresql" in args.backends and not args.pg_url:
        print("PostgreSQL skipped: set DUBAN_BENCH_PG_URL or DUBAN_TEST_PG_URL (or pass --pg-url)")
    print(f"scheduler bench, {load()}")
    out = io.StringIO()
    limits = {"sqlite": 1.0, "postgresql": 2.0}
    for name in backends:
        backend = Backend(name, workdir, args.pg_url)
        try:
            rows = []
            for n in args.sizes:
                url = backend.fresh(f"sweep{n}")
                began = time.perf_counter()
                build(url, n)
                built = time.perf_counter() - began
                figures = measure_sweeps(url, args.batch)
                ready, rss = (None, None) if args.no_start else measure_start(url)
                rows.append((n, built, figures, ready, rss))
                print(f"{name}: seeded {n:,} open obligations in {built:.1f}s; sweep of {DUE:,} due: "
                      f"{figures.seconds * 1000:.0f} ms ({load()})", flush=True)
                if name == "postgresql":
                    backend.drop_all()
            out.write(f"\n{name}: a sweep of {DUE:,} due slots (batches of {args.batch}, median of "
                      f"{len(MORNINGS)} mornings)\n")
            out.write(f"{'open obligations':>17} | {'sweep':>8} | {'per slot':>9} | {'claim stmts/batch':>17} | "
                      f"{'stmts/message':>13} | {'loop stall':>10} | {'start→ready':>11} | {'peak RSS':>8}\n")
            for n, _, f, ready, rss in rows:
                start = f"{ready:>10.2f}s" if ready is not None else f"{'—':>11}"
                memory = f"{rss:>5.0f} MB" if rss is not None else f"{'—':>8}"
                out.write(f"{n:>17,} | {f.seconds * 1000:>5.0f} ms | {f.seconds / DUE * 1000:>6.2f} ms | "
                          f"{f.claim_statements:>17.1f} | {f.other_statements:>13.2f} | "
                          f"{f.stall * 1000:>7.1f} ms | {start} | {memory}\n")
            per_slot = [f.seconds / DUE * 1000 for _, _, f, _, _ in rows]
            flat = max(f.seconds for _, _, f, _, _ in rows) / min(f.seconds for _, _, f, _, _ in rows)
            out.write(f"  per slot ≤ {limits[name]:.0f} ms: worst {max(per_slot):.2f} ms "
                      f"({max(per_slot) / limits[name]:.2f}× the target); sweep of {DUE:,} ≤ 1.5 s: worst "
                      f"{max(f.seconds for _, _, f, _, _ in rows):.2f} s; largest/smallest size {flat:.2f}×\n")
            out.write(f"  due query plan: {rows[-1][2].plan}\n")
            if not args.no_confirm:
                for chunked in (False, True):
                    try:
                        took, longest, planned = measure_confirm(backend.fresh(f"confirm{int(chunked)}"), chunked)
                    except ImportError:
                        continue  # no chunked path in this version
                    how = "in chunks (confirm_in_chunks)" if chunked else "in one transaction (confirm_speech)"
                    out.write(f"  confirming {CONFIRM_N:,} {how}: {took:.2f} s (target ≤ 5 s: "
                              f"{took / 5:.2f}×), longest write transaction {longest:.2f} s "
                              f"(target ≤ 2 s: {longest / 2:.2f}×), {planned:,} slots planned\n")
                    backend.drop_all()
        finally:
            backend.drop_all()
    print(out.getvalue())
    print(f"({load()})")


if __name__ == "__main__":
    main()
