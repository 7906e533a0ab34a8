"""One item per task: a speech pasted again, and an item repeating an open one, found by
similarity (rapidfuzz), not only by an exact hash.

Texts are compared without whitespace and punctuation, so a re-paste whose line breaks,
spaces or full-width commas changed is the same text; a line or two changed still scores high.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import Session, col, select

from storage.chaining import follows_done_event
from storage.models import OPEN, REVIEW, Obligation, Speech

SAME_SPEECH = 90.0  # rapidfuzz ratio (0–100) at or above which two speeches are one
SAME_ACTION = 85.0  # … two actions of the same owner are one task (WRatio)
SHORT_ACTION = 4  # shorter actions must match whole (no partial match)
RECENT_SPEECHES = 50  # a chat's latest speeches compared with a new one
LENGTH_SLACK = 0.15  # speeches whose lengths differ by more than this are not compared
FULL_COMPARE_CHARS = 200_000  # longer texts are compared sentence by sentence (bench/similarity.py)


@dataclass(frozen=True)
class SimilarSpeech:
    speech: Speech
    score: float  # 0–100


def _plain(text: str) -> str:
    """The text's letters and digits only (NFKC: full-width folded)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text)
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PZSC")


def _lines(text: str) -> list[str]:
    return [line for line in (_plain(part) for part in re.split(r"[\n。！？；]", text)) if line]


def speech_similarity(first: str, second: str) -> float:
    """0–100: how much of two speeches is the same text."""
    a, b = _plain(first), _plain(second)
    if not a or not b:
        return 100.0 if a == b else 0.0
    if max(len(a), len(b)) <= FULL_COMPARE_CHARS:
        return fuzz.ratio(a, b)
    lines_a, lines_b = _lines(first), _lines(second)  # long texts: the share of sentences in common
    common = len(set(lines_a) & set(lines_b))
    return 200.0 * common / (len(set(lines_a)) + len(set(lines_b)))


def find_similar_speech(session: Session, chat_id: int, text: str) -> SimilarSpeech | None:
    """The chat's recent speech that `text` repeats (the best one at or above SAME_SPEECH)."""
    size = len(_plain(text))
    query = (select(Speech).where(col(Speech.chat_id) == chat_id)
             .order_by(col(Speech.id).desc()).limit(RECENT_SPEECHES))
    best: SimilarSpeech | None = None
    for speech in session.exec(query):
        other = len(_plain(speech.text))
        if abs(other - size) > LENGTH_SLACK * max(other, size, 1):
            continue
        score = speech_similarity(text, speech.text)
        if score >= SAME_SPEECH and (best is None or score > best.score):
            best = SimilarSpeech(speech, score)
    return best


def find_repeated_item(session: Session, chat_id: int, owner: str | None, action: str, *,
                       exclude_speech: int | None = None) -> Obligation | None:
    """The chat's open item (or one awaiting review) of the same owner whose action is similar."""
    if not owner or not _plain(action):
        return None
    query = select(Obligation).where(col(Obligation.chat_id) == chat_id, col(Obligation.owner) == owner,
                                     col(Obligation.status).in_([OPEN, REVIEW]))
    if exclude_speech is not None:
        query = query.where(col(Obligation.speech_id) != exclude_speech)
    candidates = list(session.exec(query.order_by(col(Obligation.id))))
    if not candidates:
        return None
    wanted = _plain(action)
    scorer = fuzz.WRatio if len(wanted) >= SHORT_ACTION else fuzz.ratio
    found = process.extractOne(wanted, [_plain(c.action) for c in candidates], scorer=scorer,
                               score_cutoff=SAME_ACTION)
    return None if found is None else candidates[found[2]]


def mark_repeats(session: Session, rows: list[Obligation]) -> int:
    """Mark each new pending item that repeats an open item of its chat (`duplicate_of`): it is
    merged into that item at confirmation unless an admin keeps it. Returns how many."""
    marked = 0
    for row in rows:
        if follows_done_event(row.timebox.get("event")):
            continue  # a follow-up belongs to its own item
        repeated = find_repeated_item(session, row.chat_id, row.owner, row.action, exclude_speech=row.speech_id)
        if repeated is not None:
            row.duplicate_of = repeated.id
            session.add(row)
            marked += 1
    session.flush()
    return marked
