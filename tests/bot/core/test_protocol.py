"""The protocol: callback data round-trips, handler patterns come from it, and a reply finds its
items through what was stored with the sent message, never through the message's text."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core import protocol
from bot.core.protocol import Action, Press, Purpose, ReplyContext
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from scheduler.clock import FakeClock
from storage.db import make_engine
from storage.migrate import upgrade

PRESSES = [Press(action, target, arg) for action in Action for target in (1, 2**40)
           for arg in (None, "h", "12-40", "3")]


@pytest.mark.parametrize("press", PRESSES, ids=lambda p: p.data)
def test_callback_data_round_trips(press):
    data = protocol.build(press.action, press.target, press.arg)
    assert len(data.encode()) <= protocol.MAX_BYTES
    assert protocol.parse(data) == press
    assert re.match(protocol.pattern(Action), data)


@pytest.mark.parametrize("data", ["", "x:1", "d", "d:", "d:x", "d:1:2:3", "pg:-1", None])
def test_foreign_callback_data_is_not_ours(data):
    assert protocol.parse(data) is None


def test_patterns_select_their_actions():
    confirm = re.compile(protocol.pattern(protocol.CONFIRMATION_ACTIONS))
    assert confirm.match("ca:3:1-4") and confirm.match("pg:3:1") and not confirm.match("d:3")
    assert not re.match(protocol.pattern([Action.DONE]), "dx:3")
    with pytest.raises(ValueError):
        protocol.build(Action.DONE, 1, "x" * 70)
    assert protocol.item_range(protocol.item_span(12, 40)) == (12, 40) and protocol.item_range("40-12") is None


@pytest.fixture
def rt(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    upgrade(url)
    runtime = Runtime(engine=make_engine(url), clock=FakeClock(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("UTC"))))
    yield runtime
    runtime.engine.dispose()


def test_the_reply_context_round_trips_through_the_database(rt):
    sent = Reply("任意措辞的文字，没有编号", purpose=Purpose.EDIT_DUE, numbers=(7,))
    protocol.remember_sent(rt, -100, 55, sent)
    protocol.remember_sent(rt, -100, 56, Reply("列表", purpose=Purpose.CONFIRMATION, numbers=(1, 2),
                                               speech_id=3))
    protocol.remember_sent(rt, -100, 57, Reply("与事项无关"))  # about nothing: not stored
    assert protocol.reply_context(rt, -100, 55) == ReplyContext(Purpose.EDIT_DUE, (7,))
    assert protocol.reply_context(rt, -100, 55).item == 7
    context = protocol.reply_context(rt, -100, 56)
    assert context == ReplyContext(Purpose.CONFIRMATION, (1, 2), 3) and context.item is None
    assert protocol.reply_context(rt, -100, 57) is None and protocol.reply_context(rt, -200, 55) is None
