"""The terminal console: a paste is one speech, typos are answered, 快进 fires what falls due in
order, the deployment's settings hold, and a session started later does not run time backwards."""

from __future__ import annotations

import asyncio
import io
import os
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlmodel import select, update

from bot import messages
from bot.console.app import run_console
from bot.console.session import parse_duration
from scheduler.config import PolicyConfig
from storage.db import make_engine, transaction
from storage.models import Nudge, ObligationChange, Speech
from tests.bot.console.sessions import open_console

SHANGHAI = ZoneInfo("Asia/Shanghai")
SPEECH = "同志们：市人社局要在3天内完成排查整改，办结后2天内报告销号。市住建局要在12月20日前报送改造计划。"
PARAGRAPHS = ("在全市重点工作推进会上的讲话\n\n同志们：今天这个会，主要是把年底前的几件事再压一压。\n\n"
              "一、市人社局要在5个工作日内完成欠薪线索排查。\n\n二、市住建局要在12月20日前报送改造计划。\n\n"
              "三、各区每月5日前报送上月工作进展。\n")


async def wait_for(out: list[str], needle: str, count: int = 1, timeout: float = 30.0) -> str:
    """The output once `needle` was printed `count` times (waits on progress; the timeout only guards)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        text = "\n".join(out)
        if text.count(needle) >= count:
            return text
        await asyncio.sleep(0.01)
    raise AssertionError(f"{needle!r} not printed {count}×:\n" + "\n".join(out))


@pytest.fixture
async def console(tmp_path):
    """A console on its own SQLite file whose clock reads Monday 2026-11-23 10:00 in Shanghai."""
    async with open_console(tmp_path, nudge_time=time(9, 30)) as opened:
        yield opened


async def test_a_speech_pasted_with_blank_lines_in_one_go_is_one_list(tmp_path):
    read_end, write_end = os.pipe()
    out: list[str] = []
    with os.fdopen(read_end, "r", encoding="utf-8") as stdin:
        session = asyncio.create_task(run_console(f"sqlite:///{tmp_path / 'c.db'}", stdin=stdin, out=out.append))
        await wait_for(out, "终端模式")
        os.write(write_end, PARAGRAPHS.encode())  # a paste: every line at once
        text = await wait_for(out, messages.CONSOLE_CONFIRM_HINT)
        os.write(write_end, b"confirm\n")
        text = await wait_for(out, "已确认")
        os.write(write_end, b"quit\n")
        assert await asyncio.wait_for(session, 30) == 0
    os.close(write_end)
    assert text.count("请核对") == 1 and messages.NO_ITEMS not in text
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with transaction(engine) as db:
        assert len(list(db.exec(select(Speech)))) == 1
    engine.dispose()
    assert "✅ 已确认 3 项督办事项" in text


async def test_typos_get_not_understood_and_commands_keep_working(console):
    session, out = console
    for line in ("confrim", "/lsit", "hello there"):
        await session.handle(line)
    await session.handle("已办结")
    await session.handle("/list")
    assert [line for line in out if line.startswith("没有看懂")] == [
        messages.CONSOLE_NOT_UNDERSTOOD.format(line=word) for word in ("confrim", "/lsit", "hello there")]
    assert messages.CONSOLE_NUMBER_NEEDED.format(example="done 3") in out
    assert out[-1] == messages.LIST_EMPTY


async def test_an_empty_paste_is_answered(console):
    """/paste then /end with nothing between (or /end alone), or /file without a path, says so
    instead of staying silent or answering 找不到文件：(nothing)."""
    session, out = console
    for line in ("/paste", "/end", "/end", "/file", "/file  "):
        await session.handle(line)
    assert out == [messages.CONSOLE_PASTE_STARTED, messages.CONSOLE_PASTE_EMPTY, messages.CONSOLE_PASTE_EMPTY,
                   messages.CONSOLE_FILE_USAGE, messages.CONSOLE_FILE_USAGE]
    for line in ("/paste", SPEECH, "/end"):
        await session.handle(line)
    assert "请核对" in out[-2] and messages.CONSOLE_PASTE_EMPTY not in out[5:]


async def test_a_jump_of_3_days_fires_the_reminders_due_in_it_in_order(console):
    session, out = console
    await session.handle_block(["市人社局要在3天内完成排查整改。", "市住建局要在2天内报送改造计划。"])
    await session.handle("confirm")
    with transaction(session.rt.engine) as db:
        assert list(db.exec(select(Nudge).where(Nudge.sent_at.is_not(None)))) == []
    await session.handle("快进 3天")
    fired = [(line.split("]")[0].strip("\n["), re.search(r"【#(\d+)】", line).group(1))
             for line in out if line.startswith("\n[")]
    assert fired == [("2026-11-24 09:30", "2"),  # 住建局: the day before its limit (11-25), at 09:30
                     ("2026-11-25 09:30", "1"),  # 人社局: the day before 11-26
                     ("2026-11-25 16:00", "2"),  # 住建局: 今天到期，是否已办结？
                     ("2026-11-26 09:30", "2")]  # 住建局: overdue (and escalated, in the same message)
    text = "\n".join(out)
    assert "补发" not in text and "点“✅" not in text and "done 2" in text
    assert out[-1] == messages.CONSOLE_ADVANCED.format(now="2026-11-26 10:00")
    with transaction(session.rt.engine) as db:
        sent = list(db.exec(select(Nudge).where(Nudge.sent_at.is_not(None)).order_by(Nudge.sent_at, Nudge.id)))
    assert [n.planned_at for n in sent] == sorted(n.planned_at for n in sent)
    assert all(n.sent_at - n.planned_at < timedelta(minutes=1) for n in sent)  # each at its own time


async def test_the_console_session_reads_a_whole_block_of_commands(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    lines = [SPEECH, "", "due 3 12月10日前", "confirm", "progress 1 已完成排查", "done 1", "/list", "/overdue",
             "/item 1", f"/export {tmp_path / 'ledger.xlsx'}", "/settings 提醒时间 09:30", "help",
             "/file " + str(tmp_path / "missing.txt"), f"/file {folder}", "/bind 市人社局 @zhangsan",
             "/paste", "市民政局要在5天内完成走访慰问。"]  # a /paste left open: read at EOF
    out: list[str] = []
    code = await run_console(f"sqlite:///{tmp_path / 'c.db'}", stdin=io.StringIO("\n".join(lines) + "\n"),
                             out=out.append, policy=PolicyConfig(nudge_time=time(8, 15)))
    text = "\n".join(out)
    assert code == 0 and out[-1] == messages.CONSOLE_BYE
    assert "请核对" in text and messages.CONSOLE_CONFIRM_HINT in text and "全部确认”" not in text
    assert "已修改【#3】" in text and "已确认 3 项" in text
    assert "已记录【#1】的进展" in text and "已办结【#1】" in text and "后续事项【#2】" in text
    assert "督办台账（办理中" in text and "状态：✅ 已办结" in text and "提醒时间：09:30" in text
    assert "找不到文件" in text and "是一个目录" in text
    assert messages.CONSOLE_TELEGRAM_ONLY.format(name="bind") in text
    assert "责任单位：市民政局" in text  # the open paste was still read
    rows = list(openpyxl.load_workbook(tmp_path / "ledger.xlsx").active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [1, 2, 3]


async def test_the_console_honours_the_deployment_settings(console):
    session, out = console
    await session.handle("/settings")
    assert "提醒时间：09:30" in out[-1] and "免打扰：21:00-08:00" in out[-1]


async def test_time_never_runs_backwards_between_sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    await run_console(url, stdin=io.StringIO(SPEECH + "\n\nconfirm\n"), out=[].append)
    engine = make_engine(url)
    with engine.begin() as connection:  # as if the first session had jumped far ahead
        connection.execute(update(ObligationChange).values(at=datetime(2030, 1, 1, 12, tzinfo=SHANGHAI)))
    engine.dispose()
    second: list[str] = []
    await run_console(url, stdin=io.StringIO("time\n"), out=second.append)
    assert any(line.startswith("现在是 2030-01-01 12:0") for line in second)


def test_durations():
    assert parse_duration("3天") == parse_duration("3d") == parse_duration(" 3 days ") == timedelta(days=3)
    assert parse_duration("12小时") == timedelta(hours=12) and parse_duration("2w") == timedelta(weeks=2)
    assert parse_duration("三天") is None and parse_duration("3") is None


async def test_a_jump_too_far_is_refused_and_time_stays(console):
    """快进 99999天 (a slip of the finger) would strand the console's file in another century,
    since time never runs back; it is refused and the clock does not move."""
    session, out = console
    before = session.now_text()
    await session.handle("快进 99999天")
    assert out[-1] == messages.CONSOLE_ADVANCE_TOO_FAR.format(days=366) and session.now_text() == before
    await session.handle("快进 52周")  # a year is still one jump
    assert out[-1].startswith("⏩ 已快进到 2027-11-22")


async def test_a_file_that_cannot_be_written_is_answered_and_the_session_goes_on(tmp_path):
    """/export into a path that cannot be made used to end the console with a traceback."""
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    read_end, write_end = os.pipe()
    out: list[str] = []
    with os.fdopen(read_end, "r", encoding="utf-8") as stdin:
        session = asyncio.create_task(run_console(f"sqlite:///{tmp_path / 'c.db'}", stdin=stdin, out=out.append))
        await wait_for(out, "终端模式")
        os.write(write_end, f"/export {blocker / 'x.xlsx'}\n".encode())
        await wait_for(out, "无法写入文件")
        os.write(write_end, b"/list\n")
        await wait_for(out, messages.LIST_EMPTY)
        os.write(write_end, b"quit\n")
        assert await asyncio.wait_for(session, 30) == 0
    os.close(write_end)
    assert any(line.startswith("无法写入文件") and "afile" in line for line in out)
