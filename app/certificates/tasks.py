"""Scheduled jobs (declared in app/scheduling.py): expiry, expiry warnings, clearance reminders.

Each runs with the SCHEDULER actor, flushes, and is idempotent: expiry changes
only what is due; notifications carry keys, so a re-run notifies nobody twice.
"""
from collections import defaultdict

from sqlalchemy import select

from app.auth.models import User
from app.certificates import queries, services
from app.core import clock
from app.core.actor import SCHEDULER
from app.core.scoping import Scope
from app.extensions import db
from app.notifications.services import hr_users_for, notify
from app.org.models import Unit


def expire_certificates() -> int:
    """Daily: 有效/暂扣 certificates past their valid-until date become 过期."""
    return services.expire_due(SCHEDULER, clock.today())


def warn_expiring() -> int:
    """Daily: each certificate expiring within 90 days is flagged once to HR and its holder."""
    sent = 0
    for certificate in queries.expiring(clock.today()):
        officer = certificate.officer
        key = f"certificates.expiring.{certificate.id}.{certificate.valid_until}"
        text = (f"执法证 {certificate.number}（{officer.name}）将于 {certificate.valid_until} "
                f"到期，请及时办理换证")
        sent += notify([u.id for u in hr_users_for(officer.unit)], text,
                       link=f"/certificates/{certificate.id}", key=key)
        sent += notify(officer_account_ids([officer.id]), text, link="/officers/me", key=key)
    return sent


def remind_clearance() -> int:
    """Monthly: the legal section is reminded while certificates wait for cancellation."""
    rows = queries.clearance_rows(Scope(everything=True))
    waiting = [r for r in rows if not _completed(r)]
    by_user: dict[int, int] = defaultdict(int)
    users_by_unit: dict[int, list[User]] = {}
    for row in waiting:
        unit = row.officer.unit
        if unit.id not in users_by_unit:
            users_by_unit[unit.id] = legal_users_for(unit)
        for user in users_by_unit[unit.id]:
            by_user[user.id] += 1
    month = clock.today().strftime("%Y-%m")
    sent = 0
    for user_id, count in by_user.items():
        sent += notify([user_id], f"定期清理：有 {count} 张已离岗人员的执法证待报送或待登记注销",
                       link="/certificates/clearance", key=f"certificates.clearance.{month}")
    return sent


def _completed(row: queries.ClearanceRow) -> bool:
    report = row.certificate.clearance_report
    return report is not None and report.completed_on is not None


def legal_users_for(unit: Unit) -> list[User]:
    """Active legal-section accounts whose scope covers `unit`."""
    ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
    return list(db.session.scalars(select(User).where(
        User.role == "legal", User.active.is_(True), User.unit_id.in_(ancestors))))


def officer_account_ids(officer_ids: list[int]) -> list[int]:
    return list(db.session.scalars(select(User.id).where(
        User.officer_id.in_(officer_ids), User.active.is_(True))))
