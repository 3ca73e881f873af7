"""Named reads of certificates, always through the holder's unit scope.

`valid_holder_ids` is the one answer to "who may enforce on their own" (持证上岗):
the talent pool draws only from it and every officer list flags the rest.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import contains_eager

from app.certificates.models import CURRENT, LIVE, STATUSES, Certificate, ClearanceReport
from app.core import clock
from app.core.scoping import Scope, scoped, subtree_ids
from app.extensions import db
from app.org.models import Unit
from app.people.models import PERSON_STATUSES, Officer, PostPeriod

EXPIRY_WARNING_DAYS = 90


def valid_holder_ids(officer_ids: Iterable[int] | None = None, on: date | None = None) -> set[int]:
    """Ids of officers holding a certificate that is 有效 on `on` (default today).

    A certificate past its valid-until date is not valid even before the expiry job ran.
    The status is the current one: `on` moves the date window, not the status history.
    """
    day = on or clock.today()
    stmt = select(Certificate.officer_id).where(Certificate.valid_on_clause(day))
    if officer_ids is None:
        return set(db.session.scalars(stmt))
    ids = list(set(officer_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 900):    # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        found |= set(db.session.scalars(stmt.where(Certificate.officer_id.in_(chunk))))
    return found


def uncertified_ids(officers: Iterable, on: date | None = None) -> set[int]:
    """Of these officers (or ids), those without a valid certificate: one query for a page."""
    ids = {getattr(o, "id", o) for o in officers}
    return ids - valid_holder_ids(ids, on) if ids else set()


def in_scope(scope: Scope, stmt: Select | None = None) -> Select:
    """Certificates whose holder `scope` may see (an officer: their own)."""
    stmt = select(Certificate) if stmt is None else stmt
    return scoped(Officer, scope, stmt.join(Certificate.officer))


def certificate_in_scope(scope: Scope, certificate_id: int) -> Certificate | None:
    return db.session.scalar(in_scope(scope).where(Certificate.id == certificate_id))


def current_for(officer: Officer) -> Certificate | None:
    """The officer's current certificate (申领中/有效/暂扣), else the latest one, else None."""
    stmt = select(Certificate).where(Certificate.officer_id == officer.id)
    current = db.session.scalar(stmt.where(Certificate.status.in_(CURRENT)))
    return current or db.session.scalar(stmt.order_by(Certificate.id.desc()).limit(1))


def history_for(officer: Officer) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(
        Certificate.officer_id == officer.id).order_by(Certificate.id.desc())))


SORTS = {"name": Officer.name, "unit": Unit.code, "number": Certificate.number,
         "valid_until": Certificate.valid_until}


@dataclass
class CertificateFilter:
    q: str = ""
    unit_id: int | None = None
    status: str = ""
    expiring: bool = False
    sort: str = ""
    desc: bool = False
    by_number: bool = False    # q may match a whole ID number (app/auth/id_access.py)

    @classmethod
    def from_args(cls, args, by_number: bool = False) -> "CertificateFilter":
        return cls(by_number=by_number, q=args.get("q", "").strip()[:50], unit_id=args.get("unit", type=int),
                   status=args.get("status", "") if args.get("status") in STATUSES else "",
                   expiring=args.get("expiring") == "1", sort=args.get("sort", ""),
                   desc=args.get("dir") == "desc")


def listing(scope: Scope, f: CertificateFilter, on: date | None = None) -> Select:
    stmt = in_scope(scope).join(Officer.unit).options(
        contains_eager(Certificate.officer).contains_eager(Officer.unit))
    if f.q:
        by_number = [Officer.id_number_matches(f.q)] if f.by_number else []
        stmt = stmt.where(or_(Officer.name.contains(f.q), *by_number,
                              Certificate.number == f.q))
    if f.unit_id:
        unit = db.session.get(Unit, f.unit_id)
        if unit is not None:
            stmt = stmt.where(Officer.unit_id.in_(subtree_ids(unit.path)))
    if f.status:
        stmt = stmt.where(Certificate.status == f.status)
    if f.expiring:
        stmt = stmt.where(expiring_clause(on or clock.today()))
    if f.sort in SORTS:
        column = SORTS[f.sort]
        return stmt.order_by(column.desc() if f.desc else column, Certificate.id)
    return stmt.order_by(Unit.code, Officer.name, Certificate.id)


