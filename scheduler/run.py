"""Run the scheduler on its own: `python -m scheduler.run --db URL --notifier-file PATH`.

The bot normally runs the same SweepLoop inside its process on PTB's JobQueue with its own
Notifier; this entry point serves tests, benchmarks and dry runs (messages go to a file).
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

from scheduler.clock import ScaledClock, SystemClock
from scheduler.file_notifier import FileNotifier
from scheduler.loop import SweepLoop
from scheduler.sweeper import Sweeper
from storage.db import DEFAULT_URL, make_engine
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
    parser.add_argument("--worker", default=None)
    parser.add_argument("--no-migrate", action="store_true", help="do not upgrade the database on start")
    return parser.parse_args(argv)


async def main_async(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    if args.fake_clock_speed:
        sim_epoch = datetime.fromisoformat(args.sim_epoch) if args.sim_epoch else SystemClock().now()
        clock = ScaledClock(sim_epoch, args.real_epoch or time.time(), args.fake_clock_speed)
    else:
        clock = SystemClock()
    if not args.no_migrate:
        upgrade(args.db)
    engine = make_engine(args.db)
    sweeper = Sweeper(engine, FileNotifier(args.notifier_file, args.worker or ""), clock, worker=args.worker,
                      lease=timedelta(seconds=args.lease_seconds), batch=args.batch)
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(sweeper, aps, max_idle=args.max_idle)
    result = await loop.start()
    print(f"ready {time.perf_counter() - started:.3f}s caught_up_messages={result.messages}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    aps.shutdown(wait=False)
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(main_async(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
