"""A city with two counties, officers, sessions and a programme of county A."""
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from app.core.actor import CLI
from app.extensions import db as _db
from app.rotation import services
from app.training.models import Attendance, TrainingSession


@pytest.fixture
def world(db, make_unit, make_officer, make_user):
    city = make_unit("C36", "南昌市市场监督管理局", kind="设区市局")
    a = make_unit("C36A", "东湖区市场监督管理局", parent=city)
    a_office = make_unit("C36A1", "东湖区某市场监管所", parent=a, kind="市场监管所")
    b = make_unit("C36B", "西湖区市场监督管理局", parent=city)
    w = type("World", (), {})()
    w.city, w.a, w.a_office, w.b = city, a, a_office, b
    w.li = make_officer(a, "李明")
    w.wang = make_officer(a_office, "王芳")
    w.zhao = make_officer(a, "赵强")
    w.off_post = make_officer(a, "钱多", on_post=False)
    w.retired = make_officer(a, "孙退", status="retired")
    w.other = make_officer(b, "周边")
    w.hr_a, w.hr_b = make_user("hr", a), make_user("hr", b)
    w.legal_city = make_user("legal", city)
    w.leader_a = make_user("leader", a)
    w.officer_user = make_user("officer", a, officer=w.li)
    w.s1 = session(a, "轮训专题一", D(4), "offline")
    w.s2 = session(a_office, "轮训专题二", D(4), "online")
    w.s3 = session(a, "轮训选修", D(2), "online")
    return w


def session(unit, title, hours, mode, day=date(2026, 5, 10)) -> TrainingSession:
    s = TrainingSession(title=title, category="business", study_format="全员轮训", unit=unit,
                        start_date=day, end_date=day, year=day.year, hours=hours, mode=mode)
    _db.session.add(s)
    _db.session.commit()
    return s


def attend(s: TrainingSession, *officers) -> None:
    for o in officers:
        _db.session.add(Attendance(session=s, officer=o, hours=s.hours, year=s.year,
                                   category=s.category))
    _db.session.commit()


@pytest.fixture
def programme(world):
    """County A's interview programme: s1, s2 required, s3 optional; two jurors."""
    w = world
    p = services.save_programme(CLI, services.ProgrammeData(
        name="2026年度全员轮训", year=2026, unit=w.a, units=[w.a], method="interview",
        pass_mark=D(60), max_score=D(100)))
    for s, required in ((w.s1, True), (w.s2, True), (w.s3, False)):
        services.link_session(CLI, p, s, required)
    services.enrol(CLI, p)
    services.add_juror(CLI, p, "评委甲", w.hr_a)
    services.add_juror(CLI, p, "评委乙")
    _db.session.commit()
    return p


def at(day: int) -> datetime:
    return datetime(2026, 6, day, 1, 0)
