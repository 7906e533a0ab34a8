"""Shared fixtures for bot tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.telegram.fake_bot_api import FakeBotApi


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    """A started fake Bot API server; stopped after the test."""
    async with FakeBotApi() as server:
        yield server
