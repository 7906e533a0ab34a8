"""Issue 7 §6 (and §3's per-speech cap), end to end against the fake Bot API: who may write the
ledger, a long speech paged so everything confirmed was shown, user names that survive a
restart, control and bidi characters stripped at intake."""

from __future__ import annotations

import re

from sqlmodel import select

from bot import messages
from storage.db import transaction
from storage.models import ChatRole, KnownUser, ProgressReport
from tests.bot.telegram.fake_bot_api import DEFAULT_USER, forward_origin_user, make_user
from tests.bot.telegram.harness import GROUP, callbacks_of, make_harness, next_slot_at

MEMBER = make_user(2002, "李四", "lisi")
OTHER_MEMBER = make_user(2003, "赵六", "zhaoliu")
UNITS = ["市人社局", "市住建局", "市民政局", "市教育局", "市卫健委", "市交通局", "市水务局", "市商务局", "市文旅局",
         "市农业农村局", "市应急局"]
TASKS = ["完成排查整改", "报送工作方案", "组织专项检查", "提交分析报告", "完成台账清理", "落实整改措施"]


def numbered_speech(count: int) -> str:
    """`count` obligations, one a line, each with its own number so every item is told apart."""
    return "\n".join(f"{i + 1}. {UNITS[i % len(UNITS)]}要在{i % 9 + 2}个工作日内"
                     f"{TASKS[i % len(TASKS)]}（第{i + 1}项）。"
                     for i in range(count))


def buttons_of(call) -> list[dict]:
    return [b for row in (call["reply_markup"] or {}).get("inline_keyboard", []) for b in row]


# ---------------------------------------------------------------- who may write the ledger


async def test_a_members_long_message_waits_for_an_admin(h):
    """An ordinary (not forwarded) long message of a plain member becomes a speech that only an
    admin can confirm, delete or edit; the list says so."""
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    chatter = "关于下周的安排我说几句，" + "市人社局要在5个工作日内完成排查整改，" + "大家辛苦了，" * 20
    assert len(chatter) >= h.runtime.group_speech_min_chars
    h.server.inject_text(chatter, chat_type="group", user=MEMBER)
    listing = await h.wait_text("请核对", chat_id=GROUP)
    assert messages.WAITING_FOR_ADMIN in listing["text"] and "只有管理员可以确认" in listing["text"]
    for data in callbacks_of(listing):
        h.server.inject_callback_query(data, message=listing.result, user=MEMBER)
    await h.server.wait_for(lambda: len([c for c in h.server.calls_of("answerCallbackQuery")
                                         if c.get("text") == messages.ONLY_ADMIN_EDITS]) == 4)
    assert [i.status for i in h.items()] == ["pending"] and not h.server.calls_of("editMessageText")
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
    await h.wait_edit("已确认 1 项")
    assert [i.status for i in h.items()] == ["open"]


async def test_auto_confirm_applies_only_to_admins(h):
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    h.server.inject_text("/settings 自动确认 开", chat_type="group")
    await h.wait_text("自动确认：开")
    h.server.inject_text("市人社局要在5个工作日内完成排查整改。", chat_type="group", user=MEMBER,
                         forward_origin=forward_origin_user())
    waiting = await h.wait_text("请核对", chat_id=GROUP)
    assert messages.WAITING_FOR_ADMIN in waiting["text"]
    h.server.inject_text("市住建局要在12月20日前报送改造计划。", chat_type="group",
                         forward_origin=forward_origin_user())
    await h.wait_text(messages.AUTO_CONFIRMED_NOTE, chat_id=GROUP)
    assert {i.owner: i.status for i in h.items()} == {"市人社局": "pending", "市住建局": "open"}


