"""One policy config: the deployment's settings (DUBAN_NUDGE_TIME, DUBAN_QUIET_HOURS …) are every
chat's defaults, a chat's /settings only override them, even before its first speech."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.core import admin, confirmation, intake
from bot.run import build_runtime
from bot.settings import Settings
from scheduler import service
from scheduler.clock import FakeClock
from scheduler.config import PolicyConfig
from storage.db import transaction
from storage.models import Nudge

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT = 5


def test_settings_before_the_first_speech_keep_the_deployment_defaults(tmp_path):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'd.db'}", nudge_time="10:30",
                        quiet_hours="22:00-07:00")
    rt = build_runtime(settings)
    rt.clock = FakeClock(datetime(2026, 11, 23, 10, tzinfo=SHANGHAI))
    view = admin.settings(rt, chat_id=CHAT, args=["提前", "2"])
    assert "提醒时间：10:30" in view.text and "免打扰：22:00-07:00" in view.text
    listing = intake.ingest(rt, chat_id=CHAT, user_id=1, text="市人社局要在12月10日前完成排查整改。")
    assert listing is not None and listing.speech_id is not None
    confirmation.confirm_items(rt, chat_id=CHAT, speech_id=listing.speech_id, by=1)
    with transaction(rt.engine) as session:
        planned = [n.planned_at.astimezone(SHANGHAI) for n in session.exec(select(Nudge).order_by(Nudge.planned_at))]
    assert planned[0] == datetime(2026, 12, 8, 10, 30, tzinfo=SHANGHAI)  # 2 days before, at DUBAN_NUDGE_TIME
    rt.engine.dispose()


def test_the_deployment_policy_comes_from_the_settings():
    settings = Settings(_env_file=None, quiet_hours="22:00-07:30", nudge_time="08:45", reminder_offsets_days="5,2",
                        timezone="Asia/Urumqi")
    assert settings.policy() == PolicyConfig(tz=ZoneInfo("Asia/Urumqi"), quiet_start=time(22, 0),
                                             quiet_end=time(7, 30), nudge_time=time(8, 45), days_before=(5, 2))
    assert not Settings(_env_file=None, quiet_hours="off").policy().has_quiet_hours


def test_runtime_from_settings(tmp_path):
    from bot.run import build_runtime

    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'r.db'}", merge_window_seconds=1.5,
                        admins="7,8", allowed_chats="-100", max_document_mb=5)
    rt = build_runtime(settings)
    try:
        assert rt.merge_window == 1.5 and rt.admins == {7, 8} and rt.allowed_chats == {-100}
        assert rt.max_document_bytes == 5 * 1024 * 1024 and rt.policy.nudge_time == time(9, 0)
        assert rt.chat_allowed(-100) and not rt.chat_allowed(-200)
        assert rt.chat_allowed(7, 7, private=True) and not rt.chat_allowed(9, 9, private=True)
    finally:
        rt.engine.dispose()


def test_the_office_settings_are_stored_per_chat_and_read_back(tmp_path):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'd.db'}")
    rt = build_runtime(settings)
    rt.clock = FakeClock(datetime(2026, 11, 23, 10, tzinfo=SHANGHAI))
    view = admin.settings(rt, chat_id=CHAT, args=[])
    assert "督办升级（逾期第几个工作日）：1、3、7" in view.text and "每周通报：每周一 09:00" in view.text
    for args in (["督办升级", "2,4,8"], ["通报", "周五", "17:30"], ["临期", "5"], ["滞后", "0"]):
        assert admin.settings(rt, chat_id=CHAT, args=args).text.startswith("设置已更新")
    view = admin.settings(rt, chat_id=CHAT, args=[])
    assert "督办升级（逾期第几个工作日）：2、4、8" in view.text and "每周通报：每周五 17:30" in view.text
    assert "🔵 临期：5 天内到期" in view.text and "🟡 滞后：0 天无进展" in view.text
    assert "每周通报：关" in admin.settings(rt, chat_id=CHAT, args=["通报", "关"]).text
    assert admin.settings(rt, chat_id=CHAT, args=["督办升级", "7,3,1"]).text.startswith("没有看懂")
    with transaction(rt.engine) as session:
        config = service.config_for(session, CHAT, rt.policy)
    assert config.ladder_days == (2, 4, 8) and not config.bulletin and config.bulletin_time == time(17, 30)
