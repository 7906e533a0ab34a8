"""What a button press or a reply to one of the bot's messages does, for both adapters.

A press carries an item's number in the chat (bot.core.protocol.Press); a reply is read against
the context stored with the message it answers (its purpose and items), never against that
message's text.
"""

from __future__ import annotations

from bot import messages
from bot.core import confirmation, events, extensions, items, review
from bot.core.protocol import SNOOZE_AT, SNOOZE_CHOICES, Action, Press, Purpose, ReplyContext, item_range
from bot.core.reply import Reply
from bot.core.runtime import Runtime

ADMIN_ACTIONS = (Action.CONFIRM_PAGE, Action.DELETE, Action.EDIT_DUE, Action.EDIT_OWNER, Action.EDIT_CHAIN,
                 Action.KEEP, Action.DEFAULT_LIMIT, Action.APPROVE, Action.RETURN, Action.EXTENSION_YES,
                 Action.EXTENSION_NO)
# Presses whose answer takes the place of the pressed message (the others answer below it).
REPLACING = (Action.PAGE, Action.CONFIRM_PAGE, Action.DELETE, Action.KEEP, Action.DEFAULT_LIMIT)
# Prompts whose answer only an admin may give.
ADMIN_PROMPTS = (Purpose.EDIT_DUE, Purpose.EDIT_OWNER, Purpose.EDIT_CHAIN, Purpose.RETURN_REASON)


def replaces(press: Press) -> bool:
    return press.action in REPLACING or (press.action == Action.SNOOZE and press.arg in SNOOZE_CHOICES)


def answer_press(rt: Runtime, *, chat_id: int, user_id: int | None, press: Press) -> Reply | None:
    """The answer to a press (the adapter has checked ADMIN_ACTIONS); None when there is none."""
    target, action = press.target, press.action
    simple = {
        Action.DONE: lambda: items.mark_done(rt, chat_id=chat_id, number=target, by=user_id),
        Action.PROGRESS: lambda: items.progress_prompt(target),
        Action.EXTEND: lambda: extensions.extend_prompt(target),
        Action.APPROVE: lambda: review.approve(rt, chat_id=chat_id, number=target, by=user_id),
        Action.RETURN: lambda: review.return_prompt(rt, chat_id=chat_id, number=target),
        Action.EXTENSION_YES: lambda: extensions.decide(rt, chat_id=chat_id, request_id=target, approved=True,
                                                        by=user_id),
        Action.EXTENSION_NO: lambda: extensions.decide(rt, chat_id=chat_id, request_id=target, approved=False,
                                                       by=user_id),
        Action.EVENT_NOW: lambda: events.record(rt, chat_id=chat_id, number=target, by=user_id),
        Action.EVENT_ASK: lambda: events.event_prompt(rt, chat_id=chat_id, number=target),
        Action.DELETE: lambda: confirmation.delete_pending(rt, chat_id=chat_id, number=target, by=user_id),
        Action.KEEP: lambda: confirmation.keep_separate(rt, chat_id=chat_id, number=target, by=user_id),
        Action.DEFAULT_LIMIT: lambda: confirmation.default_limit(rt, chat_id=chat_id, number=target, by=user_id),
    }
    if action in simple:
        return simple[action]()
    if action == Action.SNOOZE:
        if press.arg is None:
            return items.snooze_choices(target)
        if press.arg == SNOOZE_AT:
            return items.snooze_prompt(target)
        choice = SNOOZE_CHOICES.get(press.arg)
        return None if choice is None else items.snooze(rt, chat_id=chat_id, number=target, by=user_id,
                                                        choice=choice)
    if action == Action.PAGE:
        page = int(press.arg) if press.arg and press.arg.isdigit() else 0
        return confirmation.show_page(rt, chat_id=chat_id, speech_id=target, page=page)
    if action == Action.CONFIRM_PAGE:
        span = item_range(press.arg)
        if span is None:
            return confirmation.confirm_unpaged(rt, chat_id=chat_id, speech_id=target, by=user_id)
        return confirmation.confirm_items(rt, chat_id=chat_id, speech_id=target, by=user_id, first=span[0],
                                          last=span[1])
    return confirmation.edit_prompt(rt, chat_id=chat_id, number=target, what=confirmation.EDIT_PURPOSES[action])


def reply_needs_admin(context: ReplyContext, text: str) -> bool:
    """Edits, 退回 reasons and 销号 are for admins; 已办结, progress, extensions and events for anyone."""
    return context.purpose in ADMIN_PROMPTS or (
        context.item is not None and not items.is_done_word(text) and items.is_close_word(text))


def answer_reply(rt: Runtime, *, chat_id: int, user_id: int | None, context: ReplyContext, text: str,
                 is_admin: bool) -> Reply | None:
    """A reply to a message about items: a prompt's answer, 已办结, 销号, 申请延期 or progress.
    None when the message was about several items and the reply names no action (e.g. chat in a group)."""
    item = context.item
    if context.purpose in ADMIN_PROMPTS:
        if item is None:
            return None
        if not is_admin:
            return Reply(messages.ONLY_ADMIN_EDITS)
        if context.purpose == Purpose.RETURN_REASON:
            return review.return_item(rt, chat_id=chat_id, number=item, by=user_id, reason=text)
        return confirmation.edit_item(rt, chat_id=chat_id, number=item, by=user_id,
                                      what=Purpose(context.purpose), value=text)
    if item is not None and context.purpose == Purpose.EXTENSION:
        return extensions.request(rt, chat_id=chat_id, number=item, by=user_id, text=text)
    if item is not None and context.purpose == Purpose.EVENT_TIME:
        return events.record(rt, chat_id=chat_id, number=item, by=user_id, text=text)
    if item is not None and context.purpose == Purpose.SNOOZE_TIME:
        return items.snooze_at(rt, chat_id=chat_id, number=item, by=user_id, text=text)
    if item is None:
        return Reply(messages.REPLY_WHICH_ITEM) if items.is_done_word(text) or items.is_close_word(text) else None
    if items.is_done_word(text):
        return items.mark_done(rt, chat_id=chat_id, number=item, by=user_id)
    if items.is_close_word(text):
        if not is_admin:
            return Reply(messages.CLOSE_ONLY_ADMIN)
        return items.close(rt, chat_id=chat_id, number=item, by=user_id)
    if items.is_extension_request(text):
        return extensions.request(rt, chat_id=chat_id, number=item, by=user_id, text=text)
    return items.add_progress(rt, chat_id=chat_id, number=item, by=user_id, text=text)
