"""The .ics feed: parsed back with icalendar; RRULEs expanded with dateutil to the days they mean."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import islice

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from bot.core.report.calendar import calendar_ics, first_day, rrule_of
from bot.core.report.model import Stage
from extraction.model import Every, Kind
from tests.bot.core.report.rows import NOW, TZ, day, ledger, row


def parse(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def events(ics: bytes) -> dict[str, object]:
    return {str(event["UID"]): event for event in parse(ics).walk("VEVENT")}


def expand(event, count: int) -> list[date]:
    """The first `count` days of an event's series, read back from the feed."""
    start = event.decoded("DTSTART")
    rule = event["RRULE"].to_ical().decode()
    origin = datetime.combine(start, datetime.min.time())
    return [moment.date() for moment in islice(rrulestr(rule, dtstart=origin), count)]


def test_the_feed_has_one_event_per_open_item_with_a_date_and_parses_back():
    ics = calendar_ics(ledger(), now=NOW, tz=TZ, uid_prefix="chat-1001")
    calendar = parse(ics)
    assert str(calendar["X-WR-CALNAME"]) == "督办事项"
    found = events(ics)
    # open items with a date; not #7 (waiting for its event), #8 (awaiting review), done or cancelled ones
    assert sorted(found) == sorted(f"chat-1001-{n}@duban" for n in (3, 4, 5, 6, 9, 10, 13))
    deadline = found["chat-1001-3@duban"]
    assert str(deadline["SUMMARY"]) == "【#3】市财政局：完成预算执行情况分析"
    assert deadline.decoded("DTSTART") == date(2026, 11, 20)  # a day's end is an all-day event
    assert deadline.decoded("DTEND") == date(2026, 11, 21)
    assert "配合单位：市审计局、市税务局" in str(deadline["DESCRIPTION"])
    assert deadline.decoded("DTSTAMP") == NOW
    assert found["chat-1001-13@duban"].decoded("DTSTART") == date(2026, 12, 20)  # the approved extension


def test_a_recurring_item_is_a_series_with_its_rrule():
    found = events(calendar_ics(ledger(), now=NOW, tz=TZ, uid_prefix="chat-1001"))
    series = found["chat-1001-6@duban"]
    assert series["RRULE"].to_ical() == b"FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=10"
    assert expand(series, 3) == [date(2026, 12, 10), date(2027, 1, 10), date(2027, 2, 10)]


def test_a_deadline_with_a_time_of_day_is_a_timed_event_in_the_office_time_zone():
    timed = row(1, "市财政局", "报送材料", original_due=datetime(2026, 11, 25, 15, 0, tzinfo=TZ))
    ics = calendar_ics([timed], now=NOW, tz=TZ, uid_prefix="chat-7")
    (event,) = events(ics).values()
    assert event.decoded("DTSTART") == datetime(2026, 11, 25, 15, 0, tzinfo=TZ)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert "DTEND" not in event  # a deadline is an instant
    assert [str(tz["TZID"]) for tz in parse(ics).walk("VTIMEZONE")] == ["Asia/Shanghai"]


