"""`flask demo-data`: a synthetic Jiangxi province with real place names and fake people."""
import random
from datetime import date, timedelta
from importlib import import_module

from sqlalchemy import func, insert, select

from app.auth.models import User
from app.auth.services import create_user
from app.core import idcard
from app.core.actor import CLI
from app.demo_places import (
    CITY_SECTIONS,
    EDUCATIONS,
    GIVEN,
    JIANGXI,
    PROVINCE_DIVISIONS,
    SPECIALTIES,
    SURNAMES,
    TOWNS,
    counties,
)
from app.extensions import db
from app.org.models import Unit
from app.people import posts
from app.people.models import Officer

DEMO_PASSWORD = "Demo@2026"


def has_data() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Unit)))


def build(*, officers: int = 600, seed: int = 2026, roster_only: bool = False) -> str:
    """Units, officers, the five demo accounts and (unless `roster_only`) every domain's
    demo data; commits."""
    rng = random.Random(seed)
    province = build_units()
    add_officers(rng, enforcement_units(), officers)
    add_accounts()
    if not roster_only:
        for step in DOMAIN_STEPS:
            module, name = step.split(":")
            getattr(import_module(module), name)(rng)
    db.session.commit()
    units = db.session.scalar(select(func.count()).select_from(Unit))
    return f"已生成：{units} 个单位，{officers} 名执法人员（{province.name}）"


def accounts_line() -> str:
    return f"演示账号（密码 {DEMO_PASSWORD}）：admin, hr, legal, leader, officer"


# Each domain's demo data, in dependency order (draws need certificates, exams need the bank).
DOMAIN_STEPS = (
    "app.questions.demo:build",
    "app.laws.demo:build",
    "app.training.demo:build",
    "app.certificates.demo:build",
    "app.talentpool.demo:build",
    "app.exams.demo:build",
    "app.staffing.demo:build",
    "app.rotation.demo:build",
)


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    unit = Unit(code=code, name=name, kind=kind, parent=parent)
    db.session.add(unit)
    db.session.flush()
    unit.refresh_path()
    return unit


def build_units() -> Unit:
    province = _unit("360000", "江西省市场监督管理局", "省局", None)
    for i, name in enumerate(PROVINCE_DIVISIONS, start=1):
        _unit(f"360000-{i:02d}", name, "执法稽查局" if "稽查" in name else "处室", province)
    for (code, city_name), _ in JIANGXI.items():
        build_city(province, code, city_name)
    return province


def build_city(province: Unit, code: str, city_name: str) -> None:
    city = _unit(code, f"{city_name}市场监督管理局", "设区市局", province)
    for i, name in enumerate(CITY_SECTIONS, start=1):
        _unit(f"{code}-{i:02d}", name, "执法稽查局" if "稽查" in name else "科室", city)
    for county_code, county_name in counties((code, city_name)):
        county = _unit(county_code, f"{county_name}市场监督管理局", "县区局", city)
        short = county_name[:-1] if len(county_name) > 2 else county_name
        for j, town in enumerate(TOWNS[:3], start=1):
            _unit(f"{county_code}-{j:02d}", f"{short}{town}市场监管所", "市场监管所", county)


def enforcement_units() -> list[Unit]:
    """Units where officers work: county bureaus, offices and enforcement bureaus."""
    kinds = ("县区局", "市场监管所", "执法稽查局", "设区市局")
    return list(db.session.scalars(select(Unit).where(Unit.kind.in_(kinds)).order_by(Unit.id)))


def region_of(unit: Unit) -> str:
    return unit.code[:6] if unit.code[:6].isdigit() else "360000"


def fake_officer(rng: random.Random, unit: Unit, n: int) -> dict:
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
    status = rng.choices(list("aaaaaaaaaaaaaaaaaatrs"), k=1)[0]
    status = {"a": "active", "t": "transferred", "r": "retired", "s": "resigned"}[status]
    on_post = status == "active" and rng.random() < 0.93
    return {
        "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
        **Officer.id_columns(idcard.make(region_of(unit), born, n)),
        "unit_id": unit.id, "on_post": on_post,
        "post_since": date(rng.randrange(2000, 2026), rng.randrange(1, 13), 1),
        "status": status,
        # The day an officer left the post or the service (the clearance's 离岗日期).
        "status_changed_on": None if on_post else date(2026, rng.randrange(1, 11), 1),
        "specialty": rng.choice(SPECIALTIES), "education": rng.choice(EDUCATIONS),
        "legal_major": rng.random() < 0.25, "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
    }


def add_officers(rng: random.Random, places: list[Unit], count: int) -> None:
    seen: set[str] = set()
    rows = []
    for n in range(count):
        row = fake_officer(rng, places[n % len(places)], n)
        while row["id_number_hash"] in seen:
            row = fake_officer(rng, places[n % len(places)], rng.randrange(1000))
        seen.add(row["id_number_hash"])
        rows.append(row)
        if len(rows) == 5000:
            db.session.execute(insert(Officer), rows)
            rows = []
    if rows:
        db.session.execute(insert(Officer), rows)
    posts.fill_missing()


def add_accounts() -> None:
    city = db.session.scalar(select(Unit).where(Unit.code == "360100"))
    county = db.session.scalar(select(Unit).where(Unit.code == "360102"))
    officer = db.session.scalar(select(Officer).where(Officer.unit_id == county.id,
                                                      Officer.status == "active",
                                                      Officer.on_post.is_(True)).limit(1))
    if officer is None:
        officer = Officer(name="张明", id_number=idcard.make("360102", date(1985, 5, 1), 7),
                          unit=county, on_post=True, post_since=date(2015, 3, 1))
        db.session.add(officer)
        db.session.flush()
    specs = [("admin", "admin", None, None, "系统管理员"),
             ("hr", "hr", city, None, "人事科"),
             ("legal", "legal", city, None, "法规科"),
             ("leader", "leader", city, None, "局领导"),
             ("officer", "officer", county, officer, officer.name)]
    for username, role, unit, person, display in specs:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            create_user(CLI, username=username, password=DEMO_PASSWORD, role=role, unit=unit,
                        officer=person, display_name=display)
