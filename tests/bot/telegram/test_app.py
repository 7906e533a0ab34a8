"""End to end: the real Application (bot.telegram.app) against the fake Bot API, a SQLite file and a
hand-moved clock. Speeches in, confirmation, nudges out at their times, replies back."""

from __future__ import annotations

import io
from datetime import time, timedelta

import openpyxl
from docx import Document
from sqlmodel import select

from bot import messages
from scheduler.config import PolicyConfig
from storage.db import transaction
from storage.models import KnownUser, Nudge, ProgressReport, Speech
from tests.bot.telegram.fake_bot_api import DEFAULT_USER, forward_origin_user, make_user
from tests.bot.telegram.harness import GROUP, callbacks_of, make_harness, next_slot_at, sh

PART1 = ("在全市重点工作推进会上的讲话\n同志们：今天召开这次会议，主要是对年底前各项重点工作再部署、再推进。"
         "下面，我讲几点意见。")
PART2 = "会议要求，市人社局要在5个工作日内完成排查整改，办结后2天内报告销号。"
PART3 = "市住建局要在12月20日前报送改造计划。各责任单位每月5日前报送上月工作进展。"
SPEECH = PART1 + "\n" + PART2 + "\n" + PART3
OTHER = make_user(2002, "李四", "lisi")


async def forward_and_confirm(h, chat_type="group", review=False):
    """Forward SPEECH into the group, press 全部确认; returns the confirmation list's message.
    Without `review`, the group turns 办结审核 off first (today's flow: 已办结 is done)."""
    if chat_type == "group":
        h.server.set_chat_admins(GROUP, [DEFAULT_USER])
        if not review:
            h.server.inject_text("/settings 办结审核 关", chat_type="group")
            await h.wait_text("办结审核：关")
        h.server.inject_text(SPEECH, chat_type="group", forward_origin=forward_origin_user())
    else:
        h.server.inject_text(SPEECH)
    listing = await h.wait_text("请核对")
    message = listing.result
    h.server.inject_callback_query(callbacks_of(listing)[0], message=message)
    await h.wait_edit("已确认")
    return message


# ---------------------------------------------------------------- intake


async def test_a_speech_forwarded_in_three_parts_gives_one_list(h):
    for part in (PART1, PART2, PART3):
        h.server.inject_text(part, forward_origin=forward_origin_user())
    call = await h.wait_text("请核对")
    with transaction(h.runtime.engine) as session:
        speeches = list(session.exec(select(Speech)))
    assert len(speeches) == 1 and speeches[0].text == SPEECH
    items = h.items()
    assert [i.owner for i in items] == ["市人社局", "市人社局", "市住建局", "各责任单位"]
    assert all(i.status == "pending" for i in items)
    text = call["text"]
    for needle in ("事项：完成排查整改", "责任单位：市人社局", "时限：2026-11-30　“5个工作日内”", "原文：",
                   "时限：每月5日前"):
        assert needle in text
    assert callbacks_of(call)[:4] == ["ca:1:1-4", "rm:1", "ed:1", "eo:1"]
    assert len([t for t in h.texts() if "请核对" in t]) == 1
    assert next_slot_at(h) is None  # nothing is scheduled before confirmation


async def test_docx_and_gb18030_txt_documents(h):
    document = Document()
    for line in SPEECH.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    h.server.inject_document(buffer.getvalue(), "讲话.docx")
    await h.wait_text(messages.PARSING)
    edited = await h.wait_edit("请核对")
    assert "市住建局" in edited["text"] and "ca:1:1-4" in callbacks_of(edited)

    h.server.inject_document(("市民政局要在3天内完成走访慰问。" * 3).encode("gb18030"), "通知.txt")
    edited = await h.server.wait_for_call("editMessageText", lambda c: "市民政局" in c["text"])
    assert "请核对" in edited["text"]
    assert {i.owner for i in h.items()} >= {"市民政局", "市住建局"}


async def test_documents_too_large_or_unreadable_are_refused(h):
    h.server.inject_document(b"x", "big.pdf", file_size=30 * 1024 * 1024)
    await h.wait_text("文件过大")
    h.server.inject_document(b"\xd0\xcf\x11\xe0old word", "讲话.doc")
    await h.wait_edit("旧版 Word")
    assert h.items() == []


