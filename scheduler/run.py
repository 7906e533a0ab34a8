"""Run the scheduler on its own: `python -m scheduler.run --db URL --notifier-file PATH`.

The bot runs the same SweepLoop inside its process, on an AsyncIOScheduler of its own (see
`bot.sweeping`), with its own Notifier; this entry point serves tests, benchmarks and dry runs
(messages go to a file).
`--fake-clock-speed N` runs simulated time N times faster, anchored at `--sim-epoch` /
`--real-epoch` so that a restarted process continues the same simulated timeline.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.clock import Clock, ScaledClock, SystemClock
from scheduler.file_notifier import FileNotifier
from scheduler.loop import SweepLoop
from scheduler.sweeper import Sweeper
from storage.db import CONNECT_TIMEOUT, DEFAULT_URL, LOCK_TIMEOUT, STATEMENT_TIMEOUT, make_engine
from storage.migrate import upgrade


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scheduler.run", description=__doc__)
    parser.add_argument("--db", default=DEFAULT_URL, help="database URL (default %(default)s)")
    parser.add_argument("--notifier-file", required=True, help="append sent messages to this JSON-lines file")
    parser.add_argument("--fake-clock-speed", type=float, default=None, help="simulated seconds per real second")
    parser.add_argument("--sim-epoch", default=None, help="ISO time the simulated clock shows at --real-epoch")
    parser.add_argument("--real-epoch", type=float, default=None, help="Unix time of --sim-epoch (default: now)")
    parser.add_argument("--lease-seconds", type=float, default=300.0, help="claim lease, in clock seconds")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--max-idle", type=float, default=60.0, help="longest real sleep between sweeps")
    parser.add_argument("--retry-base", type=float, default=1.0,
                        help="first real back-off after a failed sweep; doubles up to --max-idle")
    parser.add_argument("--connect-timeout", type=float, default=CONNECT_TIMEOUT, help="seconds (PostgreSQL)")
    parser.add_argument("--statement-timeout", type=float, default=STATEMENT_TIMEOUT, help="seconds (PostgreSQL)")
    parser.add_argument("--lock-timeout", type=float, default=LOCK_TIMEOUT,
                        help="seconds (PostgreSQL lock_timeout, SQLite busy timeout)")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--worker", default=None)
    parser.add_argument("--no-migrate", action="store_true", help="do not upgrade the database on start")
    return parser.parse_args(argv)


async def main_async(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    clock: Clock
    if args.fake_clock_speed:
        sim_epoch = datetime.fromisoformat(args.sim_epoch) if args.sim_epoch else SystemClock().now()
        clock = ScaledClock(sim_epoch, args.real_epoch or time.time(), args.fake_clock_speed)
    else:
        clock = SystemClock()
    if not args.no_migrate:
        upgrade(args.db)
    engine = make_engine(args.db, connect_timeout=args.connect_timeout, statement_timeout=args.statement_timeout,
                         lock_timeout=args.lock_timeout)
    sweeper = Sweeper(engine, FileNotifier(args.notifier_file, args.worker or ""), clock, worker=args.worker,
                      lease=timedelta(seconds=args.lease_seconds), batch=args.batch)
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(sweeper, aps, max_idle=args.max_idle, retry_base=args.retry_base)
    result = await loop.start()
    print(f"ready {time.perf_counter() - started:.3f}s caught_up_messages={result.messages}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    await loop.stop()
    aps.shutdown(wait=False)
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
