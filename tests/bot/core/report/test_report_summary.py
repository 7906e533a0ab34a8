"""summarise(): which items a 通报 names in a period, and the chart's per-owner counts; the periods."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.report.model import OwnerTally
from bot.core.report.period import everything, last_week, period_named, this_month, this_week
from bot.core.report.summary import summarise
from bot.core.report.wording import owner_key
from tests.bot.core.report.rows import NOW, TZ, ledger


def numbers(rows) -> list[int]:
    return [row.number for row in rows]


def test_last_week_report_names_each_item_where_it_belongs():
    data = summarise(ledger(), last_week(NOW), NOW, escalated=[9, 99])
    assert numbers(data.rows) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13]  # #11 was cancelled
    assert numbers(data.new) == [4, 10]  # assigned 11-16 and 11-17
    assert numbers(data.done_on_time) == [1, 12]
    assert numbers(data.done_late) == [2]
    assert numbers(data.overdue) == [3, 9]  # 市财政局 before 市住建局 (cai < zhu)
    assert numbers(data.review) == [8]
    assert numbers(data.waiting) == [7]
    assert numbers(data.missed) == [6]
    assert numbers(data.escalated) == [9]  # an unknown number is ignored


def test_the_period_decides_what_was_new_and_done():
    week = summarise(ledger(), this_week(NOW), NOW)  # Monday 00:00 to 09:00: nothing yet
    assert (week.new, week.done_on_time, week.done_late) == ((), (), ())
    assert numbers(week.overdue) == [3, 9]  # the state now does not depend on the period
    everything_ = summarise(ledger(), everything(NOW), NOW)
    assert numbers(everything_.new) == numbers(everything_.rows)
    assert numbers(everything_.done_on_time) == [1, 12]


def test_tallies_count_per_lead_owner_in_name_order():
    data = summarise(ledger(), last_week(NOW), NOW)
    tallies = {t.owner: t for t in data.tallies}
    assert tallies["市财政局"] == OwnerTally("市财政局", done_on_time=1, done_late=0, open=1, overdue=1)
    assert tallies["市住建局"] == OwnerTally("市住建局", done_on_time=0, done_late=1, open=1, overdue=1)
    assert tallies["市人社局"] == OwnerTally("市人社局", open=1)  # awaiting review counts as open
    assert "市审计局" not in tallies  # a co-owner has no bar of its own
    assert "市交通局" not in tallies  # cancelled
    owners = [t.owner for t in data.tallies]
    assert owners == ["市财政局", "市教育局", "市人社局", "市水利局", "市统计局", "市卫健委", "市应急管理局",
                      "市住建局"]
    # every live item is counted once: the nine not done, and the three done (all of them last week)
    assert sum(t.total for t in data.tallies) == len(data.rows) == 12


def test_name_order_is_pinyin_order_for_common_characters_and_unknown_owner_last():
    names = ["市住建局", None, "市财政局", "县农业农村局", "市公安局", "区民政局"]
    assert sorted(names, key=owner_key) == ["区民政局", "市财政局", "市公安局", "市住建局", "县农业农村局", None]


@pytest.mark.parametrize(("make", "start", "end", "label"), [
    (this_week, datetime(2026, 11, 23, tzinfo=TZ), NOW, "本周（11月23日—11月29日）"),
    (last_week, datetime(2026, 11, 16, tzinfo=TZ), datetime(2026, 11, 23, tzinfo=TZ), "上周（11月16日—11月22日）"),
    (this_month, datetime(2026, 11, 1, tzinfo=TZ), NOW, "本月（11月1日—11月30日）"),
    (everything, None, NOW, "全部（截至11月23日）"),
], ids=["this week", "last week", "this month", "everything"])
def test_periods(make, start, end, label):
    period = make(NOW)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_period_on_a_sunday_and_in_december():
    sunday = datetime(2026, 11, 29, 22, 0, tzinfo=TZ)
    assert this_week(sunday).start == datetime(2026, 11, 23, tzinfo=TZ)
    assert last_week(sunday).label == "上周（11月16日—11月22日）"
    assert this_month(datetime(2026, 12, 31, 8, 0, tzinfo=TZ)).label == "本月（12月1日—12月31日）"


def test_period_named():
    assert period_named("", NOW) == this_week(NOW)
    assert period_named("本月", NOW) == this_month(NOW)
    assert period_named("全部", NOW) == everything(NOW)
    assert period_named("明年", NOW) is None
