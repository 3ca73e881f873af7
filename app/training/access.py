"""Who may see a session, a submission and their evidence: one place, used by every view."""
from sqlalchemy import select

from app.core.scoping import Scope
from app.extensions import db
from app.training.models import Attendance, Evidence, ExternalTraining, TrainingSession


def attended(officer_id: int | None, session: TrainingSession) -> bool:
    return officer_id is not None and db.session.scalar(select(Attendance.id).where(
        Attendance.session_id == session.id, Attendance.officer_id == officer_id)) is not None


def may_see_session(user, session: TrainingSession) -> bool:
    """Staff whose scope covers the organiser; officers who attended it."""
    scope = Scope.of(user)
    if scope.everything:
        return True
    if scope.officer_id is not None:
        return attended(scope.officer_id, session)
    return session.unit is not None and scope.covers_unit(session.unit)


def may_see_submission(user, item: ExternalTraining) -> bool:
    scope = Scope.of(user)
    if scope.officer_id is not None:
        return item.officer_id == scope.officer_id
    return scope.everything or scope.covers_unit(item.officer.unit)


def may_see_evidence(user, item: Evidence) -> bool:
    if item.session is not None:
        return may_see_session(user, item.session)
    return may_see_submission(user, item.submission)
