"""Times people type, through the conversation core: 改时限, 稍后提醒 at a typed time, recording an
event and asking for an extension read Chinese with the project's time expressions, and English
or numeric dates (Dec 15 5pm, 15 Dec 2026, 12/15 17:00) with dateparser — loaded only then."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot import messages
from bot.core import confirmation, intake
from bot.core.answers import answer_press, answer_reply
from bot.core.commands import parse_command, run_command
from bot.core.protocol import SNOOZE_AT, Action, Press, Purpose, ReplyContext
from bot.core.runtime import Runtime
from storage.db import transaction
from storage.models import ExtensionRequest, Nudge, Obligation
from storage.outbox import UNSETTLED

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT, ADMIN, OWNER = -5001, 1001, 2002
SPEECH = ("一、市人社局要在12月20日前完成排查整改。\n"
          "二、市应急局要在发生险情后2小时内报告市政府。\n"
          "三、市住建局要在12月31日前完成道路修复。")
REPO = Path(__file__).resolve().parents[3]


def sh(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)



def _listing(rt: Runtime):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert listing is not None and listing.speech_id is not None
    return listing


def _reply(rt: Runtime, purpose: Purpose, number: int, text: str):
    return answer_reply(rt, chat_id=CHAT, user_id=OWNER, context=ReplyContext(purpose, (number,)), text=text,
                        is_admin=True)


def _item(rt: Runtime, number: int) -> Obligation:
    with transaction(rt.engine) as session:
        return session.exec(select(Obligation).where(Obligation.chat_id == CHAT, Obligation.number == number)).one()


def _snoozes(rt: Runtime, number: int) -> list[datetime]:
    row = _item(rt, number)
    with transaction(rt.engine) as session:
        return sorted(n.planned_at for n in session.exec(select(Nudge).where(
            Nudge.obligation_id == row.id, UNSETTLED, Nudge.slot.startswith("snooze:"))))


@pytest.mark.parametrize(("typed", "due", "due_time"), [
    ("Dec 15 5pm", "2026-12-15", "17:00"),
    ("15 Dec 2026", "2026-12-15", None),
    ("12/15 17:00", "2026-12-15", "17:00"),  # the time expressions alone would read only 17:00
    ("2026/12/15 17:00", "2026-12-15", "17:00"),
    ("12月15日下午5点", "2026-12-15", "17:00"),
])
def test_edit_due_reads_english_and_numeric_dates(rt, typed, due, due_time):
    _listing(rt)
    answer = _reply(rt, Purpose.EDIT_DUE, 1, typed)
    assert messages.EDITED.format(ref="【#1】") in answer.text
    box = _item(rt, 1).timebox
    assert (box["kind"], box["due"], box.get("due_time")) == ("deadline", due, due_time)
    listing = confirmation.confirm_items(rt, chat_id=CHAT, speech_id=_item(rt, 1).speech_id, by=ADMIN)
    assert listing.changed
    expected = datetime.fromisoformat(f"{due}T{due_time or '23:59:59'}").replace(tzinfo=SHANGHAI)
    assert _item(rt, 1).due_at == expected


def test_what_is_no_date_is_not_read_as_one(rt):
    _listing(rt)
    for typed in ("3", "12.15", "尽快吧"):  # dateparser would make a date of the first two
        assert _reply(rt, Purpose.EDIT_DUE, 1, typed).text == messages.EDIT_DUE_NOT_UNDERSTOOD.format(text=typed)
    assert _item(rt, 1).timebox["due"] == "2026-12-20"


def test_snooze_at_a_typed_time(rt):
    listing = _listing(rt)
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN)
    choices = answer_press(rt, chat_id=CHAT, user_id=OWNER, press=Press(Action.SNOOZE, 1))
    assert f"z:1:{SNOOZE_AT}" in [b.data for row in choices.buttons for b in row]
    prompt = answer_press(rt, chat_id=CHAT, user_id=OWNER, press=Press(Action.SNOOZE, 1, SNOOZE_AT))
    assert prompt.force_reply and prompt.purpose == Purpose.SNOOZE_TIME and prompt.numbers == (1,)
    assert _reply(rt, Purpose.SNOOZE_TIME, 1, "Dec 1 3pm").text == messages.SNOOZE_OK.format(when="12-01 15:00",
                                                                                           ref="【#1】")
    _reply(rt, Purpose.SNOOZE_TIME, 1, "明天下午3点")
    _reply(rt, Purpose.SNOOZE_TIME, 1, "tomorrow")  # a date alone: the reminder time that day
    _reply(rt, Purpose.SNOOZE_TIME, 1, "11/26 22:30")  # in the quiet hours: moved to their end
    assert _snoozes(rt, 1) == [sh(11, 24, 9), sh(11, 24, 15), sh(11, 27, 8), sh(12, 1, 15)]
    assert _reply(rt, Purpose.SNOOZE_TIME, 1, "Nov 23 9am").text == messages.SNOOZE_AT_PAST.format(
        when="2026-11-23 09:00")
    assert _reply(rt, Purpose.SNOOZE_TIME, 1, "过几天").text.startswith("没有看懂")


def test_an_event_and_an_extension_at_english_times(rt):
    listing = _listing(rt)
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN)
    command = parse_command("/event 2 Nov 24 2:30pm")
    assert command is not None
    run_command(rt, chat_id=CHAT, user_id=OWNER, command=command)
    assert _item(rt, 2).started_at == sh(11, 24, 14, 30) and _item(rt, 2).due_at == sh(11, 24, 16, 30)
    asked = _reply(rt, Purpose.EXTENSION, 3, "申请延期 Jan 15 2027 5pm 资金尚未到位")
    assert "2027-01-15 17:00" in asked.text
    with transaction(rt.engine) as session:
        request = session.exec(select(ExtensionRequest)).one()
    assert request.requested_due == datetime(2027, 1, 15, 17, tzinfo=SHANGHAI) and request.reason == "资金尚未到位"


def test_dateparser_is_loaded_only_for_the_forms_the_time_expressions_do_not_read(tmp_path):
    """In a process of its own: Chinese times through every use case leave dateparser unloaded."""
    script = textwrap.dedent(f"""
        import sys
        from datetime import datetime
        from zoneinfo import ZoneInfo
        from bot.core import confirmation, intake
        from bot.core.answers import answer_reply
        from bot.core.protocol import Purpose, ReplyContext
        from bot.core.runtime import Runtime
        from scheduler.clock import FakeClock
        from storage.db import make_engine
        from storage.migrate import upgrade

        url = "sqlite:///{tmp_path / 'lazy.db'}"
        upgrade(url)
        now = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
        rt = Runtime(engine=make_engine(url), clock=FakeClock(now))

        def reply(purpose, number, text):
            return answer_reply(rt, chat_id=-1, user_id=2, context=ReplyContext(purpose, (number,)), text=text,
                                is_admin=True).text

        listing = intake.ingest(rt, chat_id=-1, user_id=1, text={SPEECH!r})
        print(reply(Purpose.EDIT_DUE, 1, "12月18日下午5点"))
        print(reply(Purpose.EDIT_DUE, 3, "5个工作日内"))
        confirmation.confirm_items(rt, chat_id=-1, speech_id=listing.speech_id, by=1)
        print(reply(Purpose.SNOOZE_TIME, 1, "明天下午3点"))
        print(reply(Purpose.EVENT_TIME, 2, "今天14:30"))
        print(reply(Purpose.EXTENSION, 3, "申请延期 12月30日 资金尚未到位"))
        print("after the grammar:", "dateparser" in sys.modules)
        print(reply(Purpose.SNOOZE_TIME, 1, "Dec 15 5pm"))
        print("after Dec 15 5pm:", "dateparser" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "after the grammar: False" in out and "after Dec 15 5pm: True" in out, out
    assert out.count("已修改") == 2 and out.count("⏰ 好的") == 2 and "▶ 已记录" in out and "延期申请" in out, out
