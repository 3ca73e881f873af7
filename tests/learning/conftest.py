"""A published course with two chapters, an officer in its audience, and a fixed clock."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from app.core.actor import CLI
from app.learning import services

START = datetime(2026, 3, 2, 1, 0, 0)     # 09:00 Beijing, inside the window


@pytest.fixture
def course(db, province):
    course = services.create_course(
        CLI, title="反不正当竞争法解读", category="public_law", hours=Decimal("2"),
        unit=province["360100"], opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31),
        quiz_size=0)
    services.add_chapter(CLI, course, title="第一讲", kind="text", min_minutes=10,
                         body="正文")
    services.add_chapter(CLI, course, title="第二讲", kind="text", min_minutes=5, body="正文二")
    services.publish(CLI, course)
    db.session.commit()
    return course


@pytest.fixture
def video_course(db, province):
    """A course whose one chapter is a video (the stored name is not read by the rules)."""
    course = services.create_course(
        CLI, title="执法视频课", category="business", hours=Decimal("1"),
        unit=province["360100"], opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31),
        quiz_size=0)
    services.add_chapter(CLI, course, title="视频", kind="video", min_minutes=10,
                         stored_name="0" * 32 + ".mp4", original_name="a.mp4")
    services.publish(CLI, course)
    db.session.commit()
    return course


@pytest.fixture
def officer(make_officer, province):
    return make_officer(province["360102"], "李学习")


@pytest.fixture
def enrol(db, officer):
    def make(course, who=None):
        who = who or officer
        enrolment = services.enrol(who, course, date(2026, 3, 2), START)
        db.session.commit()
        return enrolment
    return make


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)
