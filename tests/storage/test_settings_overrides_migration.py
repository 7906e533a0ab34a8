"""Migration 0004: every chat_settings row is kept; a value becomes NULL ("the deployment's
default") only where that changes nothing a person chose (a time zone no command could set, an
empty admin list); every other stored value stays an override. The downgrade writes the old
defaults back."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from storage.migrate import current, downgrade, upgrade

ROWS = [  # chat, timezone, quiet_start, quiet_end, nudge_time, closure_time, days_before, auto_confirm, admins
    (-100, "Asia/Shanghai", "21:00", "08:00", "09:00", "16:00", "[3, 1]", False, "[]"),  # old defaults
    (-200, "Asia/Urumqi", "22:00", "07:30", "10:30", "15:00", "[5]", True, "[7, 8]"),  # chosen values
]
COLUMNS = "timezone, quiet_start, quiet_end, nudge_time, closure_time, days_before, auto_confirm, admin_user_ids"


def rows(url: str) -> dict[int, tuple]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = {r[0]: tuple(r[1:]) for r in connection.execute(
            text(f"SELECT chat_id, {COLUMNS} FROM chat_settings ORDER BY chat_id"))}
    engine.dispose()
    return {chat: tuple(_plain(v) for v in values) for chat, values in found.items()}


def _plain(value):
    """JSON columns come back as text on SQLite and as lists on PostgreSQL."""
    return value if not isinstance(value, list) else str(value).replace(" ", "")


def test_0004_keeps_every_row_and_clears_only_what_nobody_chose(any_url):
    upgrade(any_url, "0003")
    engine = create_engine(any_url)
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(f"INSERT INTO chat_settings (chat_id, {COLUMNS}) VALUES "
                                    "(:c, :tz, :qs, :qe, :nt, :ct, :db, :ac, :ad)"),
                               dict(zip(("c", "tz", "qs", "qe", "nt", "ct", "db", "ac", "ad"), row)))
    engine.dispose()
    upgrade(any_url, "0004")
    assert current(any_url) == "0004"
    after = rows(any_url)
    assert sorted(after) == [-200, -100]
    tz, quiet_start, quiet_end, nudge, closure, days, auto, admins = after[-100]
    assert tz is None and admins is None  # never a person's choice: the deployment's default now
    assert (quiet_start, quiet_end, nudge, closure) == ("21:00", "08:00", "09:00", "16:00")  # maybe chosen: kept
    assert str(days).replace(" ", "") == "[3,1]" and auto in (False, 0)
    assert after[-200][0] == "Asia/Urumqi" and after[-200][1:6] == ("22:00", "07:30", "10:30", "15:00", "[5]")
    assert str(after[-200][7]).replace(" ", "") == "[7,8]"
    downgrade(any_url, "0003")
    before = rows(any_url)
    assert before[-100][0] == "Asia/Shanghai" and str(before[-100][7]).replace(" ", "") == "[]"
    assert before[-200][0] == "Asia/Urumqi"
