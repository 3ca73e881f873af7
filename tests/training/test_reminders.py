"""Pace reminders: who is behind is told once per period, with their HR."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core import clock
from app.notifications.models import Notification
from app.scheduling import JOBS
from app.training import reminders


@pytest.fixture
def behind(province, make_officer, make_user, make_session, attend):
    slow = make_officer(province["360102"], "慢")
    fast = make_officer(province["360102"], "快")
    users = {"slow": make_user("officer", province["360102"], officer=slow),
             "fast": make_user("officer", province["360102"], officer=fast),
             "hr": make_user("hr", province["360100"]),
             "hr_other": make_user("hr", province["360700"])}
    session = make_session(province["360102"], hours=24, start=date(2026, 2, 2))
    attend(session, fast)          # 24 h: ahead of 60 × 3 / 12 = 15 after Q1
    attend(session, slow, 10)      # 10 h: behind
    return users


def texts(db, user) -> list[str]:
    return list(db.session.scalars(select(Notification.text).where(
        Notification.user_id == user.id)))


def test_quarterly_run_notifies_once(db, runner, behind, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 4, 1))
    result = runner.invoke(args=["jobs", "run", "training-pace-quarterly"])
    assert result.exit_code == 0, result.output
    assert texts(db, behind["slow"]) == [
        "您本年度已完成培训 10 学时，按进度截至目前应完成 15 学时（全年应修 60 学时），请抓紧参训。"]
    assert texts(db, behind["fast"]) == []
    assert texts(db, behind["hr"]) == ["360102县局有 1 名执法人员培训学时落后于进度。"]
    assert texts(db, behind["hr_other"]) == []
    runner.invoke(args=["jobs", "run", "training-pace-quarterly"])
    assert len(texts(db, behind["slow"])) == 1 and len(texts(db, behind["hr"])) == 1


def test_december_is_weekly(db, behind):
    # By December the pace asks for 55 of 60 hours: both officers (10 h, 24 h) and their HR.
    assert reminders.send_reminders(date(2026, 12, 7)) == 3     # week 50
    assert reminders.send_reminders(date(2026, 12, 7)) == 0     # same week: nothing new
    assert reminders.send_reminders(date(2026, 12, 14)) == 3    # next week: again
    assert reminders.send_reminders(date(2026, 1, 5)) == 0      # January: no pace yet


def test_jobs_are_in_the_table():
    triggers = {j.id: j.trigger for j in JOBS if j.id.startswith("training-")}
    assert triggers["training-pace-quarterly"]["month"] == "4,7,10"
    assert triggers["training-pace-december"] == {"month": 12, "day_of_week": "mon",
                                                  "hour": 8, "minute": 30}