async def test_grant_and_revoke_the_inspector_role_stored_across_a_restart(h):
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    h.server.inject_text("大家好", chat_type="group", user=MEMBER)  # the bot now knows @lisi
    h.server.inject_text("/grant @lisi", chat_type="group", user=OTHER_MEMBER)  # not a group admin
    await h.wait_text(messages.GRANT_ONLY_ADMIN)
    h.server.inject_text("/grant @lisi", chat_type="group")
    await h.wait_text("已授予 @lisi “督查员”角色")
    with transaction(h.runtime.engine) as session:
        assert [(r.chat_id, r.user_id, r.granted_by) for r in session.exec(select(ChatRole))] == [(GROUP, 2002, 1001)]

    await h.restart()
    h.server.inject_text(numbered_speech(2), chat_type="group", user=OTHER_MEMBER,
                         forward_origin=forward_origin_user())
    listing = await h.wait_text("请核对", chat_id=GROUP)
    h.server.inject_text("/grant @lisi", chat_type="group", user=MEMBER)  # an inspector cannot grant
    await h.wait_text(messages.GRANT_ONLY_ADMIN, count=2)
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result, user=MEMBER)  # 督查员
    await h.wait_edit("已确认 2 项")
    h.server.inject_text("/list", chat_type="group", user=MEMBER)
    await h.wait_text("督办台账（办理中，共 2 项")

    h.server.inject_text("/revoke @lisi", chat_type="group")
    await h.wait_text("已收回 @lisi 的“督查员”角色")
    h.server.inject_text("/list", chat_type="group", user=MEMBER)
    await h.wait_text(messages.ADMIN_ONLY)
    h.server.inject_text("/grant", chat_type="group")
    await h.wait_text("本群还没有督查员")


# ---------------------------------------------------------------- 173 items, paged


async def test_a_173_item_speech_is_paged_and_confirm_takes_only_the_page_shown(h):
    speech = numbered_speech(173)
    h.server.inject_document(speech.encode(), "讲话.txt")
    first = await h.wait_edit("请核对", timeout=30)
    assert len(h.items()) == 173

    pages, seen_ids = [first], []
    while True:
        page = pages[-1]
        text, buttons = page["text"], buttons_of(page)
        assert len(text) <= 4096 and len(buttons) <= 100
        ids = [int(n) for n in re.findall(r"【#(\d+)】\n事项：", text)]
        # every item shown whole: its four lines, the number named in its own 第N项
        for number in ids:
            pattern = rf"【#{number}】\n事项：[^\n]+（第(\d+)项）\n责任单位：[^\n]+\n时限：[^\n]+\n原文：[^\n]+"
            block = re.search(pattern, text)
            assert block is not None and int(block.group(1)) == number
        assert text.count("【#") == len(ids) and len(ids) > 0
        data = [b["callback_data"] for b in buttons]
        for number in ids:  # each item reachable with its buttons
            assert {f"rm:{number}", f"ed:{number}", f"eo:{number}"} <= set(data)
        assert data[0] == f"ca:1:{min(ids)}-{max(ids)}" and buttons[0]["text"] == f"✅ 确认本页（{len(ids)}项）"
        seen_ids += ids
        following = [b["callback_data"] for b in buttons if b["text"] == messages.BUTTON_NEXT]
        if not following:
            break
        h.server.inject_callback_query(following[0], message=page.result)
        pages.append(await h.server.wait_for_call("editMessageText", count=len(pages) + 1))
    assert seen_ids == list(range(1, 174)) and len(pages) >= 6
    assert all(f"（第 {n}/{len(pages)} 页）" in p["text"] for n, p in enumerate(pages, 1))

    back = [b["callback_data"] for b in buttons_of(pages[-1]) if b["text"] == messages.BUTTON_PREVIOUS]
    h.server.inject_callback_query(back[0], message=pages[-1].result)
    again = await h.server.wait_for_call("editMessageText", count=len(pages) + 1)
    assert again["text"] == pages[-2]["text"]

    # 确认本页 on page 2 confirms exactly page 2's items and says how many and which.
    second_ids = [int(n) for n in re.findall(r"【#(\d+)】\n事项：", pages[1]["text"])]
    h.server.inject_callback_query(buttons_of(pages[1])[0]["callback_data"], message=pages[1].result)
    done = await h.wait_edit("✅ 已确认")
    assert f"已确认 {len(second_ids)} 项（【#{second_ids[0]}】至【#{second_ids[-1]}】）" in done["text"]
    assert f"还有 {173 - len(second_ids)} 项待确认" in done["text"]
    status = {i.id: i.status for i in h.items()}
    assert {n for n, s in status.items() if s == "open"} == set(second_ids)
    assert next_slot_at(h) is not None  # confirmed items are planned at once

    # Pressing every page's button confirms the rest; none is confirmed unseen.
    for page in pages:
        h.server.inject_callback_query(buttons_of(page)[0]["callback_data"], message=page.result)
    await h.server.wait_for(lambda: all(i.status == "open" for i in h.items()), timeout=30)
    final = await h.wait_edit("✅ 已确认 173 项督办事项")
    assert len(final["text"]) <= 4096 and "另有" in final["text"] and "/list" in final["text"]


