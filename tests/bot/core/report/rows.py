"""A chat's ledger on Monday 2026-11-23 09:00 (Asia/Shanghai): one item of every colour and stage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.report.grade import regraded
from bot.core.report.model import Grade, LedgerRow, Stage
from extraction.model import Every, Kind

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


def day(month: int, dom: int, year: int = 2026) -> datetime:
    """The end of a day, as the ledger stores a date-only deadline."""
    return datetime.combine(date(year, month, dom), time(23, 59, 59), TZ)


def at(month: int, dom: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, dom, hour, minute, tzinfo=TZ)


def row(number: int, owner: str | None, task: str, stage: Stage = Stage.OPEN, **fields: object) -> LedgerRow:
    base = LedgerRow(number=number, task=task, owner=owner, stage=stage, grade=Grade.OPEN,
                     source_title="全市重点工作推进会讲话", source_date=date(2026, 10, 20), assigned_at=at(10, 20))
    return replace(base, **fields)  # type: ignore[arg-type]


def ledger() -> list[LedgerRow]:
    rows = [
        row(1, "市财政局", "拨付第一批专项资金", Stage.DONE, assigned_at=at(11, 10), original_due=day(11, 20),
            done_at=at(11, 19), progress_text="资金已拨付", progress_at=at(11, 19)),
        row(2, "市住建局", "报送老旧小区改造方案", Stage.DONE, assigned_at=at(11, 10), original_due=day(11, 18),
            done_at=at(11, 20, 16)),
        row(3, "市财政局", "完成预算执行情况分析", original_due=day(11, 20), assigned_at=at(11, 10),
            co_owners=("市审计局", "市税务局")),
        row(4, "市教育局", "制定校园安全排查方案", original_due=day(11, 25), assigned_at=at(11, 16)),
        row(5, "市卫健委", "推进基层医疗机构标准化建设", original_due=day(12, 31), assigned_at=at(11, 1)),
        row(6, "市统计局", "报送主要经济指标", kind=Kind.RECURRING, every=Every(1, "month", day_of_month=10),
            original_due=day(12, 10), missed_reports=1, assigned_at=at(10, 20)),
        row(7, "市应急管理局", "启动应急响应并报告", Stage.WAITING, kind=Kind.ON_EVENT,
            limit_text="发生险情后2小时内"),
        row(8, "市人社局", "完成就业补贴发放", Stage.REVIEW, original_due=day(11, 30), assigned_at=at(11, 2),
            done_at=at(11, 21)),
        row(9, "市住建局", "完成危房排查整治", original_due=day(11, 10), approved_due=None, assigned_at=at(10, 20),
            progress_text="已排查80%", progress_at=at(11, 5)),
        row(10, "市财政局", "完成年度绩效评价", original_due=day(12, 15, 2026), assigned_at=at(11, 17),
            progress_text="已印发评价通知", progress_at=at(11, 20)),
        row(11, "市交通局", "已撤销的事项", Stage.CANCELLED, original_due=day(11, 30)),
        row(12, "市水利局", "完成河道清淤", Stage.CLOSED, assigned_at=at(11, 2), original_due=day(11, 20),
            done_at=at(11, 17), closed_at=at(11, 18)),
        row(13, "市住建局", "完成燃气管道改造", original_due=day(11, 20), approved_due=day(12, 20),
            assigned_at=at(11, 3), progress_text="已完成一半", progress_at=at(11, 18)),
    ]
    return regraded(rows, NOW)


EXPECTED_GRADES = {1: Grade.DONE, 2: Grade.DONE, 3: Grade.OVERDUE, 4: Grade.DUE_SOON, 5: Grade.BEHIND,
                   6: Grade.BEHIND, 7: Grade.WAITING, 8: Grade.OPEN, 9: Grade.OVERDUE, 10: Grade.OPEN,
                   11: Grade.OPEN, 12: Grade.DONE, 13: Grade.OPEN}