def expiring_clause(day: date, days: int = EXPIRY_WARNING_DAYS):
    """Valid today and reaching its valid-until date within `days` days."""
    return and_(Certificate.valid_on_clause(day),
                Certificate.valid_until <= day + timedelta(days=days))


def expiring(day: date, days: int = EXPIRY_WARNING_DAYS) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).join(Certificate.officer)
                                   .where(expiring_clause(day, days))
                                   .options(contains_eager(Certificate.officer))))


def counts_by_status(scope: Scope) -> dict[str, int]:
    stmt = in_scope(scope, select(Certificate.status, func.count())).group_by(Certificate.status)
    return dict(db.session.execute(stmt).all())


# The clearance (定期清理): live certificates of people no longer enforcing.

def left_post_clause():
    return or_(Officer.status != "active", Officer.on_post.is_(False))


@dataclass
class ClearanceRow:
    certificate: Certificate
    person_status: str
    left_post_on: date | None

    @property
    def officer(self) -> Officer:
        return self.certificate.officer

    def as_dict(self) -> dict:
        """The JSON object of INTERFACES.md."""
        return {"id_number_masked": self.officer.id_number_masked, "name": self.officer.name,
                "unit_code": self.officer.unit.code,
                "certificate_number": self.certificate.number,
                "status": self.certificate.status_label, "person_status": self.person_status,
                "left_post_on": self.left_post_on.isoformat() if self.left_post_on else None}


def clearance_rows(scope: Scope, unit: Unit | None = None, *,
                   include_reported: bool = True) -> list[ClearanceRow]:
    """Every live certificate whose holder left an enforcement post, oldest departure first."""
    stmt = waiting_certificates(scope, unit)
    if not include_reported:
        stmt = stmt.where(Certificate.report_id.is_(None))
    certificates = list(db.session.scalars(stmt))
    left = post_left_dates([c.officer_id for c in certificates])
    rows = [ClearanceRow(c, person_status(c.officer), left_post_on(c.officer, left))
            for c in certificates]
    return sorted(rows, key=lambda r: (r.left_post_on or date.min, r.officer.unit.code,
                                       r.certificate.number or ""))


def waiting_certificates(scope: Scope, unit: Unit | None = None) -> Select:
    stmt = in_scope(scope).join(Officer.unit).options(
        contains_eager(Certificate.officer).contains_eager(Officer.unit),
    ).where(Certificate.status.in_(LIVE), left_post_clause())
    if unit is not None:
        stmt = stmt.where(Officer.unit_id.in_(subtree_ids(unit.path)))
    return stmt


def person_status(officer: Officer) -> str:
    """The officer's status label; someone still 在岗 but off the enforcement post left it."""
    if officer.status == "active" and not officer.on_post:
        return PERSON_STATUSES["transferred"]
    return officer.status_label


def post_left_dates(officer_ids: list[int]) -> dict[int, date]:
    """The first day off the post of each officer's last post period (one query)."""
    if not officer_ids:
        return {}
    stmt = (select(PostPeriod.officer_id, func.max(PostPeriod.end_on))
            .where(PostPeriod.officer_id.in_(officer_ids), PostPeriod.end_on.is_not(None))
            .group_by(PostPeriod.officer_id))
    return dict(db.session.execute(stmt).all())


def left_post_on(officer: Officer, post_left: dict[int, date]) -> date | None:
    """The first day off the post: the end of the last post period; the status change date
    where the officer has no closed period (e.g. imported already off the post, no date)."""
    return post_left.get(officer.id) or officer.status_changed_on


def reports(scope: Scope) -> list[ClearanceReport]:
    return list(db.session.scalars(scoped(ClearanceReport, scope)
                                   .order_by(ClearanceReport.id.desc()).limit(50)))


def open_reports(scope: Scope) -> list[ClearanceReport]:
    return [r for r in reports(scope) if r.completed_on is None]