async def test_extract_as_a_reply_in_a_group(h):
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    short = h.server.inject_text(PART2, chat_type="group")  # short and not forwarded: ordinary chat
    h.server.inject_text("/extract", chat_type="group", reply_to=short["message"]["message_id"])
    await h.wait_text("请核对", chat_id=GROUP)
    assert len(h.items(GROUP)) == 2


async def test_edit_due_and_owner_and_delete_before_confirming(h):
    h.server.inject_text(SPEECH)
    listing = await h.wait_text("请核对")
    h.server.inject_callback_query("ed:3", message=listing.result)
    prompt = await h.wait_text(messages.EDIT_DUE_MARK)
    assert prompt["reply_markup"]["force_reply"] is True
    h.server.inject_text("12月10日前", reply_to=prompt.result["message_id"])
    await h.wait_text("已修改【#3】")
    h.server.inject_callback_query("eo:3", message=listing.result)
    prompt = await h.wait_text(messages.EDIT_OWNER_MARK)
    h.server.inject_text("市城管局", reply_to=prompt.result["message_id"])
    await h.wait_text("已修改【#3】", count=2)
    h.server.inject_callback_query("rm:4", message=listing.result)
    await h.wait_edit("【#4】（已删除）")
    h.server.inject_callback_query("ca:1:1-4", message=listing.result)
    await h.wait_edit("已确认 3 项")
    items = {i.id: i for i in h.items()}
    assert items[3].owner == "市城管局" and items[3].due_at == sh(2026, 12, 10, 23, 59).replace(second=59)
    assert items[4].status == "cancelled" and items[1].status == "open"


# ---------------------------------------------------------------- nudges and replies


async def test_confirm_then_nudges_arrive_in_the_chat_at_their_times(h):
    await forward_and_confirm(h)
    h.server.inject_text("/bind 市人社局", chat_type="group", reply_to=h.server.inject_text(
        "我是人社局的", chat_type="group", user=OTHER)["message"]["message_id"])
    await h.wait_text("已绑定：市人社局")
    first = next_slot_at(h)
    assert first == sh(2026, 11, 27, 9)  # 3 days before the 11-30 limit, at 09:00
    await h.advance_to(first - timedelta(minutes=1))
    assert not [t for t in h.texts() if "提醒【#" in t]
    await h.advance_to(first)
    call = await h.wait_text("提醒【#1】", chat_id=GROUP)
    assert 'tg://user?id=2002' in call["text"] and callbacks_of(call) == ["d:1", "p:1", "z:1", "ex:1"]
    await h.advance_to(sh(2026, 11, 30, 16))  # the due day: 是否已办结?
    closure = await h.wait_text("今天到期【#1】", chat_id=GROUP)
    await h.advance_to(sh(2026, 12, 1, 9))  # overdue: the ladder's first step, the owner's bound users
    overdue = await h.wait_text("已逾期【#1】 🔴", chat_id=GROUP)
    assert 'tg://user?id=2002' in overdue["text"] and "提请督办负责同志关注" not in overdue["text"]

    # Reply 已办结 to the closure prompt: done, and the 报告销号 follow-up starts.
    h.server.inject_text("已办结", chat_type="group", chat_id=GROUP, user=OTHER,
                         reply_to=closure.result["message_id"])
    done = await h.wait_text("已办结【#1】")
    assert "后续事项【#2】：报告销号，请于 2026-12-03 前完成" in done["text"]
    items = {i.id: i for i in h.items()}
    assert items[1].status == "done" and items[2].due_at is not None
    assert next_slot_at(h) > sh(2026, 12, 1, 9)
    await h.advance_to(sh(2026, 12, 2, 9))
    await h.wait_text("提醒【#2】", chat_id=GROUP)
    # #1 got exactly its three nudges (before, due day, overdue) and nothing after 已办结.
    assert len([t for t in h.texts(GROUP) if "【#1】" in t and t.startswith(("⚠️", "⏰", "❓"))]) == 3


