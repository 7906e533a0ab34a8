"""End to end, the 督办 cycle through the real Application (bot.telegram.app), the loopback fake
Bot API, a SQLite file and a hand-moved clock: every clock started and reminded, the follow-up
chained to its own item, review and 退回重办, extensions approved and refused, co-owners
mentioned, per-chat numbers in two groups, a re-pasted speech recognised, a repeated item merged."""

from __future__ import annotations

import io

import openpyxl

from bot import messages
from tests.bot.telegram.fake_bot_api import DEFAULT_USER, forward_origin_user, make_user
from tests.bot.telegram.harness import GROUP, callbacks_of, next_slot_at, sh

OWNER = make_user(2002, "李四", "lisi")
CO_OWNER = make_user(3004, "赵六", "zhaoliu")
OTHER_GROUP = -4002
CYCLE = ("一、各县区要在收到通知之日起5个工作日内上报排查情况。\n"
         "二、市应急局要在发生险情后2小时内报告市政府。\n"
         "三、市财政局要在会前三天提交预算方案。\n"
         "四、市人社局要在12月20日前完成排查整改，办结后1天内报告销号。\n"
         "五、由市住建局牵头、市交通局配合，在12月31日前完成道路修复。\n"
         "六、市统计局每月10日前报送工作进展。")


async def forward(h, text: str = CYCLE, chat_id: int = GROUP, count: int = 1):
    h.server.set_chat_admins(chat_id, [DEFAULT_USER])
    h.server.inject_text(text, chat_type="group", chat_id=chat_id, forward_origin=forward_origin_user())
    return await h.wait_text("请核对", count=count, chat_id=chat_id)


async def confirm(h, listing, edits: int = 1):
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
    return await h.server.wait_for_call(
        "editMessageText", lambda c: c.ok and "已确认" in c.params.get("text", ""), count=edits)


async def bind(h, owner: str, user) -> None:
    said = h.server.inject_text(f"我是{owner}的", chat_type="group", user=user)
    h.server.inject_text(f"/bind {owner}", chat_type="group", reply_to=said["message"]["message_id"])
    await h.wait_text(f"已绑定：{owner}")


async def detail(h, number: int):
    """/item N: its answer (the latest one)."""
    h.server.inject_text(f"/item {number}", chat_type="group")
    head = f"【#{number}】\n事项"
    count = len([t for t in h.texts(GROUP) if t.startswith(head)]) + 1
    return await h.server.wait_for_call(
        "sendMessage", lambda c: c.ok and c.params.get("text", "").startswith(head), count=count)


async def test_every_clock_starts_and_is_reminded(h):
    listing = await forward(h)
    text = listing["text"]
    assert "自确认交办时起计时" in text and "⏳ 待触发：发生险情后才开始计时" in text
    assert "须填写会议日期" in text and "↳ #5 ← #4 办结后" in text  # the follow-up on its own item
    confirmed = await confirm(h, listing)
    assert "待触发" in confirmed.params["text"]
    buttons = callbacks_of(confirmed.params)
    assert "ev:2" in buttons and "ea:3" in buttons

    # #2 started by the button: due in two hours, and its 是否已办结 comes then
    h.server.inject_callback_query("ev:2", message=confirmed.result, user=OWNER)
    started = await h.wait_text("已记录【#2】")
    assert "2026-11-23 12:00" in started["text"]
    await h.advance_to(sh(2026, 11, 23, 12))
    await h.wait_text("今天到期【#2】", chat_id=GROUP)

    # #3 (会前三天) started by a typed time: counted back from the meeting's date
    h.server.inject_callback_query("ea:3", message=confirmed.result, user=OWNER)
    asked = await h.wait_text(messages.EVENT_MARK)
    h.server.inject_text("会议时间 12月15日上午9点", chat_type="group", user=OWNER,
                         reply_to=asked.result["message_id"])
    recorded = await h.wait_text("已记录【#3】")
    assert "2026-12-12" in recorded["text"]

    # #1 (收到通知之日起5个工作日内) is reminded without any action: due 11-30, reminded 11-27
    await h.advance_to(sh(2026, 11, 27, 9))
    await h.wait_text("提醒【#1】", chat_id=GROUP)
    await h.advance_to(sh(2026, 12, 9, 9))  # 3 days before 12-12 (a Saturday): the Wednesday
    await h.wait_text("提醒【#3】", chat_id=GROUP)


