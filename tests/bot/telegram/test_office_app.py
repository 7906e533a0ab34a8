"""End to end, the supervision office's view (issue 11) through the real Application, the loopback
fake Bot API, a SQLite file and a hand-moved clock: a week of items in every colour, the escalation
ladder's three steps on their working days (and a snoozed item held back), the Monday 通报 posted
once across restarts with its chart decoded, /report docx, /ics and /export read back."""

from __future__ import annotations

import io

import docx
import openpyxl
from icalendar import Calendar
from PIL import Image
from sqlmodel import select

from bot import messages
from storage.db import transaction
from storage.models import Bulletin
from tests.bot.telegram.fake_bot_api import DEFAULT_USER, forward_origin_user, make_user
from tests.bot.telegram.harness import GROUP, callbacks_of, next_slot_at, sh

OWNER = make_user(2002, "李四", "lisi")
ADMIN = DEFAULT_USER["id"]
WEEK = ("一、市人社局要在3天内完成排查整改。\n"
        "二、市住建局要在11月24日前报送改造计划。\n"
        "三、市交通局要在12月31日前完成道路修复。\n"
        "四、市应急局要在发生险情后2小时内报告市政府。\n"
        "五、市财政局要在11月27日前提交预算方案。\n"
        "六、市统计局每周五报送工作进展。\n"
        "七、市民政局要在12月3日前完成走访慰问。")
LATE = ("一、市人社局要在11月25日前完成排查整改。\n"
        "二、市住建局要在11月25日前报送改造计划。")


async def forward_and_confirm(h, text: str) -> None:
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    h.server.inject_text(text, chat_type="group", chat_id=GROUP, forward_origin=forward_origin_user())
    listing = await h.wait_text("请核对", chat_id=GROUP)
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
    await h.wait_edit("已确认")


async def ask(h, command: str, fragment: str, count: int = 1):
    h.server.inject_text(command, chat_type="group")
    return await h.wait_text(fragment, count=count, chat_id=GROUP)


async def run_until(h, moment) -> None:
    """Move the clock slot by slot up to `moment`, as the timer would wake the sweeper."""
    while (wake := next_slot_at(h)) is not None and wake <= moment:
        await h.advance_to(wake)
    await h.advance_to(moment)


async def detail(h, number: int) -> str:
    """/item N: its answer's text."""
    h.server.inject_text(f"/item {number}", chat_type="group")
    call = await h.server.wait_for_call(
        "sendMessage", lambda c: c.ok and c.params.get("text", "").startswith(f"【#{number}】\n事项"))
    return call["text"]


def group_texts(h, fragment: str) -> list[str]:
    return [t for t in h.texts(GROUP) if fragment in t]


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


async def test_a_week_of_items_in_every_colour(h):
    await forward_and_confirm(h, WEEK)
    await ask(h, "/settings 办结审核 关", "设置已更新")
    await ask(h, "/close 5", "已销号【#5】")
    await run_until(h, sh(2026, 11, 25, 10))
    nudge = group_texts(h, "已逾期【#2】")
    assert nudge and nudge[0].startswith("⚠️ 已逾期【#2】 🔴")  # the reminder carries the item's colour
    await run_until(h, sh(2026, 12, 3, 10))  # ten days on: 市交通局 has reported nothing since 11-23

    listing = await ask(h, "/list", "督办台账（办理中")
    text = listing["text"]
    assert text.startswith("督办台账（办理中，共 6 项：🔴2 · 🟡2 · 🔵1 · 其他1）")
    owners = [line.split("（")[0].lstrip("▍") for line in text.splitlines() if line.startswith("▍")]
    assert owners == ["市交通局", "市民政局", "市人社局", "市统计局", "市应急局", "市住建局"]  # 音序, never a rank
    assert "🟡 【#3】 完成道路修复" in text and "滞后（10天无进展）" in text
    assert "🔵 【#7】 完成走访慰问" in text and "临期（今天到期）" in text
    assert "🔴 【#1】 完成排查整改" in text and "🔴 【#2】 报送改造计划" in text
    assert "🟡 【#6】 报送工作进展" in text and "滞后（漏报1期）" in text
    assert "【#4】 报告市政府" in text and "待触发" in text and "【#5】" not in text
    assert "状态：✅ 已销号" in await detail(h, 5)
    assert "状态：⏳ 待触发" in await detail(h, 4)
    assert "状态：🔴 已逾期9天" in await detail(h, 2)

    await ask(h, "/settings 临期 0", "设置已更新")  # the chat turns 🔵 off
    listing = await ask(h, "/list", "督办台账（办理中", count=2)
    assert listing["text"].startswith("督办台账（办理中，共 6 项：🔴2 · 🟡2 · 其他2）")
    overdue = await ask(h, "/overdue", "督办台账（已逾期")
    assert "共 3 项：🔴2 · 🟡1" in overdue["text"]  # past the deadline, or a report missed