async def test_deployment_defaults_apply_to_a_new_chat(fake_bot_api, tmp_path):
    h = await make_harness(fake_bot_api, tmp_path, policy=PolicyConfig(nudge_time=time(8, 30), days_before=(1,)))
    try:
        await forward_and_confirm(h, chat_type="private")
        assert next_slot_at(h) == sh(2026, 11, 27, 8, 30)  # 1 day before 11-30 is a Sunday: the Friday before
    finally:
        await h.stop()


async def test_done_button_and_progress_replies(h):
    await forward_and_confirm(h, chat_type="private")
    await h.advance_to(sh(2026, 11, 27, 9))
    nudge = await h.wait_text("提醒【#1】")
    h.server.inject_callback_query("p:1", message=nudge.result)
    prompt = await h.wait_text(messages.PROGRESS_MARK)
    h.server.inject_text("已完成排查80%，正在整改", reply_to=prompt.result["message_id"])
    await h.wait_text("已记录【#1】的进展")
    h.server.inject_text("整改方案已印发", reply_to=nudge.result["message_id"])
    await h.wait_text("已记录【#1】的进展", count=2)
    with transaction(h.runtime.engine) as session:
        reports = [r.text for r in session.exec(select(ProgressReport).order_by(ProgressReport.id))]
    assert reports == ["已完成排查80%，正在整改", "整改方案已印发"]

    h.server.inject_callback_query("z:1", message=nudge.result)
    choices = await h.wait_text("什么时候再提醒")
    h.server.inject_callback_query("z:1:h", message=choices.result)
    await h.wait_edit("将于 11-27 10:00 再次提醒【#1】")

    h.server.inject_callback_query("d:1", message=nudge.result)
    await h.wait_text("已办结【#1】")
    assert h.items()[0].status == "done"
    assert await h.server.wait_for_call("editMessageReplyMarkup")


async def test_admin_list_overdue_item_close_and_export(h):
    await forward_and_confirm(h)
    await h.advance_to(sh(2026, 12, 1, 10))  # #1 overdue
    h.server.inject_text("/list", chat_type="group")
    listing = await h.wait_text("督办台账（办理中")
    text = listing["text"]
    assert "▍市人社局" in text and "🔴 【#1】 完成排查整改" in text and "已逾期" in text
    h.server.inject_text("/list 市住建局", chat_type="group")
    only = await h.wait_text("督办台账（市住建局")
    assert "【#3】" in only["text"] and "【#1】" not in only["text"]
    h.server.inject_text("/overdue", chat_type="group")
    overdue = await h.wait_text("督办台账（已逾期，共 1 项")
    assert "【#1】" in overdue["text"]
    h.server.inject_text("/list 本周", chat_type="group")
    await h.wait_text("督办台账（本周到期")

    h.server.inject_text("/list", chat_type="group", user=OTHER)  # not an admin
    await h.wait_text(messages.ADMIN_ONLY)

    nudge = await h.wait_text("已逾期【#1】")
    h.server.inject_text("排查完毕，整改中", chat_type="group", reply_to=nudge.result["message_id"])
    await h.wait_text("已记录【#1】的进展")
    h.server.inject_text("已办结", chat_type="group", reply_to=nudge.result["message_id"])
    await h.wait_text("已办结【#1】")
    h.server.inject_text("/close 1", chat_type="group")
    await h.wait_text("已销号【#1】")
    h.server.inject_text("/item 1", chat_type="group")
    detail = await h.wait_text("状态：✅ 已销号")
    assert "进展：排查完毕，整改中" in detail["text"] and "发送提醒" in detail["text"]

    h.server.inject_text("/export", chat_type="group")
    await h.server.wait_for(lambda: h.server.uploaded_documents())
    name, data = h.server.uploaded_documents()[0]
    assert name.startswith("督办台账-") and name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == messages.LEDGER_HEADER
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4]
    first = rows[1]
    assert first[2:4] == ("完成排查整改", "市人社局") and first[6] == "已销号"
    assert first[4].startswith("2026-11-30") and "在全市重点工作推进会上的讲话" in first[1]
    assert "排查完毕，整改中" in first[5] and "办结：2026-12-01" in first[7]
    assert rows[3][6] == "办理中" and rows[4][4].startswith("每月5日前")


