"""The conversation core, called directly (no Telegram, no terminal) on SQLite with a fake clock:
each command, each button press and each kind of reply, as both adapters use them."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
from sqlmodel import select

from bot import messages
from bot.core import admin, confirmation, export, intake, items
from bot.core.answers import answer_press, answer_reply, replaces, reply_needs_admin
from bot.core.commands import Name, Right, parse_command, run_command
from bot.core.protocol import Action, Press, Purpose, ReplyContext
from bot.core.runtime import Runtime
from storage.db import transaction
from storage.models import Nudge, Obligation, ProgressReport

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT, ADMIN, OWNER = -4001, 1001, 2002
SPEECH = ("会议要求，市人社局要在5个工作日内完成排查整改，办结后2天内报告销号。"
          "市住建局要在12月20日前报送改造计划。各责任单位每月5日前报送上月工作进展。")


def sh(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)



def command(rt: Runtime, text: str, user: int = ADMIN):
    parsed = parse_command(text, bot_username="duban_bot")
    assert parsed is not None, text
    return run_command(rt, chat_id=CHAT, user_id=user, command=parsed)


def press(rt: Runtime, action: Action, target: int, arg: str | None = None, user: int = ADMIN):
    return answer_press(rt, chat_id=CHAT, user_id=user, press=Press(action, target, arg))


def reply(rt: Runtime, purpose: Purpose, ids: tuple[int, ...], text: str, *, admin_: bool = True, user: int = OWNER):
    return answer_reply(rt, chat_id=CHAT, user_id=user, context=ReplyContext(purpose, ids), text=text,
                        is_admin=admin_)


def confirmed(rt: Runtime):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert listing is not None and listing.purpose == Purpose.CONFIRMATION and listing.numbers == (1, 2, 3, 4)
    return press(rt, Action.CONFIRM_PAGE, listing.speech_id, "1-4")


# ---------------------------------------------------------------- the parser


def test_one_parser_reads_both_adapters_commands():
    assert parse_command("/list@duban_bot 市人社局 逾期", bot_username="duban_bot").args == ["市人社局", "逾期"]
    assert parse_command("/list@other_bot", bot_username="duban_bot") is None
    assert parse_command("confirm", slash_only=True) is None and parse_command("/confirm").name == Name.CONFIRM
    assert parse_command("快进3天").name == Name.ADVANCE and parse_command("快进3天").rest == "3天"
    assert parse_command("销号 #3").number == 3 and parse_command("done ３") is not None
    assert parse_command("/grant").right == Right.CHAT_ADMIN and parse_command("/start").right == Right.ANYONE
    assert parse_command("/list").right == Right.ADMIN
    assert parse_command("confrim") is None and parse_command("") is None and parse_command("/") is None


# ---------------------------------------------------------------- intake and confirmation


def test_a_speech_is_listed_pending_and_nothing_planned_before_confirmation(rt):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert "请核对" in listing.text and "全部确认" in listing.hint and listing.pages == 1
    assert [b.data for b in listing.buttons[0]] == ["ca:1:1-4"]
    with transaction(rt.engine) as session:
        assert list(session.exec(select(Nudge))) == []
    again = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert again.text.startswith(messages.ALREADY_IMPORTED)
    assert intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text="今天天气不错。", quiet_if_empty=True) is None
    waiting = intake.ingest(rt, chat_id=CHAT, user_id=OWNER, text="市民政局要在3天内完成走访。", by_admin=False)
    assert waiting.text.startswith(messages.WAITING_FOR_ADMIN)


def test_presses_on_the_confirmation_list(rt):
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    prompt = press(rt, Action.EDIT_DUE, 3)
    assert prompt.force_reply and prompt.purpose == Purpose.EDIT_DUE and prompt.numbers == (3,)
    edited = reply(rt, Purpose.EDIT_DUE, (3,), "12月10日前")
    assert edited.text.startswith("已修改【#3】") and "2026-12-10" in edited.text
    assert reply(rt, Purpose.EDIT_DUE, (3,), "随便").text.startswith("没有看懂")
    assert reply(rt, Purpose.EDIT_OWNER, (3,), "市城管局", admin_=False).text == messages.ONLY_ADMIN_EDITS
    assert "责任单位：市城管局" in reply(rt, Purpose.EDIT_OWNER, (3,), "市城管局").text
    deleted = press(rt, Action.DELETE, 4)
    assert replaces(Press(Action.DELETE, 4)) and "【#4】（已删除）" in deleted.text
    assert press(rt, Action.PAGE, listing.speech_id, "0").purpose == Purpose.CONFIRMATION
    done = press(rt, Action.CONFIRM_PAGE, listing.speech_id)  # a button from before pages: one page, so all
    assert done.text.startswith("✅ 已确认 3 项") and done.changed
    assert press(rt, Action.DELETE, 1).text == messages.NOT_PENDING.format(ref="【#1】", number=1)
    # it no longer tells an admin to ask an admin: it names what is still possible
    assert "联系管理员" not in press(rt, Action.DELETE, 1).text and "/extend 1" in press(rt, Action.DELETE, 1).text
    assert reply(rt, Purpose.EDIT_OWNER, (4,), "市城管局").text == messages.NOT_PENDING_DELETED.format(ref="【#4】")
    with transaction(rt.engine) as session:
        first = session.exec(select(Nudge).order_by(Nudge.planned_at)).first()
    assert first.planned_at == sh(27, 9)  # 1 day before 11-30 is a Sunday: the Friday before, 09:00


# ---------------------------------------------------------------- one item


def test_done_progress_snooze_and_close(rt):
    confirmed(rt)
    command(rt, "/settings 办结审核 关")  # without review: 已办结 is done at once
    assert press(rt, Action.PROGRESS, 1).purpose == Purpose.PROGRESS
    assert reply(rt, Purpose.PROGRESS, (1,), "已完成排查80%").text == messages.PROGRESS_OK.format(ref="【#1】")
    choices = press(rt, Action.SNOOZE, 1)
    assert [b.data for b in choices.buttons[0]] == ["z:1:h", "z:1:t", "z:1:c"] and not replaces(Press(Action.SNOOZE, 1))
    assert replaces(Press(Action.SNOOZE, 1, "h")) and not replaces(Press(Action.SNOOZE, 1, "c"))  # c: a new prompt
    assert "11-24 09:00" in press(rt, Action.SNOOZE, 1, "t").text
    assert "11-23 11:00" in press(rt, Action.SNOOZE, 1, "h").text
    assert press(rt, Action.SNOOZE, 1, "x") is None
    done = reply(rt, Purpose.NUDGE, (1,), "已办结！")
    assert done.text.startswith("✅ 已办结【#1】") and "后续事项【#2】" in done.text
    assert done.numbers == (1, 2)
    assert reply(rt, Purpose.ITEM, (1,), "进展").text.startswith("【#1】已是")
    assert press(rt, Action.DONE, 1).text.startswith("【#1】已经是")
    assert reply(rt, Purpose.ITEM, (2,), "销号", admin_=False).text == messages.CLOSE_ONLY_ADMIN
    assert reply_needs_admin(ReplyContext(Purpose.ITEM, (2,)), "销号")
    assert not reply_needs_admin(ReplyContext(Purpose.ITEM, (2,)), "已办结")
    assert reply(rt, Purpose.ITEM, (2,), "同意销号").text.startswith("🗂 已销号【#2】")
    assert reply(rt, Purpose.CONFIRMATION, (1, 3), "已办结").text == messages.REPLY_WHICH_ITEM
    assert reply(rt, Purpose.CONFIRMATION, (1, 3), "大家辛苦了") is None
    with transaction(rt.engine) as session:
        assert [r.text for r in session.exec(select(ProgressReport))] == ["已完成排查80%"]
        assert [o.status for o in session.exec(select(Obligation).order_by(Obligation.id))] == \
            ["done", "closed", "open", "open"]


# ---------------------------------------------------------------- commands


def test_ledger_commands(rt):
    assert command(rt, "/list").text == messages.LIST_EMPTY
    confirmed(rt)
    listing = command(rt, "/list")
    assert listing.text.startswith("督办台账（办理中，共 4 项：") and listing.numbers[0] == 4  # 各责任单位 first
    assert listing.text.index("▍市人社局") < listing.text.index("▍市住建局")  # owners in name order
    assert "共 1 项" in command(rt, "/list 市住建局").text
    rt.clock.set(sh(30, 12))  # Monday: the 11-30 limit ends tonight
    assert "本周到期" in command(rt, "/list 本周").text and "【#1】" in command(rt, "/list 本周").text
    rt.clock.set(sh(30, 12) + timedelta(days=1))
    assert "已逾期，共 1 项：🔴1" in command(rt, "/overdue").text
    assert command(rt, "/item").text == messages.ITEM_USAGE
    detail = command(rt, "/item #1")
    assert "办理记录：" in detail.text and [b.data for b in detail.buttons[0]] == ["d:1", "p:1", "z:1"]
    assert command(rt, "/item 99").text == messages.ITEM_NOT_FOUND.format(id=99)
    assert command(rt, "/close").text == messages.CLOSE_USAGE
    assert command(rt, "/close 3").text.startswith("🗂 已销号【#3】")
    assert command(rt, "/help").text == messages.START
    name, data, caption = export.export(rt, CHAT)
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert name.endswith(".xlsx") and caption.startswith("督办台账（4 项）")
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4]


def test_settings_command(rt):
    assert "提醒时间：09:00" in command(rt, "/settings").text
    assert command(rt, "/settings 提醒时间 25:00").text == messages.SETTINGS_BAD
    assert command(rt, "/settings 提前 0").text == messages.SETTINGS_BAD
    # a refused value is answered with the form of every setting, 督办升级 among them
    assert "督办升级 1,3,7" in command(rt, "/settings 督办升级 7,3,1").text
    changed = command(rt, "/settings 免打扰 22:00－07:00")
    assert changed.text.startswith(messages.SETTINGS_OK) and "免打扰：22:00-07:00" in changed.text
    assert "自动确认：开" in command(rt, "/settings 自动确认 开").text
    off = command(rt, "/settings 免打扰 关").text  # no quiet hours: said as 关, not as a window 00:00-00:00
    assert "免打扰：关" in off and "00:00-00:00" not in off
    assert "提前提醒：5、2 天" in command(rt, "/settings 提前 2,5").text


def test_bindings_and_roles(rt):
    assert admin.bindings(rt, chat_id=CHAT).text.startswith(messages.BIND_LIST_EMPTY.splitlines()[0])
    admin.remember_user(rt, OWNER, "LiSi", "李四")
    assert admin.user_for(rt, "lisi") == OWNER
    assert admin.bind(rt, chat_id=CHAT, owner="市人社局", user_id=OWNER, label="李四", by=ADMIN).changed
    assert "市人社局 → 李四（2002）" in admin.bindings(rt, chat_id=CHAT).text
    assert admin.unbind(rt, chat_id=CHAT, owner="市人社局").text == messages.UNBIND_OK.format(owner="市人社局", count=1)
    assert admin.grant(rt, chat_id=CHAT, user_id=OWNER, label="李四", by=ADMIN).changed
    assert not admin.grant(rt, chat_id=CHAT, user_id=OWNER, label="李四", by=ADMIN).changed
    assert admin.is_granted(rt, CHAT, OWNER) and "李四（2002）" in admin.inspectors(rt, chat_id=CHAT).text
    assert admin.revoke(rt, chat_id=CHAT, user_id=OWNER, label="李四").changed
    assert not admin.is_granted(rt, CHAT, OWNER)


def test_fragments_of_one_sender_are_one_speech(rt):
    for number, part in enumerate(("会议要求，", "市人社局要在5个工作日内完成排查整改。"), 1):
        intake.add_fragment(rt, chat_id=CHAT, user_id=ADMIN, chat_type="group", message_id=number, text=part)
    assert intake.waiting_senders(rt) == [(CHAT, ADMIN)]
    taken = intake.ingest_fragments(rt, chat_id=CHAT, user_id=ADMIN, by_admin=True)
    assert taken.first_message_id == 1 and "请核对" in taken.reply.text
    assert intake.waiting_senders(rt) == [] and intake.ingest_fragments(rt, chat_id=CHAT, user_id=ADMIN,
                                                                        by_admin=True) is None


def test_pages_of_a_long_speech(rt):
    text = "".join(f"市第{n}局要在{n % 20 + 3}天内完成第{n}项整改。" for n in range(1, 61))
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=text)
    assert listing.pages > 1 and listing.page == 0
    first, last = listing.numbers[0], listing.numbers[-1]
    partly = press(rt, Action.CONFIRM_PAGE, listing.speech_id, f"{first}-{last}")
    assert f"还有 {60 - len(listing.numbers)} 项待确认" in partly.text
    assert confirmation.confirm_unpaged(rt, chat_id=CHAT, speech_id=listing.speech_id, by=ADMIN).text.startswith(
        messages.CONFIRM_USE_PAGES)
    assert items.is_done_word("已办结了。") and items.is_close_word("销号")


def test_an_action_read_from_a_table_row_is_shown_on_one_line(rt):
    """A task read from a pasted table keeps the row's tabs and line breaks in the ledger (its
    span is the text as given); every view shows it on one line, as the confirmation list does."""
    from bot.core import render
    from scheduler.notifier import NudgeMessage

    confirmed(rt)
    with transaction(rt.engine) as session:
        row = session.exec(select(Obligation).where(Obligation.chat_id == CHAT, Obligation.number == 1)).one()
        row.action, row.quote = "4\t建立隐患整改台账\t市应急局", "4\t建立隐患整改台账\t市应急局\t\t5个工作日内"
        session.add(row)
        obligation_id, due_at = row.id, row.due_at
    rt.clock.advance(hours=1)  # type: ignore[attr-defined]
    flat = "4 建立隐患整改台账 市应急局"
    views = {"/item": command(rt, "/item 1").text, "/list": command(rt, "/list").text,
             "/report": command(rt, "/report").text, "done": press(rt, Action.DONE, 1).text}
    nudge = render.nudge_body(NudgeMessage(
        obligation_id=obligation_id, chat_id=CHAT, purpose="before_due", slots=("x",), planned_at=sh(24, 9),
        owner="市应急局", action="4\t建立隐患整改台账\t市应急局", quote="4\t建立隐患整改台账\t市应急局\t\t5个工作日内",
        kind="deadline", due_at=due_at), number=1)
    for name, text in {**views, "nudge": nudge}.items():
        assert flat in text and "\t" not in text, name


def test_list_says_why_it_is_empty(rt):
    """Items still waiting for confirmation are not in the ledger, and /list says so; a word that
    names no owner (a typo, or 本月 taken for a period) gets the owners there are, not a bare 没有."""
    listing = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert listing is not None
    before = command(rt, "/list").text
    assert before.startswith(messages.LIST_EMPTY) and messages.LIST_PENDING.format(count=4) in before
    press(rt, Action.CONFIRM_PAGE, listing.speech_id, "1-4")
    unknown = command(rt, "/list 本月").text
    assert "本月" in unknown and "市人社局" in unknown and "市住建局" in unknown
    assert messages.LIST_PENDING.split("{")[0] not in unknown  # nothing waits any more
    # an owner is found by a part of its name, as /ics finds it
    assert "【#1】" in command(rt, "/list 人社局").text and "【#1】" not in command(rt, "/list 住建局").text
    assert command(rt, "/list 住建局 逾期").text == messages.LIST_EMPTY  # known owner, nothing overdue


def test_a_follow_up_not_started_is_not_behind(rt):
    """办结后2天内报告销号 waits for its predecessor's 办结: weeks without a progress report on it
    are not the owner's delay (🟡 滞后), in /list, /item or the 通报."""
    confirmed(rt)
    rt.clock.advance(days=20)  # type: ignore[attr-defined]
    listing = command(rt, "/list").text
    follow_up = next(line for line in listing.splitlines() if "【#2】" in line)
    assert "报告销号" in follow_up and "🟡" not in follow_up
    assert "滞后" not in command(rt, "/item 2").text and "【#2】" not in command(rt, "/overdue").text


