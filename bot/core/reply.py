"""What the conversation answers: text, buttons, and what the message is about."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.protocol import Purpose


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data, built by bot.core.protocol


@dataclass
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    force_reply: bool = False
    document: tuple[str, bytes] | None = None  # (file name, bytes)
    photo: tuple[str, bytes] | None = None  # (file name, PNG bytes): sent after the text
    photo_caption: str = ""
    changed: bool = False  # the ledger changed (for adapters that refresh a view)
    hint: str = ""  # how to use the buttons: shown only where there are buttons
    # What the message is about: stored with the sent message, so a reply to it finds its items.
    purpose: Purpose | None = None
    numbers: tuple[int, ...] = ()
    speech_id: int | None = None
    # Users to mention below the text (an adapter that can, e.g. Telegram's text mentions).
    mention_user_ids: tuple[int, ...] = ()
    page: int = 0  # a paged confirmation list: which page this is, of how many
    pages: int = 1

    @property
    def with_hint(self) -> str:
        """The text with the button hint (for an adapter that shows the buttons)."""
        return f"{self.text}\n\n{self.hint}" if self.hint else self.text

    def noted(self, *notes: str) -> Reply:
        """The same reply with `notes` put before its text."""
        if notes:
            self.text = "\n".join(notes) + "\n\n" + self.text
        return self