async def test_outsiders_are_refused_and_nothing_is_stored(fake_bot_api, tmp_path):
    h = await make_harness(fake_bot_api, tmp_path, allowed_chats=frozenset({GROUP}))
    try:
        fake_bot_api.inject_text(SPEECH, user=OTHER)  # a private chat that is not allowed
        await h.wait_text(messages.NOT_ALLOWED)
        fake_bot_api.inject_text("/list", chat_type="group", chat_id=-5005)
        await h.wait_text(messages.NOT_ALLOWED, count=2)
        fake_bot_api.inject_text(SPEECH, chat_type="group", chat_id=-5005, forward_origin=forward_origin_user())
        fake_bot_api.inject_text(SPEECH, chat_type="group", forward_origin=forward_origin_user())  # allowed
        await h.wait_text("请核对", chat_id=GROUP)
        assert {i.chat_id for i in h.items()} == {GROUP}
        with transaction(h.runtime.engine) as session:
            assert [s.chat_id for s in session.exec(select(Speech))] == [GROUP]
        with transaction(h.runtime.engine) as session:
            assert session.get(KnownUser, 2002) is None
        assert len(fake_bot_api.sent_texts(-5005)) == 1
    finally:
        await h.stop()


# ---------------------------------------------------------------- failures and restarts


async def test_every_nudge_is_delivered_exactly_once_through_429_500_and_drops(h):
    await forward_and_confirm(h)
    moment = sh(2026, 11, 26, 9)
    faults = ["retry_after", "server_error", "drop", "retry_after", "drop", "server_error"]
    for _ in range(40):
        if faults:
            h.server.fail_next("sendMessage", faults.pop(0), retry_after=1)
        await h.advance_to(moment)
        moment += timedelta(hours=2)
        if moment > sh(2026, 12, 8, 10):
            break
    with transaction(h.runtime.engine) as session:
        sent = list(session.exec(select(Nudge).where(Nudge.sent_at.is_not(None))))
        pending_due = list(session.exec(select(Nudge).where(Nudge.sent_at.is_(None), Nudge.dropped_at.is_(None),
                                                            Nudge.planned_at <= moment)))
    assert not pending_due
    delivered = [c for c in h.server.calls_of("sendMessage") if c.ok and "【#" in c["text"]
                 and c["text"].startswith(("⏰", "❓", "⚠️", "📝"))]
    message_ids = [c.result["message_id"] for c in delivered]
    assert len(message_ids) == len(set(message_ids)) == len({n.message_id for n in sent})
    assert {n.message_id for n in sent} == set(message_ids)
    assert len([c for c in h.server.calls_of("sendMessage") if c.fault]) == 6
    texts = [c["text"].split("\n")[0] for c in delivered]
    assert len(texts) == len(set(texts))  # never the same nudge twice


async def test_a_restart_loses_nothing(h):
    h.server.inject_text(SPEECH)
    listing = await h.wait_text("请核对")
    await h.restart()  # between the list and its confirmation
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
    await h.wait_edit("已确认")
    await h.restart()
    h.clock.set(sh(2026, 11, 30, 16, 30))  # the bot was down through the 11-27 nudge and the closure prompt
    await h.restart()
    await h.runtime.sweep_loop.tick()
    caught_up = await h.wait_text("今天到期【#1】")
    assert "补发" in caught_up["text"]
    await h.restart()
    await h.runtime.sweep_loop.tick()
    assert len([t for t in h.texts() if "【#1】" in t and t.startswith(("⏰", "❓"))]) == 1
    h.server.inject_text("完成", reply_to=caught_up.result["message_id"])
    await h.wait_text("已办结【#1】")
    assert h.items()[0].status == "done"


