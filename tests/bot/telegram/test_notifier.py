"""TelegramNotifier against the fake Bot API: rendering, buttons, mentions, and how every
Telegram failure maps onto the sweeper's retry / give-up decisions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.core import protocol as callbacks
from bot.telegram.notifier import TelegramNotifier
from scheduler.clock import FakeClock
from scheduler.notifier import NudgeMessage, PermanentSendError, RetryableSendError
from scheduler.sweeper import Sweeper
from storage.bindings import bind_owner, targets_for
from storage.db import transaction
from storage.models import Nudge, Obligation
from tests.storage.databases import engine, sqlite_url  # noqa: F401
from tests.storage.factories import CHAT, confirmed_items, extracted, sh

T0 = sh(2026, 3, 2, 10)  # Monday


def nudge(purpose: str = "closure_prompt", **changes) -> NudgeMessage:
    values = dict(obligation_id=7, chat_id=CHAT, purpose=purpose, slots=("closure",), planned_at=sh(2026, 3, 12, 16),
                  owner="市人社局", action="完成排查整改", quote="市人社局要在10天内完成排查整改", kind="deadline",
                  due_at=sh(2026, 3, 12, 23, 59).replace(second=59), mention_user_ids=(101,))
    values.update(changes)
    return NudgeMessage(**values)


@pytest.fixture
async def bot(fake_bot_api):
    app = fake_bot_api.application_builder().build()
    await app.initialize()
    yield app.bot
    await app.shutdown()


def buttons(call) -> list[str]:
    return [b["callback_data"] for row in call["reply_markup"]["inline_keyboard"] for b in row]


@pytest.mark.parametrize("purpose, words", [
    ("before_due", ["提醒【#7】", "还有 1 天", "2026-03-12"]),
    ("closure_prompt", ["今天到期【#7】", "是否已办结"]),
    ("overdue", ["已逾期【#7】", "已逾期 2 个工作日"]),
    ("report_prompt", ["报送进展【#7】", "2026-03-15 前"]),
])
async def test_each_purpose_is_rendered_in_chinese(fake_bot_api, bot, purpose, words):
    notifier = TelegramNotifier(bot)
    message_id = await notifier.send(nudge(purpose, planned_at=sh(2026, 3, 11, 9), workdays_overdue=2,
                                           period_due="2026-03-15"))
    call = fake_bot_api.last_call("sendMessage")
    assert call["chat_id"] == CHAT and call["parse_mode"] == "HTML"
    assert call.result["message_id"] == message_id
    for word in words:
        assert word in call["text"]
    assert "原文：市人社局要在10天内完成排查整改" in call["text"]
    assert 'href="tg://user?id=101"' in call["text"]
    assert buttons(call) == ["d:7", "p:7", "z:7", "ex:7"]
    assert all(len(b.encode()) <= callbacks.MAX_BYTES for b in buttons(call))


async def test_escalation_mentions_admins_and_text_is_escaped(fake_bot_api, bot):
    notifier = TelegramNotifier(bot, extra_admins=[9], names={9: "督查室<主任>"}.get)
    await notifier.send(nudge("overdue", escalate=True, admin_user_ids=(8,), action="整改<b>问题</b>",
                              caught_up=True))
    text = fake_bot_api.last_call("sendMessage")["text"]
    assert "提请督办负责同志关注" in text
    assert 'tg://user?id=8"' in text and 'tg://user?id=9">督查室&lt;主任&gt;</a>' in text
    assert "整改&lt;b&gt;问题&lt;/b&gt;" in text and "补发" in text


@pytest.mark.parametrize("kind, expected", [
    ("retry_after", RetryableSendError), ("server_error", RetryableSendError), ("drop", RetryableSendError),
    ("forbidden", PermanentSendError), ("bad_request", PermanentSendError),
])
async def test_failures_map_to_retryable_or_permanent(fake_bot_api, bot, kind, expected):
    fake_bot_api.fail_next("sendMessage", kind, retry_after=7)
    with pytest.raises(expected) as caught:
        await TelegramNotifier(bot).send(nudge())
    if kind == "retry_after":
        assert caught.value.retry_after == 7


async def test_chat_migration_moves_the_rows_and_sends_to_the_new_chat(fake_bot_api, bot, engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=101, at=T0)
    new_chat = -1001999999999
    fake_bot_api.fail_next("sendMessage", "migrate", migrate_to_chat_id=new_chat)
    message_id = await TelegramNotifier(bot, engine=engine).send(nudge(obligation_id=row.id))
    call = fake_bot_api.last_call("sendMessage")
    assert call.ok and call["chat_id"] == new_chat and call.result["message_id"] == message_id
    with transaction(engine) as s:
        assert s.get(Obligation, row.id).chat_id == new_chat
        assert targets_for(s, new_chat, "市人社局").user_ids == (101,)


async def test_sweeper_delivers_each_nudge_once_through_429_500_and_drops(fake_bot_api, bot, engine):
    clock = FakeClock(T0)
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    sweeper = Sweeper(engine, TelegramNotifier(bot, engine=engine), clock, worker="t",
                      retry_base=timedelta(minutes=1))
    clock.set(sh(2026, 3, 9, 9))  # the 3-days-before nudge
    for kind in ("retry_after", "server_error", "drop"):
        fake_bot_api.fail_next("sendMessage", kind, retry_after=1)
        result = await sweeper.sweep()
        assert result.retried == 1 and result.messages == 0
        clock.advance(hours=1)  # past any back-off
    result = await sweeper.sweep()
    assert result.messages == 1
    assert await sweeper.sweep() == type(result)()  # nothing left
    delivered = [c for c in fake_bot_api.calls_of("sendMessage") if c.ok]
    assert len(delivered) == 1 and f"【#{row.id}】" in delivered[0]["text"]
    with transaction(engine) as s:
        sent = s.exec(select(Nudge).where(Nudge.obligation_id == row.id, Nudge.sent_at.is_not(None))).all()
        assert [n.message_id for n in sent] == [delivered[0].result["message_id"]]


async def test_a_blocked_bot_drops_the_slot_for_good(fake_bot_api, bot, engine):
    clock = FakeClock(sh(2026, 3, 9, 9))
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    sweeper = Sweeper(engine, TelegramNotifier(bot, engine=engine), clock, worker="t")
    fake_bot_api.fail_next("sendMessage", "forbidden")
    result = await sweeper.sweep()
    assert result.failed == 1
    with transaction(engine) as s:
        assert [n.drop_reason for n in s.exec(select(Nudge).where(Nudge.obligation_id == row.id))
                if n.dropped_at] == ["failed"]


async def test_a_closure_prompt_before_a_rest_day_deadline_says_so(fake_bot_api, bot):
    """时限 Saturday 03-14: the prompt comes on Friday and does not claim the item is due today."""
    await TelegramNotifier(bot).send(nudge(planned_at=sh(2026, 3, 13, 16),
                                           due_at=sh(2026, 3, 14, 23, 59).replace(second=59)))
    text = fake_bot_api.last_call("sendMessage")["text"]
    assert "时限为休息日" in text and "今天到期" not in text and "2026-03-14" in text
