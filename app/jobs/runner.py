"""Runs one job to its end: the handler's work is committed, or rolled back and reported."""
import logging
from collections.abc import Callable

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[[Job], dict]] = {}


class JobError(Exception):
    """A failure the user can act on; its message (in Chinese) is shown on the job page."""


def handler(kind: str):
    """Declare the function that runs jobs of `kind`; it returns the job's result."""
    def register(func):
        HANDLERS[kind] = func
        return func
    return register


def execute(job_id: int) -> None:
    job = db.session.get(Job, job_id)
    if job is None or job.finished:
        return  # a retried or duplicated message: the job already ran
    job.state = "running"
    db.session.commit()
    try:
        result = HANDLERS[job.kind](job)
    except JobError as exc:
        db.session.rollback()
        _finish(job_id, "failed", {"errors": [str(exc)]})
        return
    except Exception:
        log.exception("job %s failed", job_id)
        db.session.rollback()
        _finish(job_id, "failed", {"errors": ["处理失败，请联系管理员"]})
        return
    _finish(job_id, "done", result)


def _finish(job_id: int, state: str, result: dict) -> None:
    job = db.session.get(Job, job_id)
    job.state, job.result, job.finished_at = state, result, utcnow()
    db.session.commit()


def submit(kind: str, owner, params: dict) -> Job:
    """Record a job and queue it; commits, because the worker must see the row."""
    from app.jobs.queue import run_job

    job = Job(kind=kind, owner_id=getattr(owner, "id", None), params=params)
    db.session.add(job)
    db.session.commit()
    run_job(job.id)
    return job
