"""The deployment's reminder settings (DUBAN_NUDGE_TIME, DUBAN_QUIET_HOURS) hold for a chat whose
/settings came before its first speech."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot import actions, chat_admin
from bot.run import build_runtime
from bot.settings import Settings
from scheduler.clock import FakeClock
from storage.db import transaction
from storage.models import Nudge

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT = 5


def test_settings_before_the_first_speech_keep_the_deployment_defaults(tmp_path):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'd.db'}", nudge_time="10:30",
                        quiet_hours="22:00-07:00")
    rt = build_runtime(settings)
    rt.clock = FakeClock(datetime(2026, 11, 23, 10, tzinfo=SHANGHAI))
    view = chat_admin.settings(rt, chat_id=CHAT, args=["提前", "2"])
    assert "提醒时间：10:30" in view.text and "免打扰：22:00-07:00" in view.text
    listing = actions.ingest(rt, chat_id=CHAT, user_id=1, text="市人社局要在12月10日前完成排查整改。")
    assert listing is not None
    speech = actions.speech_of_item(rt, CHAT, 1)
    actions.confirm_all(rt, chat_id=CHAT, speech_id=speech.id, by=1)
    with transaction(rt.engine) as session:
        planned = [n.planned_at.astimezone(SHANGHAI) for n in session.exec(select(Nudge).order_by(Nudge.planned_at))]
    assert planned[0] == datetime(2026, 12, 8, 10, 30, tzinfo=SHANGHAI)  # 2 days before, at DUBAN_NUDGE_TIME
    rt.engine.dispose()
