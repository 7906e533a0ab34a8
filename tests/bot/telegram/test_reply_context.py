"""Through the real Application: a reply finds its item through what the bot stored about the
message it answers, so rewording the bot's messages cannot break it."""

from __future__ import annotations

import pytest

from bot import messages
from tests.bot.telegram.harness import make_harness

SPEECH = "市人社局要在5个工作日内完成排查整改。市住建局要在12月20日前报送改造计划。"


@pytest.fixture
async def h(fake_bot_api, tmp_path):
    harness = await make_harness(fake_bot_api, tmp_path)
    yield harness
    await harness.stop()


async def test_reworded_prompts_still_reach_their_item(h, monkeypatch):
    monkeypatch.setattr(messages, "EDIT_OWNER_PROMPT", "请回复新的单位名称。")  # no 【#N】, no marker
    monkeypatch.setattr(messages, "PROGRESS_PROMPT", "有什么新进展？")
    h.server.inject_text(SPEECH)
    listing = await h.wait_text("请核对")
    h.server.inject_callback_query("eo:2", message=listing.result)
    prompt = await h.wait_text("请回复新的单位名称")
    h.server.inject_text("市城管局", reply_to=prompt.result["message_id"])
    await h.wait_text("已修改【#2】")
    assert [i.owner for i in h.items()] == ["市人社局", "市城管局"]
    h.server.inject_callback_query(listing["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                                   message=listing.result)
    await h.wait_edit("已确认")
    h.server.inject_text("/item 1")
    detail = await h.wait_text("办理记录")
    h.server.inject_callback_query("p:1", message=detail.result)
    asked = await h.wait_text("有什么新进展")
    h.server.inject_text("已完成排查", reply_to=asked.result["message_id"])
    await h.wait_text("已记录【#1】的进展")
    h.server.inject_text("已办结", reply_to=detail.result["message_id"])  # the details were about #1
    await h.wait_text("已办结【#1】")
