"""The terminal console runs the same 督办 cycle (it shares the conversation core): an event
recorded with a typed time, 办结审核 with 退回重办 and 审核通过, an extension approved, and the
reminders that follow, printed as 快进 passes them."""

from __future__ import annotations

import pytest

from tests.bot.console.sessions import open_console, said

SPEECH = ("一、市人社局要在12月20日前完成排查整改，办结后1天内报告销号。\n"
          "二、市应急局要在发生险情后2小时内报告市政府。")


@pytest.fixture
async def console(tmp_path):
    async with open_console(tmp_path) as opened:
        yield opened


async def test_the_console_runs_the_cycle(console):
    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    assert "↳ #2 ← #1 办结后" in "\n".join(out) and "待触发" in "\n".join(out)
    await said(session, out, "confirm")
    started = await said(session, out, "/event 3 今天9:30")
    assert "已记录【#3】" in started and "2026-11-23 11:30" in started
    assert "办结审核：开" in await said(session, out, "/settings 办结审核 开")

    submitted = await said(session, out, "done 1")
    assert "待管理员审核" in submitted and "/approve N" in submitted
    returned = await said(session, out, "/return 1 材料不全")
    assert "已退回重办，原因：材料不全" in returned
    asked = await said(session, out, "/extend 1 12月30日 资金尚未到位")
    assert "申请延至：2026-12-30" in asked
    assert "延至 2026-12-30" in await said(session, out, "同意延期 1")
    reminded = await said(session, out, "快进 35天")
    assert "⏰ 提醒【#1】" in reminded and "2026-12-30" in reminded
    await said(session, out, "done 1")
    approved = await said(session, out, "/approve 1")
    assert "审核通过【#1】" in approved and "后续事项【#2】" in approved
    history = await said(session, out, "/item 1")
    for step in ("报办结（待审核）", "退回重办：材料不全", "申请延期", "批准延期", "审核通过"):
        assert step in history


async def test_the_typing_hint_offers_only_what_the_item_takes(console):
    """An item awaiting review or an extension decision is not answered with `done N`, and an
    item past its time limit is not offered /extend (it would be refused)."""
    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    await said(session, out, "confirm", "/settings 办结审核 开")
    open_item = await said(session, out, "/item 1")
    assert "done 1 办结" in open_item and "/extend 1 " in open_item

    submitted = await said(session, out, "done 1")
    assert "待管理员审核" in submitted and "done 1" not in submitted and "/approve N" in submitted
    assert "done 1" not in await said(session, out, "/item 1")
    await said(session, out, "/return 1 材料不全")
    asked = await said(session, out, "/extend 1 12月30日 资金尚未到位")
    assert "请管理员审批" in asked and "done 1" not in asked and "同意延期 N" in asked
    await said(session, out, "不同意延期 1")

    await said(session, out, "快进 30天")
    late = await said(session, out, "/item 1")
    assert "已逾期" in late and "done 1 办结" in late and "/extend 1 " not in late


async def test_confirming_does_not_ask_to_confirm_again(console):
    """The list of confirmed items (with 今天已发生 buttons for the waiting one) is not followed
    by “输入 confirm 全部确认”: there is nothing left to confirm."""
    from bot import messages

    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    assert messages.CONSOLE_CONFIRM_HINT in out
    confirmed = await said(session, out, "confirm")
    assert "已确认" in confirmed and messages.CONSOLE_CONFIRM_HINT not in confirmed
    assert "/event N" in confirmed  # the waiting item's buttons are still explained


async def test_progress_and_return_without_their_text_say_how(console):
    """`progress 1` with nothing after it records nothing; `/return 1` without a reason is not
    answered with “请回复本消息” (a terminal cannot reply to a message)."""
    from bot import messages

    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    await said(session, out, "confirm", "/settings 办结审核 开")
    assert await said(session, out, "progress 1") == messages.CONSOLE_PROGRESS_USAGE
    assert await said(session, out, "progress 1 　") == messages.CONSOLE_PROGRESS_USAGE
    assert "进展" not in (await said(session, out, "/item 1")).split("办理记录：")[1].split("（回复")[0]
    await said(session, out, "done 1")
    for line in ("/return 1", "退回重办 1"):
        assert await said(session, out, line) == messages.RETURN_USAGE
    assert "已退回重办，原因：材料不全" in await said(session, out, "/return 1 材料不全")


async def test_the_extension_usage_does_not_send_the_console_round_in_a_circle(console):
    """/extend without a number answers with the command's own form (/extend 编号 …), so typing
    its example works; it used to suggest “申请延期 12月30日 原因”, which gave the same answer."""
    from bot import messages

    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    await said(session, out, "confirm")
    for line in ("/extend", "申请延期 12月30日 资金尚未到位"):
        assert await said(session, out, line) == messages.EXTEND_COMMAND_USAGE
    assert "申请延至：2026-12-30" in await said(session, out, "/extend 1 12月30日 资金尚未到位")


async def test_approving_an_extension_nobody_asked_for(console):
    from bot import messages

    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    await said(session, out, "confirm")
    assert await said(session, out, "同意延期 1") == messages.EXTEND_NONE_WAITING.format(ref="【#1】")
    await said(session, out, "/extend 1 12月30日 资金尚未到位", "不同意延期 1")
    assert await said(session, out, "同意延期 1") == messages.EXTEND_NONE_WAITING.format(ref="【#1】")


async def test_the_history_names_the_terminal_user(console):
    """/item's 办理记录 says who did it; the terminal's user is named, not shown as “（1）”."""
    from bot import messages

    session, out = console
    await session.handle_block(SPEECH.split("\n"))
    await said(session, out, "confirm")
    history = (await said(session, out, "/item 1")).split("办理记录：")[1]
    assert f"确认（{messages.CONSOLE_USER_NAME}）" in history and "（1）" not in history
