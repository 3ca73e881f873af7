"""Demo data for the pool: members in every city, a few nominations and pauses, a few draws."""
import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.auth.models import User
from app.core import clock
from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.specialties.models import Specialty
from app.talentpool import draws
from app.talentpool.models import TalentMember

# (inspected unit code, specialty code, team size, days ago)
DEMO_DRAWS = (("360102", "basic", 3, 120), ("360121", "legal_review", 2, 75),
              ("360111", "basic", 3, 40), ("360103", "metrology", 2, 10))


def build(rng: random.Random) -> int:
    """Adds pool members and demo draws; returns the number of members."""
    rng = random.Random(rng.random())
    specialties = {s.name: s for s in db.session.scalars(select(Specialty))}
    rows = []
    for officer_id, specialty in db.session.execute(select(Officer.id, Officer.specialty).where(
            Officer.on_post.is_(True), Officer.status == "active").order_by(Officer.id)):
        rows += _memberships(rng, officer_id, specialties.get(specialty), specialties)
    if rows:
        db.session.execute(insert(TalentMember), rows)
    _draws()
    return len(rows)


def _memberships(rng: random.Random, officer_id: int, own: Specialty | None,
                 specialties: dict) -> list[dict]:
    if rng.random() > 0.6:
        return []
    chosen = {own or rng.choice(list(specialties.values()))}
    if rng.random() < 0.4:
        chosen.add(specialties["基本法律法规"])
    return [_row(rng, officer_id, s) for s in chosen]


def _row(rng: random.Random, officer_id: int, specialty: Specialty) -> dict:
    state = rng.choices(("approved", "nominated", "rejected"), (85, 11, 4))[0]
    row = {"officer_id": officer_id, "specialty_id": specialty.id, "state": state,
           "level": "expert" if rng.random() < 0.1 else "backbone", "nominated_at": utcnow(),
           "note": None, "decision_note": "专业方向不符" if state == "rejected" else None,
           "decided_at": utcnow() if state != "nominated" else None,
           "paused_from": None, "paused_until": None, "pause_reason": None}
    if state == "approved" and rng.random() < 0.04:
        start = clock.today() - timedelta(days=rng.randrange(1, 60))
        row.update(paused_from=start, paused_until=start + timedelta(days=90),
                   pause_reason=rng.choice(("休假", "借调", "脱产培训")))
    return row


def _draws() -> None:
    """A few past draws by the demo legal section (南昌市局), where the pool can fill them."""
    legal = db.session.scalar(select(User).where(User.username == "legal"))
    if legal is None:
        return
    for code, specialty_code, size, days_ago in DEMO_DRAWS:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        specialty = db.session.scalar(select(Specialty).where(Specialty.code == specialty_code))
        if unit is None or specialty is None:
            continue
        day = clock.today() - timedelta(days=days_ago)
        _one_draw(legal, unit, specialty, size, day)


def _one_draw(actor, unit: Unit, specialty: Specialty, size: int, day: date) -> None:
    try:
        with db.session.begin_nested():
            task = draws.create_task(actor, draws.TaskData(
                f"{day.year}年{specialty.name}交叉执法检查", unit, starts_on=day,
                ends_on=day + timedelta(days=2)))
            record = draws.draw(actor, task, specialty, size, seed=day.toordinal())
            for member in record.members:
                member.drawn_on = day
    except draws.DrawError:
        return  # too few certified members in this demo: no draw rather than a relaxed one
