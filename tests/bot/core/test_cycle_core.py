"""The 督办 cycle in the conversation core (no Telegram): every clock can start, review before
销号 and 退回重办, extensions, co-owners and collective owners, per-chat numbers, one item per
task across speeches, and the flags shown at confirmation. SQLite, a fake clock."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
from sqlmodel import select

from bot import messages
from bot.core import admin, confirmation, export, intake
from bot.core.answers import answer_press, answer_reply
from bot.core.commands import parse_command, run_command
from bot.core.nudges import about
from bot.core.protocol import Action, Press, Purpose, ReplyContext
from bot.core.runtime import Runtime
from scheduler.notifier import NudgeMessage
from storage.db import transaction
from storage.models import Nudge, Obligation, ObligationChange
from storage.outbox import UNSETTLED

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT, OTHER_CHAT, ADMIN, OWNER, CO_OWNER = -4001, -4002, 1001, 2002, 3003
CYCLE = ("一、各县区要在收到通知之日起5个工作日内上报排查情况。\n"
         "二、市应急局要在发生险情后2小时内报告市政府。\n"
         "三、市财政局要在会前三天提交预算方案。\n"
         "四、市人社局要在12月20日前完成排查整改，办结后1天内报告销号。\n"
         "五、由市住建局牵头、市交通局配合，在12月31日前完成道路修复。\n"
         "六、市统计局每月10日前报送工作进展。")


def sh(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)



def command(rt: Runtime, text: str, user: int = ADMIN, chat: int = CHAT):
    parsed = parse_command(text, bot_username="duban_bot")
    assert parsed is not None, text
    return run_command(rt, chat_id=chat, user_id=user, command=parsed)


def press(rt: Runtime, action: Action, target: int, arg: str | None = None, user: int = ADMIN):
    return answer_press(rt, chat_id=CHAT, user_id=user, press=Press(action, target, arg))


def reply(rt: Runtime, purpose: Purpose, number: int, text: str, *, user: int = OWNER, is_admin: bool = True):
    return answer_reply(rt, chat_id=CHAT, user_id=user, context=ReplyContext(purpose, (number,)), text=text,
                        is_admin=is_admin)


def confirm_all(rt: Runtime, text: str = CYCLE, chat: int = CHAT):
    listing = intake.ingest(rt, chat_id=chat, user_id=ADMIN, text=text)
    assert listing is not None and listing.speech_id is not None
    return listing, confirmation.confirm_items(rt, chat_id=chat, speech_id=listing.speech_id, by=ADMIN)


def item(rt: Runtime, number: int, chat: int = CHAT) -> Obligation:
    with transaction(rt.engine) as session:
        return session.exec(select(Obligation).where(Obligation.chat_id == chat, Obligation.number == number)).one()


def unsent(rt: Runtime, number: int) -> list[Nudge]:
    row = item(rt, number)
    with transaction(rt.engine) as session:
        return list(session.exec(select(Nudge).where(Nudge.obligation_id == row.id, UNSETTLED)))


def changes(rt: Runtime, number: int, chat: int = CHAT) -> list[str]:
    row = item(rt, number, chat)
    with transaction(rt.engine) as session:
        return [c.change for c in session.exec(select(ObligationChange).where(
            ObligationChange.obligation_id == row.id).order_by(ObligationChange.id))]


# ---------------------------------------------------------------- every clock can start


def test_confirmation_flags_each_kind_of_clock(rt):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=CYCLE)
    text = listing.text
    assert messages.FLAG_RECEIPT in text  # #1: 收到通知之日起 starts at confirmation
    assert messages.FLAG_WAITING.format(event="发生险情", number=2) in text
    assert messages.FLAG_WAITING_BEFORE.format(event="会议", limit="3天") in text
    assert messages.FLAG_CHAIN.format(ref="#5", trigger="#4") in text  # 办结后 → its own sentence's item
    assert "市住建局（牵头）、市交通局（配合）" in text
    assert "ec:5" in [b.data for row in listing.buttons for b in row]


def test_receipt_item_starts_at_confirmation_and_event_items_wait(rt):
    _listing, confirmed = confirm_all(rt)
    receipt, waiting, before = item(rt, 1), item(rt, 2), item(rt, 3)
    assert receipt.started_at == sh(11, 23) and receipt.due_at == sh(11, 30, 23, 59).replace(second=59)
    assert unsent(rt, 1)  # reminded without any action
    assert waiting.started_at is None and not unsent(rt, 2) and before.started_at is None
    assert "待触发" in confirmed.text
    buttons = [b.data for row in confirmed.buttons for b in row]
    assert "ev:2" in buttons and "ea:2" in buttons and "ea:3" in buttons and "ev:3" not in buttons
    listed = command(rt, "/list").text
    assert "【#2】" in listed and "待触发" in listed
    assert "状态：⏳ 待触发" in command(rt, "/item 2").text


def test_an_event_recorded_now_or_at_a_typed_time_starts_the_clock(rt):
    confirm_all(rt)
    rt.clock.set(sh(11, 24, 15))
    started = press(rt, Action.EVENT_NOW, 2, user=OWNER)
    assert started.text.startswith("▶ 已记录【#2】") and "2026-11-24 17:00" in started.text
    assert item(rt, 2).due_at == sh(11, 24, 17) and unsent(rt, 2)
    assert press(rt, Action.EVENT_NOW, 2).text == messages.EVENT_NOT_WAITING.format(ref="【#2】")
    # a limit before an event: the date is asked for, and counted back from
    assert command(rt, "/event 3").text.startswith("【#3】按“会议”日期倒推时限")
    prompt = press(rt, Action.EVENT_ASK, 3, user=OWNER)
    assert prompt.purpose == Purpose.EVENT_TIME and prompt.force_reply
    assert reply(rt, Purpose.EVENT_TIME, 3, "看不懂的时间").text.startswith("没有看懂")
    recorded = reply(rt, Purpose.EVENT_TIME, 3, "会议时间 12月15日上午9点")
    assert "2026-12-12" in recorded.text and item(rt, 3).due_at.astimezone(SHANGHAI).date().isoformat() == "2026-12-12"


def test_a_typed_time_in_the_past_counts_from_then(rt):
    confirm_all(rt)
    rt.clock.set(sh(11, 23, 15))
    command(rt, "/event 2 险情发生 今天14:30", user=OWNER)
    assert item(rt, 2).due_at == sh(11, 23, 16, 30)


# ---------------------------------------------------------------- review and 退回重办


def test_review_return_and_approve(rt):
    confirm_all(rt)
    admin.bind(rt, chat_id=CHAT, owner="市人社局", user_id=OWNER, label="张三", by=ADMIN)
    submitted = press(rt, Action.DONE, 4, user=OWNER)
    assert "待管理员审核" in submitted.text and [b.data for b in submitted.buttons[0]] == ["ap:4", "rt:4"]
    # 通过 makes the item done (办结); 销号 is a separate sign-off (/close), so the owner is not told otherwise
    assert "通过即为办结" in submitted.text and "销号" not in submitted.text
    assert item(rt, 4).status == "review" and not unsent(rt, 4)  # nobody is chased meanwhile
    assert item(rt, 5).started_at is None  # the follow-up waits for 通过
    asked = press(rt, Action.RETURN, 4)
    assert asked.purpose == Purpose.RETURN_REASON
    assert reply(rt, Purpose.RETURN_REASON, 4, "材料不全", is_admin=False).text == messages.ONLY_ADMIN_EDITS
    returned = reply(rt, Purpose.RETURN_REASON, 4, "材料不全，请补充整改照片", user=ADMIN)
    assert "材料不全，请补充整改照片" in returned.text and OWNER in returned.mention_user_ids
    assert item(rt, 4).status == "open" and unsent(rt, 4)  # reminders resume
    press(rt, Action.DONE, 4, user=OWNER)
    approved = press(rt, Action.APPROVE, 4)
    assert approved.text.startswith("✅ 审核通过【#4】") and "后续事项【#5】" in approved.text
    assert item(rt, 4).status == "done" and item(rt, 5).due_at is not None
    assert changes(rt, 4)[-4:] == ["submitted", "returned", "submitted", "approved"]
    history = command(rt, "/item 4").text
    assert "退回重办：材料不全，请补充整改照片" in history and "审核通过" in history


def test_without_review_done_is_done(rt):
    command(rt, "/settings 办结审核 关")
    confirm_all(rt)
    assert press(rt, Action.DONE, 4).text.startswith("✅ 已办结【#4】")
    assert item(rt, 4).status == "done" and item(rt, 5).due_at is not None


def test_review_is_off_by_default_in_a_private_chat(rt):
    confirm_all(rt, chat=ADMIN)
    done = answer_press(rt, chat_id=ADMIN, user_id=ADMIN, press=Press(Action.DONE, 4))
    assert done.text.startswith("✅ 已办结【#4】")


# ---------------------------------------------------------------- extensions


def test_an_extension_approved_moves_the_reminders_and_keeps_the_original(rt):
    confirm_all(rt)
    original = item(rt, 4).due_at
    asked = reply(rt, Purpose.ITEM, 4, "申请延期 12月30日 资金尚未到位")
    assert "申请延至：2026-12-30" in asked.text and "资金尚未到位" in asked.text
    request_id = int(asked.buttons[0][0].data.split(":")[1])
    approved = press(rt, Action.EXTENSION_YES, request_id)
    assert "延至 2026-12-30" in approved.text
    row = item(rt, 4)
    assert row.original_due_at == original and row.due_at == sh(12, 30, 23, 59).replace(second=59)
    assert min(n.planned_at for n in unsent(rt, 4)) > original - timedelta(days=5)  # planned for the new date
    assert "原定 2026-12-20，已批准延期" in command(rt, "/item 4").text
    rt.clock.set(sh(12, 22))
    assert "【#4】" not in command(rt, "/overdue").text  # judged on the approved date
    name, data, _caption = export.export(rt, CHAT)
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book[messages.LEDGER_SHEET].iter_rows(values_only=True))
    extended = next(r for r in rows[1:] if r[0] == 4)
    assert extended[messages.LEDGER_HEADER.index("完成时限")] == "原定：2026-12-20\n延期至：2026-12-30（已批准）"
    history = list(book[messages.EXPORT_HISTORY_SHEET].iter_rows(values_only=True))
    assert any(r[0] == 4 and r[2] == "批准延期" for r in history)


def test_an_extension_refused_or_too_late(rt):
    confirm_all(rt)
    asked = command(rt, "/extend 4 12月30日 人手不足", user=OWNER)
    request_id = int(asked.buttons[0][1].data.split(":")[1])
    refused = press(rt, Action.EXTENSION_NO, request_id)
    assert refused.text.startswith("❌ 不同意延期【#4】") and item(rt, 4).original_due_at is None
    assert press(rt, Action.EXTENSION_YES, request_id).text == messages.EXTEND_DECIDED
    rt.clock.set(sh(12, 21))
    assert "【#4】" in command(rt, "/overdue").text  # judged on the original date
    assert "不能再申请延期" in command(rt, "/extend 4 12月30日", user=OWNER).text


# ---------------------------------------------------------------- owners, numbers


def test_reminders_mention_the_lead_co_owners_and_a_collectives_members(rt):
    confirm_all(rt)
    admin.bind(rt, chat_id=CHAT, owner="市住建局", user_id=OWNER, label="张三", by=ADMIN)
    admin.bind(rt, chat_id=CHAT, owner="市交通局", user_id=CO_OWNER, label="李四", by=ADMIN)
    admin.bind_members(rt, chat_id=CHAT, collective="各县区", members=["甲县、乙县"], by=ADMIN)
    admin.bind(rt, chat_id=CHAT, owner="乙县", user_id=4004, label="王五", by=ADMIN)
    assert "各县区 包括：甲县、乙县" in admin.bindings(rt, chat_id=CHAT).text

    def nudge_for(number: int) -> NudgeMessage:
        row = item(rt, number)
        return NudgeMessage(obligation_id=row.id, chat_id=CHAT, purpose="before_due", slots=("x",),
                            planned_at=sh(11, 24), owner=row.owner, action=row.action, quote=row.quote,
                            kind=row.kind, due_at=row.due_at)

    road = about(rt.engine, nudge_for(6))
    assert road.number == 6 and road.mention_user_ids == (OWNER, CO_OWNER)
    assert road.owners == "市住建局（牵头）、市交通局（配合）"
    assert about(rt.engine, nudge_for(1)).mention_user_ids == (4004,)
    # a co-owner's 已办结 is a report; the lead's counts
    assert press(rt, Action.DONE, 6, user=CO_OWNER).text.startswith("📝 已记录：【#6】配合单位")
    assert item(rt, 6).status == "open"
    press(rt, Action.DONE, 6, user=OWNER)
    assert item(rt, 6).status == "review"


def test_item_numbers_are_per_chat(rt):
    confirm_all(rt, chat=CHAT)
    listing, _ = confirm_all(rt, chat=OTHER_CHAT)
    first, other = item(rt, 1, CHAT), item(rt, 1, OTHER_CHAT)
    assert first.id != other.id and "【#1】" in listing.text  # each group counts from #1
    assert [b.data for b in listing.buttons[0]] == [f"ca:{listing.speech_id}:1-7"]
    assert command(rt, "/item 1", chat=OTHER_CHAT).text.startswith("【#1】")
    assert command(rt, "/item 9", chat=OTHER_CHAT).text == messages.ITEM_NOT_FOUND.format(id=9)


# ---------------------------------------------------------------- one item per task


def test_the_same_speech_pasted_again_is_recognised(rt):
    listing, _ = confirm_all(rt)
    again = CYCLE.replace("\n", "\n\n  ").replace("，", ", ").replace("12月31日", "12月30日")
    second = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=again)
    assert second.text.startswith("这篇讲话与") and "基本相同" in second.text
    assert second.speech_id == listing.speech_id
    with transaction(rt.engine) as session:
        assert len(list(session.exec(select(Obligation)))) == 7


def test_a_repeated_item_is_merged_into_the_open_one(rt):
    confirm_all(rt)
    later = "在今天的调度会上再次强调：市人社局要抓紧在12月15日前完成排查整改工作。市水利局要在12月25日前完成堤防加固。"
    rt.clock.set(sh(11, 25))
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=later)
    assert "与#4相同？" in listing.text and "kp:8" in [b.data for row in listing.buttons for b in row]
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN)
    assert item(rt, 8).status == "merged" and item(rt, 9).status == "open"
    assert changes(rt, 4)[-1] == "mentioned"
    assert "再次部署：在2026-11-25的讲话中再次提出" in command(rt, "/item 4").text


def test_keep_separate_when_it_is_not_the_same_task(rt):
    confirm_all(rt)
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text="市人社局要在12月15日前完成排查整改工作。")
    kept = press(rt, Action.KEEP, 8)
    assert "与#4相同？" not in kept.text
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN)
    assert item(rt, 8).status == "open"


# ---------------------------------------------------------------- flags, recurring


def test_flags_for_no_owner_a_past_limit_and_a_vague_limit(rt):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text="要在2025年10月底前完成校舍排查。")
    assert messages.FLAG_NO_OWNER in listing.text and "⚠️ 时限已过（2025-10-31）" in listing.text
    with transaction(rt.engine) as session:  # a vague limit, as extraction may hand one over
        row = session.exec(select(Obligation)).one()
        row.timebox = {"kind": "deadline", "within": None, "due": None, "every": None, "event": None}
        session.add(row)
    command(rt, "/settings 默认时限 10")
    view = confirmation.show_page(rt, chat_id=CHAT, speech_id=listing.speech_id, page=0)
    assert messages.FLAG_VAGUE.format(days=10) in view.text
    fixed = press(rt, Action.DEFAULT_LIMIT, 1)
    assert "2026-12-03" in fixed.text and messages.FLAG_VAGUE.format(days=10) not in fixed.text


def test_a_recurring_item_shows_its_next_due_day_and_a_missed_period_is_overdue(rt):
    confirm_all(rt)
    assert "（下次：2026-12-10）" in command(rt, "/item 7").text
    rt.clock.set(sh(12, 11))
    assert "【#7】" in command(rt, "/overdue").text
    assert "状态：🟡 滞后（漏报1期）" in command(rt, "/item 7").text  # a missed report is 🟡 (issue 11)
    reply(rt, Purpose.ITEM, 7, "本月进展：已完成80%")  # the period due 2027-01-10 has its report
    rt.clock.set(sh(1, 11).replace(year=2027))
    assert "状态：办理中" in command(rt, "/item 7").text
    rt.clock.set(sh(2, 11).replace(year=2027))
    assert "状态：🟡 滞后（漏报1期）" in command(rt, "/item 7").text


def test_a_meeting_still_to_come_starts_the_clock_then(rt):
    """会后3天内 with the meeting's time typed in advance: counted from the meeting, not from now."""
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text="市发改委要在会议结束后3天内报送会议纪要。")
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN)
    assert "待触发" in command(rt, "/list").text
    command(rt, "/event 1 会议时间 12月15日上午9点")
    row = item(rt, 1)
    assert row.started_at == sh(12, 15, 9) and row.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-12-18"


