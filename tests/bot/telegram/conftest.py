"""The end-to-end harness every Telegram test drives: the real Application against the fake Bot
API on loopback (`tests.bot.telegram.harness`)."""

from __future__ import annotations

import pytest

from tests.bot.telegram.harness import make_harness


@pytest.fixture
async def h(fake_bot_api, tmp_path):
    harness = await make_harness(fake_bot_api, tmp_path)
    yield harness
    await harness.stop()
