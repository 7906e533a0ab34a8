"""Shared fixtures for bot tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

try:  # tests/bot is on sys.path under pytest's default "prepend" import mode
    from fake_bot_api import FakeBotApi
except ImportError:  # pragma: no cover - when tests/ becomes a package
    from tests.bot.fake_bot_api import FakeBotApi


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    """A started fake Bot API server; stopped after the test."""
    async with FakeBotApi() as server:
        yield server