async def test_the_ladder_steps_the_snooze_holds_and_the_monday_bulletin_goes_out_once(h):
    await forward_and_confirm(h, LATE)
    said = h.server.inject_text("我是人社局的", chat_type="group", user=OWNER)
    h.server.inject_text("/bind 市人社局", chat_type="group", reply_to=said["message"]["message_id"])
    await h.wait_text("已绑定：市人社局")

    await run_until(h, sh(2026, 11, 26, 9))  # the 1st overdue working day: the owner's bound users
    first = group_texts(h, "已逾期【#1】")
    assert len(first) == 1 and "tg://user?id=2002" in first[0] and "提请" not in first[0]
    await run_until(h, sh(2026, 11, 27, 9))
    day_two = await h.wait_text("已逾期【#2】", count=2, chat_id=GROUP)

    # Monday 08:30: #2 is snoozed for an hour; its 3rd-day step waits for the snooze's end
    await run_until(h, sh(2026, 11, 30, 8, 30))
    h.server.inject_callback_query("z:2", message=day_two.result)
    choices = await h.wait_text("什么时候再提醒")
    h.server.inject_callback_query("z:2:h", message=choices.result)
    await h.wait_edit("将于 11-30 09:30 再次提醒【#2】")
    await run_until(h, sh(2026, 11, 30, 9))  # the 3rd overdue working day
    escalated = [t for t in group_texts(h, "已逾期【#1】") if "提请督办负责同志关注" in t]
    assert len(escalated) == 1 and "tg://user?id=1001" in escalated[0]  # nobody started the bot: mentioned
    assert not [t for t in h.texts(GROUP) if "【#2】" in t and "提请" in t]  # held back by the snooze

    h.server.inject_text("/start")  # the admin starts the bot in a private chat
    await h.wait_text("您好！我是督办助手", chat_id=ADMIN)
    await run_until(h, sh(2026, 11, 30, 9, 30))  # the snooze ends: #2 climbs now
    held = [t for t in h.texts(GROUP) if "【#2】" in t and messages.NUDGE_ESCALATE_PRIVATE in t]
    assert len(held) == 1
    private = [t for t in h.texts(ADMIN) if t.startswith("🔺 督办提醒")]
    assert len(private) == 1 and "【#2】" in private[0]

    await run_until(h, sh(2026, 12, 3, 9))
    assert not group_texts(h, "将列入下期督办通报")
    await run_until(h, sh(2026, 12, 4, 9))  # the 7th overdue working day: named in the next 通报
    noticed = group_texts(h, "将列入下期督办通报")
    assert sorted(t.split("\n")[0] for t in noticed) == ["⚠️ 已逾期【#1】 🔴", "⚠️ 已逾期【#2】 🔴"]

    # Monday morning: the bot restarts before and after 09:00; the 通报 goes out once
    await run_until(h, sh(2026, 12, 7, 8))
    await h.restart()
    await run_until(h, sh(2026, 12, 7, 9))
    bulletin = await h.wait_text("督办通报\n截至", count=2, chat_id=GROUP)  # the 11-30 one came a week ago
    await h.server.wait_for(lambda: len(h.server.uploaded_photos(GROUP)) == 2)
    h.clock.set(sh(2026, 12, 7, 9, 30))
    await h.restart()
    await h.runtime.sweep_loop.tick()
    text = bulletin["text"]
    assert text.startswith("上周（11月30日—12月6日）督办通报")
    assert "共有督办事项2项：办理中2项（其中逾期2项）" in text  # the ledger's numbers
    assert "逾期满7天、需重点督办的事项2项" in text and "市人社局（1项）：【#1】" in text
    heads = [t.split("\n")[0] for t in h.texts(GROUP) if "督办通报" in t.split("\n")[0]]
    assert heads == ["上周（11月23日—11月29日）督办通报", "上周（11月30日—12月6日）督办通报"]  # each once
    _first, png = h.server.uploaded_photos(GROUP)
    image = decoded(png).convert("RGB")
    assert image.width >= 1000 and image.height >= 300
    assert len(image.getcolors(maxcolors=1 << 20) or ()) > 50  # bars, labels and a legend, not a blank page
    with transaction(h.runtime.engine) as session:
        rows = list(session.exec(select(Bulletin)))
    assert [(r.chat_id, r.period, r.sent_at is not None) for r in rows] == [
        (GROUP, "2026-11-30", True), (GROUP, "2026-12-07", True)]


