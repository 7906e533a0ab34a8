"""Issue 7 §4 (bot side) and §6's merge window: every handler answers its sender, also when
something unexpected fails or the database is down; database work runs off the event loop;
speech fragments wait in the database, so a restart inside the merge window loses nothing."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy import create_engine
from sqlmodel import select

from bot import messages
from bot.core import commands, confirmation, intake
from storage.db import transaction
from storage.models import Speech, SpeechFragment
from tests.bot.telegram.fake_bot_api import DEFAULT_USER, forward_origin_user
from tests.bot.telegram.harness import GROUP, callbacks_of, make_harness

PART1 = "在全市重点工作推进会上的讲话\n同志们：下面我讲几点意见。"
PART2 = "会议要求，市人社局要在5个工作日内完成排查整改，办结后2天内报告销号。"
PART3 = "市住建局要在12月20日前报送改造计划。"
TRIGGER = "半分钟内"  # stands for any phrase extraction cannot read yet


@pytest.fixture
def broken_extraction(monkeypatch):
    """Extraction raising on one phrase, as `半分钟内` once did (KeyError)."""
    real = intake.extract

    def extract(text, ref):
        if TRIGGER in text:
            raise KeyError("半")
        return real(text, ref)

    monkeypatch.setattr(intake, "extract", extract)


def fragments(h) -> list[SpeechFragment]:
    with transaction(h.runtime.engine) as session:
        return list(session.exec(select(SpeechFragment)))


# ---------------------------------------------------------------- unexpected failures are answered


async def test_a_pasted_speech_that_breaks_extraction_is_answered(h, broken_extraction, caplog):
    h.server.inject_text(PART2 + f"请在{TRIGGER}回复。")
    await h.wait_text(messages.ERROR)
    assert fragments(h) == []  # not retried at every start
    assert len([r for r in caplog.records if r.exc_info and "KeyError" in repr(r.exc_info[1])]) == 1
    h.server.inject_text(PART2)  # the next speech is read as usual
    await h.wait_text("请核对")


async def test_a_document_that_breaks_extraction_never_leaves_parsing_hanging(h, broken_extraction):
    h.server.inject_document((PART2 + TRIGGER).encode(), "讲话.txt")
    await h.wait_text(messages.PARSING)
    await h.wait_edit(messages.ERROR)


async def test_extract_as_a_reply_that_breaks_is_answered(h, broken_extraction):
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    short = h.server.inject_text(TRIGGER, chat_type="group")
    h.server.inject_text("/extract", chat_type="group", reply_to=short["message"]["message_id"])
    await h.wait_text(messages.ERROR, chat_id=GROUP)


async def test_a_failing_command_and_a_failing_button_are_answered(h, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    h.server.inject_text(PART2)
    listing = await h.wait_text("请核对")
    monkeypatch.setattr(commands.ledger, "list_items", boom)
    monkeypatch.setattr(confirmation, "confirm_items", boom)
    h.server.inject_text("/list")
    await h.wait_text(messages.ERROR)
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
    await h.wait_text(messages.ERROR, count=2)
    assert any(c.get("text") == messages.ERROR for c in h.server.calls_of("answerCallbackQuery"))
    tracebacks = [r for r in caplog.records if r.exc_info and "unexpected" in str(r.exc_info[1])]
    assert len(tracebacks) == 2  # once each, not again by the application's error handler


# ---------------------------------------------------------------- the database


async def test_the_sender_is_told_when_the_database_is_unavailable(h, caplog):
    h.server.inject_text(PART2)
    listing = await h.wait_text("请核对")
    dead = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/duban", connect_args={"connect_timeout": 2})
    h.runtime.engine = dead  # what every handler uses from now on
    try:
        h.server.inject_text("/list")
        await h.wait_text(messages.DB_UNAVAILABLE)
        h.server.inject_text(PART3)  # a speech fragment cannot be stored
        await h.wait_text(messages.DB_UNAVAILABLE, count=2)
        h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
        await h.wait_text(messages.DB_UNAVAILABLE, count=3)
    finally:
        dead.dispose()
    down = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert down and not any(r.exc_info for r in down)  # one line each, no traceback


async def test_a_hung_database_delays_only_that_reply(h, tmp_path):
    """While another connection holds the SQLite write lock, /list waits for it in a worker
    thread: the event loop keeps running, and the answer comes once the lock is released."""
    h.server.inject_text("/start")
    await h.wait_text("督办助手")
    holder = sqlite3.connect(tmp_path / "duban.db", isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    try:
        h.server.inject_text("/list")
        await h.server.wait_for_call("getUpdates", lambda c: c.ok and c.result, count=2)
        loop = asyncio.get_running_loop()
        started = loop.time()
        for _ in range(50):  # half a second of other work on the event loop
            await asyncio.sleep(0.01)
        stalled = loop.time() - started
        assert not [t for t in h.texts() if t == messages.LIST_EMPTY]
    finally:
        holder.execute("COMMIT")
        holder.close()
    await h.wait_text(messages.LIST_EMPTY, timeout=30)
    assert stalled < 10  # a blocked loop would have waited for SQLite's 30 s busy timeout
    assert messages.ERROR not in h.texts()


# ---------------------------------------------------------------- the merge window


async def test_fragments_inside_the_merge_window_survive_a_restart(fake_bot_api, tmp_path):
    h = await make_harness(fake_bot_api, tmp_path, merge_window=3600)  # the window never closes by itself
    try:
        first = fake_bot_api.inject_text(PART1, forward_origin=forward_origin_user())
        for part in (PART2, PART3):
            fake_bot_api.inject_text(part, forward_origin=forward_origin_user())
        await fake_bot_api.wait_for(lambda: len(fragments(h)) == 3)
        await h.stop()  # the process dies inside the window
        assert not [t for t in fake_bot_api.sent_texts() if "请核对" in t]

        h.options["merge_window"] = 0.3
        await h.start()
        listing = await h.wait_text("请核对")
        assert listing["reply_parameters"]["message_id"] == first["message"]["message_id"]
        with transaction(h.runtime.engine) as session:
            assert [s.text for s in session.exec(select(Speech))] == ["\n".join([PART1, PART2, PART3])]
        assert fragments(h) == [] and [i.owner for i in h.items()] == ["市人社局", "市人社局", "市住建局"]
        await h.restart()  # nothing is read twice
        assert len([t for t in fake_bot_api.sent_texts() if "请核对" in t]) == 1
    finally:
        await h.stop()


async def test_a_fragment_arriving_while_a_speech_is_read_waits_for_the_next_one(h):
    h.server.inject_text(PART2)
    await h.wait_text("请核对")
    h.server.inject_text(PART3)
    await h.wait_text("请核对", count=2)
    with transaction(h.runtime.engine) as session:
        assert [s.text for s in session.exec(select(Speech).order_by(Speech.id))] == [PART2, PART3]