def test_replies_and_command_words_in_traditional_characters(rt):
    """An owner typing traditional characters (已辦結, 申請延期) is understood as one typing
    simplified ones, not recorded as a progress report; so is the console's 辦結 3."""
    confirmed(rt)
    command(rt, "/settings 办结审核 关")
    asked = reply(rt, Purpose.NUDGE, (3,), "申請延期 12月30日 資金尚未到位")
    assert asked.text.startswith("⏳ 延期申请【#3】") and "申请延至：2026-12-30" in asked.text
    assert "資金尚未到位" in asked.text and "申請延期" not in asked.text.split("原因：")[1]
    assert reply(rt, Purpose.NUDGE, (1,), "已辦結").text.startswith("✅ 已办结【#1】")
    assert parse_command("辦結 3") == parse_command("办结 3")
    assert parse_command("快進 3天") == parse_command("快进 3天")
    with transaction(rt.engine) as session:
        assert not list(session.exec(select(ProgressReport)))  # neither reply became a progress report


def test_an_extension_asked_for_an_item_no_longer_open_names_its_state(rt):
    confirmed(rt)
    press(rt, Action.DONE, 3)  # 办结审核 is on in a group: #3 waits for review
    asked = reply(rt, Purpose.NUDGE, (3,), "申请延期 12月30日 资金尚未到位")
    assert asked.text == messages.EXTEND_NOT_OPEN.format(ref="【#3】", status="待审核")


