"""The nudge policy, table-driven: one id per case. Times are Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.model import Every, TimeBox, Within
from scheduler.policy import PolicyConfig, Subject, resolve_due, slots, snooze_until
from scheduler.workdays import WorkdayCalendar
from tests.storage.factories import SHANGHAI, sh

DEFAULT = PolicyConfig()


def deadline(start: datetime, within=None, due=None, due_time=None) -> Subject:
    box = TimeBox("deadline", 0, 0, within=Within(*within) if within else None, due=due, due_time=due_time)
    return Subject("deadline", box, start.date(), start)


def recurring(start: datetime, every: Every, before=False) -> Subject:
    return Subject("recurring", TimeBox("recurring", 0, 0, every=every, before=before), start.date(), start)


def on_event(started: datetime | None, within=(1, "day")) -> Subject:
    box = TimeBox("on_event", 0, 0, within=Within(*within), event="办结")
    return Subject("on_event", box, date(2026, 3, 2), started)


def show(subject: Subject, n: int, config: PolicyConfig = DEFAULT) -> list[str]:
    return [f"{s.key} {s.planned_at.astimezone(SHANGHAI):%m-%d %H:%M}" for s in islice(slots(subject, config), n)]


CASES = [
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(10, "day")), 7, DEFAULT, [
        "before:3 03-09 09:00", "before:1 03-11 09:00", "closure 03-12 16:00",
        "overdue:2026-03-13 03-13 09:00",
        "overdue:2026-03-16 03-16 09:00",  # the weekend is skipped
        "overdue:2026-03-17 03-17 09:00", "escalate:2026-03-17 03-17 09:00",  # the 3rd overdue working day
    ], id="deadline-10-days-before-closure-overdue-escalate"),
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(1, "day")), 2, DEFAULT, [
        "closure 03-03 16:00", "overdue:2026-03-04 03-04 09:00",
    ], id="deadline-1-day-too-short-for-before-nudges"),
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(2, "day")), 2, DEFAULT, [
        "before:1 03-03 09:00", "closure 03-04 16:00",
    ], id="deadline-2-days-only-the-1-day-nudge"),
    pytest.param(deadline(sh(2026, 3, 2, 10), due=date(2026, 3, 20), due_time="10:00"), 3, DEFAULT, [
        "before:3 03-17 09:00", "before:1 03-19 09:00", "closure 03-20 10:00",
    ], id="deadline-explicit-date-and-time"),
    pytest.param(deadline(sh(2026, 3, 2, 10), due=date(2026, 3, 16)), 2, DEFAULT, [
        "before:3 03-13 09:00", "closure 03-16 16:00",  # before:1 (Sun 15th) moves to Fri 13th: one nudge
    ], id="deadline-before-nudge-moves-off-the-weekend"),
    pytest.param(deadline(sh(2026, 3, 2, 10), due=date(2026, 3, 14)), 4, DEFAULT, [
        "before:3 03-11 09:00", "before:1 03-13 09:00",
        "closure 03-13 16:00",  # due Saturday: asked on Friday, the last working day before it
        "overdue:2026-03-16 03-16 09:00",
    ], id="deadline-on-a-saturday-asked-on-friday"),
    pytest.param(deadline(sh(2026, 3, 13, 17), due=date(2026, 3, 14)), 1, DEFAULT, [
        "closure 03-14 16:00",  # confirmed on Friday after 16:00: asked on the day itself
    ], id="deadline-on-a-saturday-confirmed-late-on-friday"),
    pytest.param(deadline(sh(2026, 3, 14, 10), within=(2, "hour")), 1, DEFAULT, [
        "closure 03-14 12:00",  # a limit in hours is asked at its hour, whatever the day
    ], id="limit-in-hours-on-a-saturday"),
    pytest.param(deadline(sh(2026, 2, 12, 10), within=(3, "workday")), 4, DEFAULT, [
        "before:3 02-14 09:00",  # Sat 2026-02-14 is a 调休 working day; 15–23 is the Spring Festival
        "closure 02-24 16:00", "overdue:2026-02-25 02-25 09:00", "overdue:2026-02-26 02-26 09:00",
    ], id="workdays-spring-festival-with-tiaoxiu-saturday"),
    pytest.param(deadline(sh(2026, 9, 21, 10), due=date(2026, 9, 30)), 6, DEFAULT, [
        "before:3 09-24 09:00",  # Sun 27th → back past the Mid-Autumn Festival (Fri 25th) to Thu 24th
        "before:1 09-29 09:00", "closure 09-30 16:00",
        "overdue:2026-10-08 10-08 09:00", "overdue:2026-10-09 10-09 09:00",  # National Day week is skipped
        "overdue:2026-10-10 10-10 09:00",
    ], id="national-day-week-overdue-resumes-after-holiday"),
    pytest.param(deadline(sh(2026, 10, 9, 10), due=date(2026, 10, 9)), 4, DEFAULT, [
        "closure 10-09 16:00", "overdue:2026-10-10 10-10 09:00", "overdue:2026-10-12 10-12 09:00",
        "overdue:2026-10-13 10-13 09:00",  # Sat 10-10 is a make-up working day
    ], id="national-day-make-up-saturday-counts"),
    pytest.param(deadline(sh(2026, 9, 28, 10), within=(3, "day")), 2, DEFAULT, [
        "before:3 09-30 09:00", "closure 10-08 16:00",  # 10-01 is a holiday: the limit ends 10-08 (art. 203)
    ], id="day-limit-ending-in-holiday-rolls-to-next-workday"),
    pytest.param(deadline(sh(2026, 12, 28, 10), within=(5, "workday")), 3, DEFAULT, [
        # 2027 is not in the calendar: Mon–Fri is assumed (even 元旦 Fri 01-01; marked unconfirmed),
        # 12-29..01-04 are the 5 working days; before:1 (Sun 01-03) folds into the Friday nudge.
        "before:3 01-01 09:00", "closure 01-04 16:00", "overdue:2027-01-05 01-05 09:00",
    ], id="uncovered-year-2027-falls-back-to-mon-fri"),
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(48, "hour")), 2, DEFAULT, [
        "before:1 03-03 09:00", "closure 03-04 10:00",
    ], id="hours-limit-closure-at-the-hour"),
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(12, "hour")), 2, DEFAULT, [
        "closure 03-03 08:00", "overdue:2026-03-03 03-03 09:00",  # due 22:00 is quiet: asked at 08:00
    ], id="quiet-hours-move-a-late-closure-prompt-to-morning"),
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(10, "day")), 2,
                 PolicyConfig(nudge_time=time(7, 0), quiet_end=time(8, 30)), [
        "before:3 03-09 08:30", "before:1 03-11 08:30",
    ], id="quiet-hours-configurable"),
    pytest.param(deadline(sh(2026, 3, 2, 10), within=(10, "day")), 3,
                 PolicyConfig(days_before=(5,), ladder_days=(2, 3, 4)), [
        "before:5 03-06 09:00", "closure 03-12 16:00", "overdue:2026-03-16 03-16 09:00",  # from the 2nd day
    ], id="offsets-and-ladder-configurable"),
    pytest.param(recurring(sh(2026, 3, 2, 10), Every(10, "day")), 3, DEFAULT, [
        "report:2026-03-12 03-12 09:00", "report:2026-03-22 03-20 09:00",  # Sunday → the Friday before
        "report:2026-04-01 04-01 09:00",
    ], id="recurring-every-10-days-from-reference-date"),
    pytest.param(recurring(sh(2026, 3, 2, 10), Every(1, "month", day_of_month=10), before=True), 3, DEFAULT, [
        "report:2026-03-10 03-06 09:00",  # 3 days before (Sat 7th → Fri 6th)
        "report:2026-04-10 04-07 09:00", "report:2026-05-10 05-07 09:00",
    ], id="recurring-monthly-before-the-10th"),
    pytest.param(recurring(sh(2026, 3, 2, 10), Every(1, "week", weekday=5)), 3, DEFAULT, [
        "report:2026-03-06 03-06 09:00", "report:2026-03-13 03-13 09:00", "report:2026-03-20 03-20 09:00",
    ], id="recurring-weekly-friday"),
    pytest.param(recurring(sh(2026, 3, 2, 10), Every(1, "month", day_of_month="end")), 2, DEFAULT, [
        "report:2026-03-31 03-31 09:00", "report:2026-04-30 04-30 09:00",
    ], id="recurring-month-end"),
    pytest.param(recurring(sh(2026, 3, 2, 10), Every(1, "quarter")), 2, DEFAULT, [
        "report:2026-03-31 03-31 09:00", "report:2026-06-30 06-30 09:00",
    ], id="recurring-quarter-end"),
    pytest.param(recurring(sh(2026, 9, 21, 10), Every(1, "week", weekday=4)), 3, DEFAULT, [
        "report:2026-09-24 09-24 09:00", "report:2026-10-01 09-30 09:00",  # National Day → last working day
        "report:2026-10-08 10-08 09:00",
    ], id="recurring-prompt-moves-before-a-holiday"),
    pytest.param(on_event(None), 3, DEFAULT, [], id="on-event-nothing-until-the-event"),
    pytest.param(on_event(sh(2026, 3, 4, 15)), 2, DEFAULT, [
        "closure 03-05 16:00", "overdue:2026-03-06 03-06 09:00",
    ], id="on-event-after-done-due-one-day-later"),
]


@pytest.mark.parametrize(("subject", "n", "config", "expected"), CASES)
def test_policy(subject, n, config, expected):
    assert show(subject, n, config) == expected


@pytest.mark.parametrize(("ladder", "expected"), [
    pytest.param((1, 3, 7), {"overdue": [1, 2, 3, 4, 5, 6, 7, 8], "escalate": [3], "notice": [7]}, id="default-1-3-7"),
    pytest.param((2, 4, 5), {"overdue": [2, 3, 4, 5, 6, 7, 8, 9], "escalate": [4], "notice": [5]}, id="2-4-5"),
])
def test_escalation_ladder_steps_once_each_on_their_working_day(ladder, expected):
    subject = deadline(sh(2026, 3, 2, 10), within=(1, "day"))  # due Tue 03-03
    found: dict[str, list[int]] = {}
    for slot in islice(slots(subject, PolicyConfig(ladder_days=ladder)), 14):
        if slot.purpose in expected:
            found.setdefault(slot.purpose, []).append(slot.data["workdays_overdue"])
    assert {purpose: days[: len(expected[purpose])] for purpose, days in found.items()} == expected
    steps = [s for s in islice(slots(subject, PolicyConfig(ladder_days=ladder)), 30) if s.data and "ladder" in s.data]
    assert [(s.data["ladder"], s.data["workdays_overdue"]) for s in steps] == list(zip((1, 2, 3), ladder))
    # a step shares its day's overdue reminder's time: one message carries both
    assert all(s.planned_at.astimezone(SHANGHAI).hour == 9 for s in steps)


@pytest.mark.parametrize(("start", "within", "due", "confirmed"), [
    pytest.param(sh(2026, 3, 2, 10), (3, "workday"), "2026-03-05", True, id="covered-year-confirmed"),
    pytest.param(sh(2026, 12, 28, 10), (5, "workday"), "2027-01-04", False, id="2027-assumed-unconfirmed"),
    pytest.param(sh(2027, 3, 1, 10), (10, "day"), "2027-03-11", False, id="2027-day-limit-unconfirmed"),
    pytest.param(sh(2026, 1, 31, 10), (1, "month"), "2026-02-28", True, id="month-end-clamped"),
])
def test_resolve_due(start, within, due, confirmed):
    result = resolve_due(TimeBox("deadline", 0, 0, within=Within(*within)), start)
    assert result.at.astimezone(SHANGHAI).date().isoformat() == due
    assert result.confirmed is confirmed


def test_uncovered_year_marks_slots_unconfirmed_and_never_raises():
    subject = deadline(sh(2027, 6, 1, 10), within=(3, "workday"))
    overdue = [s for s in islice(slots(subject), 10) if s.purpose == "overdue"]
    assert overdue and all(s.data.get("calendar_confirmed") is False for s in overdue)
    assert WorkdayCalendar().add_workdays(date(2027, 12, 30), 2) == date(2028, 1, 3)


@pytest.mark.parametrize(("now", "choice", "expected"), [
    pytest.param(sh(2026, 3, 2, 14), "hour", "03-02 15:00", id="snooze-an-hour"),
    pytest.param(sh(2026, 3, 2, 20, 30), "hour", "03-03 08:00", id="snooze-an-hour-into-quiet-hours"),
    pytest.param(sh(2026, 3, 2, 23, 0), "tomorrow", "03-03 09:00", id="snooze-until-tomorrow-morning"),
])
def test_snooze(now, choice, expected):
    assert f"{snooze_until(now, choice).astimezone(SHANGHAI):%m-%d %H:%M}" == expected


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 6, 1)),
    n=st.integers(min_value=1, max_value=40),
    unit=st.sampled_from(["hour", "day", "workday", "week", "month"]),
)
def test_slots_are_ordered_unique_and_never_in_quiet_hours(start, n, unit):
    subject = deadline(start.replace(tzinfo=SHANGHAI), within=(n, unit))
    produced = list(islice(slots(subject), 15))
    times = [s.planned_at for s in produced]
    assert times == sorted(times)
    assert len({s.key for s in produced}) == len(produced)
    for moment in times:
        local = moment.astimezone(SHANGHAI).time()
        assert time(8, 0) <= local < time(21, 0)
    assert all(t >= subject.started_at - timedelta(seconds=1) for t in times)
