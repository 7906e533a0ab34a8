"""The runtime the core's tests talk to: a fresh SQLite file, its clock at Monday 2026-11-23
10:00 in Shanghai (a module may override `rt` for another start)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.runtime import Runtime
from scheduler.clock import FakeClock
from storage.db import make_engine
from storage.migrate import upgrade


@pytest.fixture
def rt(tmp_path):
    url = f"sqlite:///{tmp_path / 'core.db'}"
    upgrade(url)
    runtime = Runtime(engine=make_engine(url),
                      clock=FakeClock(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))))
    yield runtime
    runtime.engine.dispose()