def test_an_empty_progress_report_is_not_recorded(rt):
    confirmed(rt)
    assert reply(rt, Purpose.PROGRESS, (1,), " \u3000 ").text == messages.PROGRESS_EMPTY
    with transaction(rt.engine) as session:
        assert not list(session.exec(select(ProgressReport)))
    assert reply(rt, Purpose.PROGRESS, (1,), "已完成初稿").text.startswith("📝 已记录【#1】")


def test_an_empty_owner_answer_keeps_the_owner(rt):
    """`owner 1` typed without a name (or a blank reply to 改责任单位) does not erase 市人社局."""
    intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert reply(rt, Purpose.EDIT_OWNER, (1,), "  ").text == messages.EDIT_OWNER_EMPTY
    with transaction(rt.engine) as session:
        row = session.exec(select(Obligation).where(Obligation.chat_id == CHAT, Obligation.number == 1)).one()
        assert row.owner == "市人社局"


def test_a_speech_pasted_again_shows_what_became_of_its_items(rt):
    """Weeks later the same speech is pasted again: the list it answers with says which items
    are 已办结 or 已销号, not only that they “will be reminded”."""
    confirmed(rt)
    command(rt, "/close 3")
    again = intake.ingest(rt, chat_id=CHAT, user_id=ADMIN, text=SPEECH)
    assert again is not None and again.text.startswith(messages.ALREADY_IMPORTED)
    line = next(line for line in again.text.splitlines() if line.startswith("【#3】"))
    assert line.endswith(messages.CONFIRMED_ITEM_STATUS.format(status="已销号"))
    assert not next(line for line in again.text.splitlines() if line.startswith("【#1】")).endswith("号")


def test_ics_for_an_owner_with_no_item_says_so_instead_of_an_empty_file(rt):
    confirmed(rt)
    typo = command(rt, "/ics 市人设局")
    assert typo.document is None and "市人设局" in typo.text and "市人社局" in typo.text
    found = command(rt, "/ics 人社局")
    assert found.document is not None and b"BEGIN:VEVENT" in found.document[1]
