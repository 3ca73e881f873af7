"""The sweeper: submit every attempt whose time is up, whether its page is open or not.

Each attempt is finished and committed in a transaction of its own, so one that
fails (logged) never stops the others; running it twice changes nothing.
"""
import logging
from datetime import timedelta

from sqlalchemy import select

from app.core.actor import SCHEDULER
from app.core.models import utcnow
from app.exams import taking
from app.exams.models import Attempt
from app.extensions import db

log = logging.getLogger(__name__)


def overdue_ids(now) -> list[int]:
    limit = now - timedelta(seconds=taking.grace_seconds())
    return list(db.session.scalars(select(Attempt.id).where(
        Attempt.state == "in_progress", Attempt.deadline_at <= limit).order_by(Attempt.id)))


def finish_overdue(now=None) -> tuple[int, int]:
    """(finished, failed) over all overdue attempts."""
    now = now or utcnow()
    finished = failed = 0
    db.session.commit()
    for attempt_id in overdue_ids(now):
        try:
            if taking.finish_overdue(SCHEDULER, attempt_id, now):
                finished += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            failed += 1
            log.exception("could not finish exam attempt %s", attempt_id)
    return finished, failed


def publish_due(now=None) -> tuple[int, int]:
    """Results whose scheduled time has come: (published, legal section told)."""
    from app.results import services as results

    now = now or utcnow()
    try:
        done = results.publish_due(SCHEDULER, now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not publish scheduled results")
        return 0, 0
    return done


def sweep() -> None:
    """The scheduled job (every minute): overdue attempts, then results due."""
    finished, failed = finish_overdue()
    if finished or failed:
        log.info("exam sweeper: %s attempts finished, %s failed", finished, failed)
    published, told = publish_due()
    if published or told:
        log.info("exam sweeper: %s results published, %s not ready", published, told)