async def test_bind_by_username_settings_and_close_rights(h):
    await forward_and_confirm(h)
    h.server.inject_text("/bind 市住建局 @nobody", chat_type="group")
    await h.wait_text("还不认识 @nobody")
    h.server.inject_text("大家好", chat_type="group", user=OTHER)  # the bot now knows @lisi
    h.server.inject_text("/bind 市住建局 @lisi", chat_type="group")
    await h.wait_text("已绑定：市住建局 → @lisi")
    h.server.inject_text("/bind", chat_type="group")
    listing = await h.wait_text("本群的责任人绑定")
    assert "市住建局 → 李四（2002）" in listing["text"]
    h.server.inject_text("/settings 提醒时间 08:30", chat_type="group")
    await h.wait_text("提醒时间：08:30")
    h.server.inject_text("/settings 提醒时间 25:00", chat_type="group")
    await h.wait_text("没有看懂这个设置")
    h.server.inject_text("/item 3", chat_type="group")
    detail = await h.wait_text("状态：办理中")
    h.server.inject_text("销号", chat_type="group", user=OTHER, reply_to=detail.result["message_id"])
    await h.wait_text(messages.CLOSE_ONLY_ADMIN)
    h.server.inject_text("销号", chat_type="group", reply_to=detail.result["message_id"])
    await h.wait_text("已销号【#3】")
    assert h.items()[2].status == "closed"


async def test_only_admins_confirm_a_members_speech_waits(h):
    """A plain member's forwarded speech is listed as waiting for an admin; neither the member
    nor an outsider may confirm it; a group administrator may."""
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    h.server.inject_text(SPEECH, chat_type="group", user=OTHER, forward_origin=forward_origin_user())
    listing = await h.wait_text("请核对")
    assert messages.WAITING_FOR_ADMIN in listing["text"]
    outsider = make_user(3003, "王五", "wangwu")

    def alerts():
        return [c["text"] for c in h.server.calls_of("answerCallbackQuery") if c.get("show_alert")]

    for user in (outsider, OTHER):  # OTHER forwarded it
        h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result, user=user)
    for data in ("rm:1", "ed:1"):
        h.server.inject_callback_query(data, message=listing.result, user=OTHER)
    await h.server.wait_for(lambda: len(alerts()) == 4)
    assert set(alerts()) == {messages.ONLY_ADMIN_EDITS}
    assert all(i.status == "pending" for i in h.items())
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)  # the group's admin
    await h.wait_edit("已确认")
    assert all(i.status == "open" for i in h.items())


async def test_a_mistyped_command_is_answered_where_it_was_meant_for_us(h):
    """/lsit in a private chat, or /lsit@ the bot in a group, gets 没有这个命令 and /help; a
    group's /lsit addressed to nobody (another bot's, perhaps) is left alone."""
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    h.server.inject_text("/lsit")
    private = await h.wait_text("没有“/lsit”这个命令")
    assert "/help" in private["text"]
    h.server.inject_text("/lsit", chat_type="group")
    h.server.inject_text("/lsit@duban_test_bot 逾期", chat_type="group")
    await h.wait_text("没有“/lsit@duban_test_bot”这个命令")
    h.server.inject_text("/help", chat_type="group")  # handled in order: once /help is answered, /lsit was read
    await h.wait_text("督办助手")
    assert len([t for t in h.texts() if "这个命令" in t]) == 2


async def test_a_photo_sent_privately_is_answered_and_one_in_a_group_left_alone(h):
    """A photographed notice gets a line saying its text cannot be read (not silence); photos
    shared in a group are none of the bot's business."""
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 800, "height": 600, "file_size": 50_000}]
    for chat_type in ("group", "private"):
        message = h.server._new_message(chat_type=chat_type, chat_id=None, user=None, reply_to=None,
                                        forward_origin=None, chat_title=None)
        h.server.inject_update({"message": {**message, "photo": photo}})
    await h.wait_text(messages.PHOTO_NOT_READ)
    h.server.inject_text("/help", chat_type="group")  # handled in order: the group's photo was read before it
    await h.wait_text("督办助手")
    assert [t for t in h.texts() if t == messages.PHOTO_NOT_READ] == [messages.PHOTO_NOT_READ]


async def test_done_or_help_typed_alone_in_a_private_chat(h):
    """已办结 typed on its own (not as a reply to a reminder) asks which item, and 帮助 gives the
    help; neither is read as a speech with 未发现带时限的督办事项."""
    h.server.inject_text("已办结")
    await h.wait_text(messages.REPLY_WHICH_ITEM)
    h.server.inject_text("帮助")
    await h.wait_text("督办助手")
    h.server.inject_text("市人社局要在5个工作日内完成排查整改。")  # a speech is still a speech
    await h.wait_text("请核对")
    assert messages.NO_ITEMS not in h.texts()