RULES = [
    ("every month's last day", Every(1, "month", day_of_month="end"), date(2026, 11, 30),
     "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1",
     [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28)]),
    ("every Friday", Every(1, "week", weekday=5), date(2026, 11, 27), "FREQ=WEEKLY;INTERVAL=1;BYDAY=FR",
     [date(2026, 11, 27), date(2026, 12, 4), date(2026, 12, 11)]),
    ("every two weeks on Monday", Every(2, "week", weekday=1), date(2026, 11, 30),
     "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", [date(2026, 11, 30), date(2026, 12, 14), date(2026, 12, 28)]),
    ("every 10 days", Every(10, "day"), date(2026, 11, 23), "FREQ=DAILY;INTERVAL=10",
     [date(2026, 11, 23), date(2026, 12, 3), date(2026, 12, 13)]),
    ("every quarter's end", Every(1, "quarter", day_of_month="end"), date(2026, 12, 31),
     "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", [date(2026, 12, 31), date(2027, 3, 31), date(2027, 6, 30)]),
    ("a quarter ending on a 31st, no day named", Every(1, "quarter"), date(2026, 12, 31),
     "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", [date(2026, 12, 31), date(2027, 3, 31), date(2027, 6, 30)]),
    ("every year at the end of March", Every(1, "year", day_of_month="end", month_of_year=3), date(2027, 3, 31),
     "FREQ=YEARLY;INTERVAL=1;BYMONTH=3;BYMONTHDAY=-1", [date(2027, 3, 31), date(2028, 3, 31)]),
    ("every year on 15 January", Every(1, "year", day_of_month=15, month_of_year=1), date(2027, 1, 15),
     "FREQ=YEARLY;INTERVAL=1;BYMONTH=1;BYMONTHDAY=15", [date(2027, 1, 15), date(2028, 1, 15)]),
    ("every two months on the 5th", Every(2, "month", day_of_month=5), date(2026, 12, 5),
     "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=5", [date(2026, 12, 5), date(2027, 2, 5), date(2027, 4, 5)]),
]


@pytest.mark.parametrize(("every", "start", "rule", "days"), [case[1:] for case in RULES],
                         ids=[case[0] for case in RULES])
def test_rrule_of_a_recurrence(every, start, rule, days):
    item = row(1, "市统计局", "报送", kind=Kind.RECURRING, every=every, original_due=day(start.month, start.day,
                                                                                      start.year))
    (event,) = events(calendar_ics([item], now=NOW, tz=TZ, uid_prefix="c")).values()
    parts = set(rule.split(";"))  # icalendar writes the parts in its own order
    assert set(event["RRULE"].to_ical().decode().split(";")) == parts
    assert expand(event, len(days)) == days
    assert {f"{key}={value}" for key, value in rrule_of(every, start).items()} == parts


def test_a_series_without_a_period_date_starts_on_its_next_day():
    assert first_day(Every(1, "month", day_of_month=10), date(2026, 11, 23)) == date(2026, 12, 10)
    assert first_day(Every(1, "week", weekday=5), date(2026, 11, 23)) == date(2026, 11, 27)
    assert first_day(Every(1, "month", day_of_month="end"), date(2026, 11, 23)) == date(2026, 11, 30)
    item = row(1, "市统计局", "报送", kind=Kind.RECURRING, every=Every(1, "week", weekday=5))
    (event,) = events(calendar_ics([item], now=NOW, tz=TZ, uid_prefix="c")).values()
    assert event.decoded("DTSTART") == date(2026, 11, 27)


def test_per_owner_feed_keeps_the_items_the_owner_leads_or_shares():
    rows = ledger()
    mine = events(calendar_ics(rows, now=NOW, tz=TZ, uid_prefix="chat-1001", owner="市住建局"))
    assert sorted(mine) == ["chat-1001-13@duban", "chat-1001-9@duban"]
    shared = calendar_ics(rows, now=NOW, tz=TZ, uid_prefix="chat-1001", owner="市审计局")
    assert list(events(shared)) == ["chat-1001-3@duban"]  # a co-owner of #3
    assert str(parse(shared)["X-WR-CALNAME"]) == "督办事项（市审计局）"
    assert not events(calendar_ics(rows, now=NOW, tz=TZ, uid_prefix="chat-1001", owner="市外事办"))


def test_uids_are_stable_across_exports_and_differ_between_chats():
    rows = ledger()
    first = calendar_ics(rows, now=NOW, tz=TZ, uid_prefix="chat-1")
    later = calendar_ics(rows, now=NOW + timedelta(days=1), tz=TZ, uid_prefix="chat-1")
    assert list(events(first)) == list(events(later))
    assert not set(events(first)) & set(events(calendar_ics(rows, now=NOW, tz=TZ, uid_prefix="chat-2")))


def test_a_finished_item_leaves_the_feed():
    rows = [row(1, "市财政局", "任务", stage, original_due=day(12, 1)) for stage in Stage]
    found = events(calendar_ics(rows, now=NOW, tz=TZ, uid_prefix="c"))
    assert len(found) == 1  # only the open one
