"""Demo certificates: most officers on a post hold a 行政执法证, some expire soon, some are
withheld, some applications wait, and some people who left still hold a live one (the
clearance). A few also hold a 行政执法监督证 or a sector certificate; the demo officer does."""
import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.auth.models import User
from app.certificates.models import Certificate, CertificateEvent
from app.core import clock
from app.core.models import utcnow
from app.extensions import db
from app.people.models import Officer

AUTHORITY = "江西省人民政府"
YEARS_VALID = 5


def build(rng: random.Random | None = None) -> int:
    """Adds the demo's certificates in bulk; returns how many."""
    rng = rng or random.Random(2026)
    today = clock.today()
    demo_officer = db.session.scalar(select(User.officer_id).where(User.username == "officer"))
    officers = db.session.execute(select(Officer.id, Officer.status, Officer.on_post)
                                  .order_by(Officer.id)).all()
    rows = []
    for n, (officer_id, status, on_post) in enumerate(officers, start=1):
        enforcing = status == "active" and on_post
        row = (_valid(rng, today, officer_id, n) if officer_id == demo_officer
               else _for(rng, today, officer_id, n, enforcing))
        if row is not None:
            rows.append(row)
    rows += _other_kinds(officers, today, demo_officer)
    ids = db.session.execute(insert(Certificate).returning(Certificate.id,
                                                           sort_by_parameter_order=True),
                             rows).scalars().all()
    now = utcnow()
    db.session.execute(insert(CertificateEvent), [
        {"certificate_id": cid, "action": "import", "from_status": None,
         "to_status": row["status"], "reason": "演示数据", "effective_on": today,
         "actor_id": None, "actor_name": "cli", "at": now} for cid, row in zip(ids, rows, strict=True)])
    return len(rows)


OTHER_KINDS = (("supervision", "赣监"), ("special_equipment", "赣特"), ("metrology", "赣计"))


def _other_kinds(officers, today: date, demo_officer: int | None) -> list[dict]:
    """Second certificates of other kinds, from their own random stream (the 行政执法证 above
    stay as they were before there were kinds)."""
    rng, rows = random.Random(17), []
    for n, (officer_id, status, on_post) in enumerate(officers, start=1):
        roll = rng.random()
        if officer_id != demo_officer and roll >= 0.06:
            continue
        kind, prefix = OTHER_KINDS[0 if officer_id == demo_officer else int(roll * 50) % 3]
        row = _valid(rng, today, officer_id, n) | {"kind": kind}
        row["number"] = prefix + row["number"][2:]
        if not (status == "active" and on_post):
            row["status"] = "revoked"     # taken back, not yet 注销: the clearance lists it
        rows.append(row)
    return rows


def _for(rng: random.Random, today: date, officer_id: int, n: int, enforcing: bool) -> dict | None:
    roll = rng.random()
    if not enforcing:
        row = _valid(rng, today, officer_id, n)
        if roll < 0.4:
            row["status"] = "cancelled"
        return row
    if roll < 0.05:
        return None
    if roll < 0.09:
        return _valid(rng, today, officer_id, n) | {
            "status": "applied", "approved": roll < 0.07, "number": None, "authority": None,
            "issued_on": None, "valid_until": None, "area": None}
    row = _valid(rng, today, officer_id, n)
    if roll < 0.12:
        row["status"] = "suspended"
    elif roll < 0.17:   # issued five years ago: expiring within the next three months
        row["issued_on"] = today - timedelta(days=YEARS_VALID * 365 - rng.randrange(5, 85))
        row["valid_until"] = row["issued_on"] + timedelta(days=YEARS_VALID * 365)
    return row


def _valid(rng: random.Random, today: date, officer_id: int, n: int) -> dict:
    issued = today - timedelta(days=rng.randrange(120, YEARS_VALID * 365 - 100))
    return {"officer_id": officer_id, "kind": "enforcement", "status": "valid", "approved": True,
            "number": f"赣执{issued.year}{n:06d}", "authority": AUTHORITY, "issued_on": issued,
            "valid_until": issued + timedelta(days=YEARS_VALID * 365),
            "categories": "市场监管综合执法", "area": "江西省", "created_at": utcnow(),
            "updated_at": utcnow()}
