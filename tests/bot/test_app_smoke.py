from __future__ import annotations

import pytest

from harness import Harness, ManualClock, sh

SPEECH = "同志们：市人社局要在5个工作日内完成排查整改，办结后2天内报告销号。市住建局要在12月20日前报送改造计划。"


@pytest.fixture
async def h(fake_bot_api, tmp_path):
    harness = await Harness(fake_bot_api, f"sqlite:///{tmp_path / 'duban.db'}", ManualClock(sh(2026, 11, 23, 10))).start()
    yield harness
    await harness.stop()


async def test_smoke(h):
    h.server.inject_text(SPEECH)
    call = await h.wait_text("请核对")
    print(call["text"])
    print(call["reply_markup"])
    assert len(h.items()) == 3
