"""Named reads of certificates, always through the holder's unit scope.

`valid_holder_ids` is the one answer to "who may enforce on their own" (持证上岗):
the talent pool draws only from it and every officer list flags the rest.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import contains_eager

from app.certificates.models import (
    CURRENT,
    ENFORCEMENT,
    KINDS,
    STATUSES,
    UNCANCELLED,
    Certificate,
    CertificateEvent,
    ClearanceReport,
)
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
    stmt = select(Certificate.officer_id).where(Certificate.kind == ENFORCEMENT,
                                                Certificate.valid_on_clause(day))
    return _for_ids(stmt, officer_ids)


def _for_ids(stmt: Select, officer_ids: Iterable[int] | None) -> set[int]:
    """Run `stmt` (selecting officer ids) for these officers, or for everyone."""
    if officer_ids is None:
        return set(db.session.scalars(stmt))
    ids = list(set(officer_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 900):    # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        found |= set(db.session.scalars(stmt.where(Certificate.officer_id.in_(chunk))))
    return found


# The draw's rule: a 行政执法证 valid on every day of the inspection window.

def withheld_between_clause(starts_on: date, ends_on: date):
    """SQL (correlated on Certificate): withheld (暂扣) on some day of the window in the past.

    A withholding runs from its 暂扣 event to the next 恢复有效; it touches the window when the
    暂扣 is on or before the last day and the 恢复有效 after the first day.
    """
    restore, suspend = CertificateEvent.__table__.alias("r"), CertificateEvent.__table__.alias("s")
    suspended_on = (select(suspend.c.effective_on)
                    .where(suspend.c.certificate_id == restore.c.certificate_id,
                           suspend.c.action == "suspend", suspend.c.id < restore.c.id)
                    .order_by(suspend.c.id.desc()).limit(1).scalar_subquery())
    return exists().where(restore.c.certificate_id == Certificate.id,
                          restore.c.action == "restore", restore.c.effective_on > starts_on,
                          suspended_on <= ends_on)


def covers_window_clause(starts_on: date, ends_on: date):
    """SQL (correlated on Officer.id): holds a 行政执法证 valid over the whole window."""
    return exists().where(Certificate.officer_id == Officer.id,
                          Certificate.covers_clause(starts_on, ends_on),
                          ~withheld_between_clause(starts_on, ends_on))


def holders_over(officer_ids: Iterable[int] | None, starts_on: date,
                 ends_on: date | None = None) -> set[int]:
    """Ids of officers whose 行政执法证 is valid on every day from `starts_on` to `ends_on`."""
    ends_on = ends_on or starts_on
    stmt = select(Certificate.officer_id).where(
        Certificate.covers_clause(starts_on, ends_on),
        ~withheld_between_clause(starts_on, ends_on))
    return _for_ids(stmt, officer_ids)


def window_problem(officer: Officer, starts_on: date, ends_on: date | None = None) -> str | None:
    """Why the officer's 行政执法证 does not cover the window, in Chinese; None when it does."""
    ends_on = ends_on or starts_on
    if officer.id in holders_over([officer.id], starts_on, ends_on):
        return None
    certificate = current_for(officer)
    if certificate is None:
        return "无行政执法证记录，不得参加抽取"
    span = f"{starts_on}至{ends_on}" if ends_on != starts_on else f"{starts_on}"
    return f"行政执法证在{span}期间不是全程有效（{_why_not(certificate, starts_on, ends_on)}）"


def _why_not(c: Certificate, starts_on: date, ends_on: date) -> str:
    if c.status != "valid":
        return f"证件状态为{c.status_label}"
    if c.issued_on is None:
        return "缺少发证日期，无法确认"
    if c.issued_on > starts_on:
        return f"{c.issued_on}才发证"
    if c.valid_until is not None and c.valid_until < ends_on:
        return f"有效期至{c.valid_until}"
    return "期间曾被暂扣"


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


def current_for(officer: Officer, kind: str = ENFORCEMENT) -> Certificate | None:
    """The officer's current certificate of `kind` (申领中/有效/暂扣), else the latest, else None."""
    stmt = select(Certificate).where(Certificate.officer_id == officer.id,
                                     Certificate.kind == kind)
    current = db.session.scalar(stmt.where(Certificate.status.in_(CURRENT)))
    return current or db.session.scalar(stmt.order_by(Certificate.id.desc()).limit(1))


def history_for(officer: Officer) -> list[Certificate]:
    """Every certificate of the officer, of every kind, newest first."""
    return list(db.session.scalars(select(Certificate).where(
        Certificate.officer_id == officer.id).order_by(Certificate.id.desc())))


def current_of_every_kind(officer: Officer) -> list[Certificate]:
    """The officer's current (申领中/有效/暂扣) certificates, one per kind at most."""
    return [c for c in all_for(officer) if c.status in CURRENT]


def all_for(officer: Officer) -> list[Certificate]:
    """Every certificate of the officer: kind by kind (行政执法证 first), current before old."""
    order = {code: n for n, code in enumerate(KINDS)}
    return sorted(history_for(officer),
                  key=lambda c: (order.get(c.kind, len(order)), c.status not in CURRENT, -c.id))


SORTS = {"name": Officer.name, "unit": Unit.code, "number": Certificate.number,
         "valid_until": Certificate.valid_until}


@dataclass
class CertificateFilter:
    q: str = ""
    unit_id: int | None = None
    status: str = ""
    kind: str = ""
    expiring: bool = False
    sort: str = ""
    desc: bool = False
    by_number: bool = False    # q may match a whole ID number (app/auth/id_access.py)

    @classmethod
    def from_args(cls, args, by_number: bool = False) -> "CertificateFilter":
        return cls(by_number=by_number, q=args.get("q", "").strip()[:50], unit_id=args.get("unit", type=int),
                   status=args.get("status", "") if args.get("status") in STATUSES else "",
                   kind=args.get("kind", "") if args.get("kind") in KINDS else "",
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
    if f.kind:
        stmt = stmt.where(Certificate.kind == f.kind)
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


# The clearance (定期清理): certificates not yet 注销 of people no longer enforcing.

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
                "kind": self.certificate.kind_label,
                "status": self.certificate.status_label, "person_status": self.person_status,
                "left_post_on": self.left_post_on.isoformat() if self.left_post_on else None}


def clearance_rows(scope: Scope, unit: Unit | None = None, *,
                   include_reported: bool = True) -> list[ClearanceRow]:
    """Every certificate not yet 注销 (of any kind) whose holder left an enforcement post,
    oldest departure first."""
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
    ).where(Certificate.status.in_(UNCANCELLED), left_post_clause())
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
