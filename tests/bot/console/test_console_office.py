"""The console shows the office's view as Telegram does: the weekly 通报 printed as 快进 passes
Monday 09:00 (its chart saved to a file whose path is printed), /report, /report docx, /ics and
/export written under the data folder with their paths printed."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar
from PIL import Image

from tests.bot.console.sessions import open_console, said

SPEECH = ("一、市人社局要在11月25日前完成排查整改。\n"
          "二、市统计局每周五报送工作进展。")


@pytest.fixture
async def console(tmp_path):
    async with open_console(tmp_path, files=tmp_path / "data", publisher=True) as opened:
        yield opened


def saved(text: str, pattern: str) -> Path:
    match = re.search(rf"(\S*{pattern})", text)
    assert match, text
    path = Path(match.group(1))
    assert path.is_file()
    return path


async def test_the_console_prints_the_bulletin_and_writes_the_files(console, tmp_path):
    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    await said(session, out, "confirm")
    passed = await said(session, out, "快进 7天")  # Monday 11-30 09:00 passes
    assert "上周（11月23日—11月29日）督办通报" in passed and "逾期未办结事项1项" in passed
    chart = saved(passed, r"督办通报图表-20261130\.png")
    assert chart.parent == tmp_path / "data" and Image.open(chart).size[0] >= 1000
    assert "⚠️ 已逾期【#1】 🔴" in passed

    report = await said(session, out, "/report 全部")
    assert "全部（截至11月30日）督办通报" in report and "共有督办事项2项" in report
    word = saved(await said(session, out, "/report docx"), r"\.docx")
    assert "督办通报" in [p.text for p in docx.Document(str(word)).paragraphs]
    feed = saved(await said(session, out, "/ics"), r"\.ics")
    series = [e for e in Calendar.from_ical(feed.read_bytes()).walk("VEVENT") if "RRULE" in e]
    assert [e["RRULE"]["BYDAY"] for e in series] == [["FR"]]
    ledger = saved(await said(session, out, "/export"), r"\.xlsx")
    assert ledger.parent == tmp_path / "data"
    rows = list(openpyxl.load_workbook(ledger).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [1, 2] and rows[1][6] == "已逾期5天"
