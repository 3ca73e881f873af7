"""Demo training data: three years of city courses, attendance, floors, a plan, a submission."""
import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from app.core import clock
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.training.models import Attendance, ExternalTraining, PlanItem, TrainingSession

# (title, category, format, hours, month)
COURSES = (
    ("《行政处罚法》专题培训", "public_law", "专题培训", 8, 3),
    ("会前学法：市场监管行政处罚程序规定", "public_law", "会前学法", 2, 4),
    ("讲法微课堂：食品安全抽检与核查处置", "public_law", "讲法微课堂", 1.5, 5),
    ("中心组学法：《优化营商环境条例》", "public_law", "中心组学法", 4, 6),
    ("学法普法清单集中学习", "public_law", "学法普法清单", 6, 8),
    ("《行政复议法》《行政诉讼法》实务", "public_law", "专题培训", 12, 10),
    ("全员轮训：综合执法业务（线上）", "business", "全员轮训", 16, 4),
    ("特种设备安全监察业务培训", "business", "专题培训", 12, 6),
    ("执法文书制作实训", "business", "专题培训", 8, 9),
    ("案件查办与电子数据取证技能", "business", "专题培训", 6, 11),
    ("学习贯彻党的二十届三中全会精神", "political", "支部学法", 4, 7),
)


def officer_city(unit_paths: dict[int, str], city_ids: set[int], unit_id: int) -> int | None:
    """The nearest city bureau above the unit (the province for its own divisions)."""
    ids = [int(p) for p in unit_paths[unit_id].strip("/").split("/")]
    return next((i for i in reversed(ids) if i in city_ids), ids[0])


def build(rng: random.Random | None = None) -> int:
    """Adds the demo's training; returns the number of attendance rows."""
    rng = rng or random.Random(2026)
    this_year = clock.today().year
    cities = list(db.session.scalars(select(Unit).where(Unit.kind.in_(("设区市局", "省局")))))
    paths = dict(db.session.execute(select(Unit.id, Unit.path)).all())
    city_ids = {c.id for c in cities}
    officers = db.session.execute(select(Officer.id, Officer.unit_id)).all()
    by_city: dict[int, list[int]] = {}
    for oid, uid in officers:
        by_city.setdefault(officer_city(paths, city_ids, uid), []).append(oid)
    diligence = {oid: rng.uniform(0.45, 1.0) for oid, _ in officers}
    rows = []
    for year in (this_year - 2, this_year - 1, this_year):
        for city in cities:
            for session in _sessions(city, year, this_year):
                rows += _attendance(rng, session, by_city.get(city.id, []), diligence)
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Attendance), rows[start:start + 5000])
    _plan(this_year)
    _submission(rng, this_year)
    return len(rows)


def _sessions(city: Unit, year: int, this_year: int) -> list[TrainingSession]:
    made = []
    for title, category, study_format, hours, month in COURSES:
        if year == this_year and month > clock.today().month:
            continue
        start = date(year, month, 10 + (city.id % 10))
        days = 2 if hours > 8 else 1
        made.append(TrainingSession(
            title=title, category=category, study_format=study_format, unit_id=city.id,
            start_date=start, end_date=start + timedelta(days=days - 1), year=year,
            hours=Decimal(str(hours)), mode="online" if "线上" in title else "offline",
            content=f"{title}：{city.name}组织，讲授相关法律法规和执法实务。"))
    db.session.add_all(made)
    db.session.flush()
    return made


def half_hour_floor(hours: Decimal) -> Decimal:
    """Down to whole half hours, at least 0.5 (quantize(Decimal("0.5")) keeps one decimal)."""
    return max(Decimal(int(hours * 2)) / 2, Decimal("0.5"))


def _attendance(rng, session: TrainingSession, officer_ids: list[int], diligence) -> list[dict]:
    rows = []
    for oid in officer_ids:
        if rng.random() < diligence[oid]:
            hours = session.hours if rng.random() > 0.08 else half_hour_floor(session.hours / 2)
            rows.append({"session_id": session.id, "officer_id": oid, "hours": hours,
                         "year": session.year, "category": session.category})
    return rows


def _plan(year: int) -> None:
    city = db.session.scalar(select(Unit).where(Unit.code == "360100"))
    if city is None:
        return
    sessions = {s.title: s for s in db.session.scalars(select(TrainingSession).where(
        TrainingSession.unit_id == city.id, TrainingSession.year == year))}
    for title, category, _format, hours, month in COURSES[:8]:
        item = PlanItem(unit=city, year=year, title=title, category=category,
                        planned_hours=Decimal(str(hours)), audience="全市执法人员", month=month)
        db.session.add(item)
        if title in sessions:
            sessions[title].plan_item = item
    db.session.add(PlanItem(unit=city, year=year, title="反垄断与公平竞争审查专题",
                            category="business", planned_hours=Decimal(8),
                            audience="法规科、执法稽查局", month=12))
    db.session.flush()


def _submission(rng, year: int) -> None:
    from app.auth.models import User

    account = db.session.scalar(select(User).where(User.username == "officer"))
    if account is None or account.officer is None:
        return
    db.session.add(ExternalTraining(
        officer=account.officer, unit_id=account.officer.unit_id,
        title="国家市场监管总局网络执法培训班", organiser="国家市场监督管理总局干部学院",
        category="business", start_date=date(year, 9, 1), end_date=date(year, 9, 3),
        hours=Decimal(18), content="网络交易监管执法实务"))
    db.session.flush()