async def test_items_per_speech_are_capped_with_a_clear_message(fake_bot_api, tmp_path):
    h = await make_harness(fake_bot_api, tmp_path, max_items_per_speech=3)
    try:
        fake_bot_api.inject_text(numbered_speech(5))
        listing = await h.wait_text("请核对")
        assert messages.ITEMS_CAPPED.format(found=5, shown=3) in listing["text"]
        assert len(h.items()) == 3 and "（第3项）" in h.items()[-1].action
    finally:
        await h.stop()


# ---------------------------------------------------------------- names and control characters


async def test_user_names_for_mentions_survive_a_restart(h):
    h.server.set_chat_admins(GROUP, [DEFAULT_USER])
    said = h.server.inject_text("我负责人社局的事", chat_type="group", user=MEMBER)
    h.server.inject_text("/bind 市人社局", chat_type="group", reply_to=said["message"]["message_id"])
    await h.wait_text("已绑定：市人社局 → 李四")
    h.server.inject_text("市人社局要在5个工作日内完成排查整改。", chat_type="group",
                         forward_origin=forward_origin_user())
    listing = await h.wait_text("请核对", chat_id=GROUP)
    h.server.inject_callback_query(callbacks_of(listing)[0], message=listing.result)
    await h.wait_edit("已确认")

    await h.restart()  # nothing about 李四 is left in memory
    assert h.runtime.users_stored == {}
    h.server.inject_text("/bind 市住建局 @lisi", chat_type="group")  # @username → id from the database
    await h.wait_text("已绑定：市住建局 → @lisi")
    await h.advance_to(next_slot_at(h))
    nudge = await h.wait_text("提醒【#1】", chat_id=GROUP)
    assert '<a href="tg://user?id=2002">李四</a>' in nudge["text"]
    assert messages.MENTION_FALLBACK not in nudge["text"]
    with transaction(h.runtime.engine) as session:
        assert session.get(KnownUser, 2002).full_name == "李四"


async def test_control_and_bidi_characters_are_stripped_at_intake(h):
    dirty = "市\u202e人社局\x1b[31m要在5个工作日内\x00完成\u200b排查\u2066整改\ufeff。"
    h.server.inject_text(dirty)
    listing = await h.wait_text("请核对")
    (item,) = h.items()
    assert item.owner == "市人社局" and item.action == "完成排查整改"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]",
                         item.quote + listing["text"])
    h.server.inject_callback_query("eo:1", message=listing.result)
    prompt = await h.wait_text(messages.EDIT_OWNER_MARK)
    h.server.inject_text("市\u202e城管局\x07", reply_to=prompt.result["message_id"])
    await h.wait_text("已修改【#1】")
    assert h.items()[0].owner == "市城管局"
    h.server.inject_callback_query("ca:1:1-1", message=listing.result)
    await h.wait_edit("已确认")
    h.server.inject_text("/item 1")
    detail = await h.wait_text("状态：办理中")
    h.server.inject_text("已排查\u202e完毕\x1b", reply_to=detail.result["message_id"])
    await h.wait_text("已记录【#1】的进展")
    with transaction(h.runtime.engine) as session:
        assert [r.text for r in session.exec(select(ProgressReport))] == ["已排查完毕"]