async def test_review_return_reminders_resume_then_approve_and_the_follow_up_starts(h):
    await confirm(h, await forward(h))
    await bind(h, "市人社局", OWNER)
    shown = await detail(h, 4)
    h.server.inject_callback_query("d:4", message=shown.result, user=OWNER)
    submitted = await h.wait_text("已报办结，待管理员审核")
    assert callbacks_of(submitted) == ["ap:4", "rt:4"]
    h.server.inject_callback_query("ap:4", message=submitted.result, user=OWNER)  # not an admin
    await h.server.wait_for_call("answerCallbackQuery", lambda c: c.params.get("text") == messages.ONLY_ADMIN_EDITS)
    assert [i.status for i in h.items() if i.number == 4] == ["review"]

    h.server.inject_callback_query("rt:4", message=submitted.result)
    asked = await h.wait_text(messages.RETURN_MARK)
    h.server.inject_text("材料不全，请补充整改照片", chat_type="group", reply_to=asked.result["message_id"])
    returned = await h.wait_text("已退回重办")
    assert "材料不全，请补充整改照片" in returned["text"] and "tg://user?id=2002" in returned["text"]
    await h.advance_to(sh(2026, 12, 17, 9))  # 3 days before 12-20: reminders resumed
    await h.wait_text("提醒【#4】", chat_id=GROUP)

    h.server.inject_text("已办结", chat_type="group", user=OWNER, reply_to=returned.result["message_id"])
    again = await h.wait_text("已报办结，待管理员审核", count=2)
    h.server.inject_callback_query("ap:4", message=again.result)
    approved = await h.wait_text("审核通过【#4】")
    assert "后续事项【#5】：报告销号" in approved["text"]
    await h.advance_to(next_slot_at(h))
    follow = await h.wait_text("【#5】", chat_id=GROUP)
    assert "报告销号" in follow["text"]
    history = (await detail(h, 4)).params["text"]
    for step in ("报办结（待审核）", "退回重办：材料不全", "审核通过"):
        assert step in history


async def test_extensions_approved_and_refused_and_co_owners_mentioned(h):
    await confirm(h, await forward(h))
    await bind(h, "市住建局", OWNER)
    await bind(h, "市交通局", CO_OWNER)
    h.server.inject_text("/bind 各县区 甲县 乙县", chat_type="group")
    await h.wait_text("已设置：各县区 包括 甲县、乙县")
    shown = await detail(h, 4)
    assert "ex:4" in callbacks_of(shown.params)
    h.server.inject_callback_query("ex:4", message=shown.result, user=OWNER)
    asked = await h.wait_text(messages.EXTEND_MARK)
    h.server.inject_text("12月30日 资金尚未到位", chat_type="group", user=OWNER, reply_to=asked.result["message_id"])
    request = await h.wait_text("申请延至：2026-12-30")
    h.server.inject_callback_query(callbacks_of(request)[0], message=request.result)
    await h.wait_text("同意延期【#4】：时限由 2026-12-20 延至 2026-12-30")

    road = await detail(h, 6)
    h.server.inject_text("申请延期 1月20日 天气原因", chat_type="group", user=CO_OWNER,
                         reply_to=road.result["message_id"])
    refused_request = await h.wait_text("申请延至：2027-01-20")
    h.server.inject_callback_query(callbacks_of(refused_request)[1], message=refused_request.result)
    await h.wait_text("不同意延期【#6】：时限仍为 2026-12-31")

    await h.advance_to(sh(2026, 12, 17, 9))  # #4's old reminder day: nothing for #4 now
    assert not [t for t in h.texts(GROUP) if t.startswith("⏰ 提醒【#4】")]
    await h.advance_to(sh(2026, 12, 25, 9))  # 3 days before 12-30 (a Sunday before it: the Friday)
    await h.wait_text("⏰ 提醒【#4】", chat_id=GROUP)
    await h.advance_to(sh(2026, 12, 28, 9))
    road_nudge = await h.wait_text("⏰ 提醒【#6】", chat_id=GROUP)
    assert "tg://user?id=2002" in road_nudge["text"] and "tg://user?id=3004" in road_nudge["text"]
    assert "市住建局（牵头）、市交通局（配合）" in road_nudge["text"]

    h.server.inject_text("/export", chat_type="group")
    await h.server.wait_for(lambda: h.server.uploaded_documents())
    _name, data = h.server.uploaded_documents()[0]
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book[messages.LEDGER_SHEET].iter_rows(values_only=True))
    extended = next(r for r in rows[1:] if r[0] == 4)
    assert extended[messages.LEDGER_HEADER.index("完成时限")] == "原定：2026-12-20\n延期至：2026-12-30（已批准）"
    steps = [r[2] for r in book[messages.EXPORT_HISTORY_SHEET].iter_rows(values_only=True) if r[0] == 6]
    assert "申请延期" in steps and "不同意延期" in steps


async def test_numbers_per_group_a_repasted_speech_and_a_repeated_item(h):
    first = await forward(h, chat_id=GROUP)
    second = await forward(h, chat_id=OTHER_GROUP)
    assert "【#1】" in first["text"] and "【#1】" in second["text"]
    assert callbacks_of(first)[0].endswith(":1-7") and callbacks_of(second)[0].endswith(":1-7")
    await confirm(h, first)

    h.server.inject_text(CYCLE.replace("\n", "\n\n").replace("，", ", "), chat_type="group",
                         forward_origin=forward_origin_user())
    again = await h.wait_text("基本相同", chat_id=GROUP)
    assert "不再重复导入" in again["text"]
    assert len({i.speech_id for i in h.items(GROUP)}) == 1

    later = "在今天的调度会上再次强调：市人社局要抓紧在12月15日前完成排查整改工作，务求实效。"
    listing = await forward(h, later, count=2)
    assert "与#4相同？" in listing["text"] and "kp:8" in callbacks_of(listing)
    await confirm(h, listing, edits=2)
    assert [i.status for i in h.items(GROUP) if i.number == 8] == ["merged"]
    history = (await detail(h, 4)).params["text"]
    assert "再次部署" in history and "抓紧在12月15日前" in history