async def test_report_docx_ics_and_export_read_back(h):
    await forward_and_confirm(h, WEEK)
    await run_until(h, sh(2026, 11, 26, 10))

    report = await ask(h, "/report 本月", "本月（11月1日—11月30日）督办通报")
    assert "新交办事项7项" in report["text"]
    await h.server.wait_for(lambda: h.server.uploaded_photos(GROUP))
    assert decoded(h.server.uploaded_photos(GROUP)[0]).format == "PNG"

    h.server.inject_text("/report docx", chat_type="group")
    await h.server.wait_for(lambda: h.server.uploaded_documents())
    name, data = h.server.uploaded_documents()[-1]
    assert name == "督办通报-20261126.docx"
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "督办通报" in paragraphs and any(p.startswith("三、逾期未办结事项1项") for p in paragraphs)
    assert document.inline_shapes and document.tables[0].rows[0].cells[0].text == "责任单位"

    h.server.inject_text("/ics", chat_type="group")
    await h.server.wait_for(lambda: len(h.server.uploaded_documents()) == 2)
    name, data = h.server.uploaded_documents()[-1]
    assert name.endswith(".ics")
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 6  # the open items with a date or a series; 待触发 #4 has none
    weekly = next(e for e in events if "【#6】" in str(e["SUMMARY"]))
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["FR"]
    h.server.inject_text("/ics 市统计局", chat_type="group")
    await h.server.wait_for(lambda: len(h.server.uploaded_documents()) == 3)
    only = Calendar.from_ical(h.server.uploaded_documents()[-1][1]).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in only] == [str(weekly["SUMMARY"])]

    h.server.inject_text("/export", chat_type="group")
    await h.server.wait_for(lambda: len(h.server.uploaded_documents()) == 4)
    book = openpyxl.load_workbook(io.BytesIO(h.server.uploaded_documents()[-1][1]))
    assert book.sheetnames == [messages.LEDGER_SHEET, messages.EXPORT_HISTORY_SHEET]
    sheet = book[messages.LEDGER_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == messages.LEDGER_HEADER and [r[0] for r in rows[1:]] == [1, 2, 3, 4, 5, 6, 7]
    status = messages.LEDGER_HEADER.index("状态") + 1
    fills = {sheet.cell(row, 1).value: sheet.cell(row, status).fill.fgColor.rgb for row in range(2, 9)}
    assert fills[2].endswith("FFC7CE") and fills[1].endswith("BDD7EE")  # 🔴 overdue, 🔵 due today
    assert sheet.cell(3, status).value == "已逾期2天" and sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape"
    history = list(book[messages.EXPORT_HISTORY_SHEET].iter_rows(values_only=True))
    assert any(r[0] == 2 and r[2] == "发送提醒" for r in history)