def test_the_chain_can_be_changed_at_confirmation(rt):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=CYCLE)
    asked = press(rt, Action.EDIT_CHAIN, 5)
    assert asked.purpose == Purpose.EDIT_CHAIN and asked.force_reply
    assert reply(rt, Purpose.EDIT_CHAIN, 5, "#99").text.startswith("没有找到")
    changed = reply(rt, Purpose.EDIT_CHAIN, 5, "#6")
    assert messages.FLAG_CHAIN.format(ref="#5", trigger="#6") in changed.text
    unchained = reply(rt, Purpose.EDIT_CHAIN, 5, "无")
    assert "未找到对应的前序事项" in unchained.text
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN)
    assert item(rt, 5).trigger_id is None and "待触发" in command(rt, "/item 5").text


def test_the_default_limit_replaces_only_a_vague_limit(rt):
    """按默认时限 (limit N in the console, or an old button) on an item with a date or a
    recurrence leaves it as it is: 每月10日前 stays a recurrence."""
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=CYCLE)
    assert listing is not None
    for number in (4, 7):  # 12月20日前; 每月10日前
        before = item(rt, number).timebox
        assert press(rt, Action.DEFAULT_LIMIT, number).text == messages.LIMIT_NOT_VAGUE.format(ref=f"【#{number}】")
        assert item(rt, number).timebox == before
    assert item(rt, 7).kind == "recurring"


def test_keep_separate_on_an_item_not_taken_for_a_repeat_changes_nothing(rt):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=CYCLE)
    assert listing is not None
    answer = press(rt, Action.KEEP, 4)
    assert answer.text == messages.KEEP_NOT_DUPLICATE.format(ref="【#4】")
    assert "edited" not in changes(rt, 4)  # no empty 修改 in its history
