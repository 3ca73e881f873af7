"""Every scheduled job in one table; only `flask scheduler` runs them.

A job is a no-argument function that does its work through services with the
SCHEDULER actor and flushes; `run_job` commits once or rolls back. Jobs are
idempotent: running one twice changes nothing the second time.
"""
import logging
from dataclasses import dataclass, field
from importlib import import_module

from app.core.models import utcnow
from app.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    id: str
    func: str                       # "package.module:function"
    trigger: dict = field(default_factory=dict)   # APScheduler cron fields


JOBS: list[ScheduledJob] = [
    ScheduledJob("exams-finish-overdue", "app.exams.tasks:sweep", {"minute": "*"}),
    ScheduledJob("certificates-expire", "app.certificates.tasks:expire_certificates",
                 {"hour": 0, "minute": 15}),
    ScheduledJob("certificates-expiring", "app.certificates.tasks:warn_expiring",
                 {"hour": 8, "minute": 0}),
    ScheduledJob("certificates-clearance", "app.certificates.tasks:remind_clearance",
                 {"day": 1, "hour": 9, "minute": 0}),
    ScheduledJob("training-pace-quarterly", "app.training.reminders:run",
                 {"month": "4,7,10", "day": 1, "hour": 8, "minute": 30}),
    ScheduledJob("training-pace-december", "app.training.reminders:run",
                 {"month": 12, "day_of_week": "mon", "hour": 8, "minute": 30}),
    ScheduledJob("exports-prune", "app.jobs.exports:prune", {"minute": 40}),
    ScheduledJob("staffing-snapshot", "app.staffing.services:refresh_current_year",
                 {"hour": 23, "minute": 30}),
    ScheduledJob("annual-report-reminder", "app.annual.tasks:annual_report_job",
                 {"month": 1, "day": "5,20,28", "hour": 9, "minute": 0}),
    ScheduledJob("training-plan-reminder", "app.annual.tasks:training_plan_job",
                 {"month": "1,2,3", "day": 10, "hour": 9, "minute": 0}),
]


def job_by_id(job_id: str) -> ScheduledJob:
    for job in JOBS:
        if job.id == job_id:
            return job
    raise KeyError(job_id)


def run_job(job: ScheduledJob) -> None:
    """Run one job: commit its work with the time it ran, or roll back and log."""
    from app.ops.models import ScheduledRun

    module, name = job.func.split(":")
    try:
        getattr(import_module(module), name)()
        db.session.merge(ScheduledRun(job_id=job.id, last_run_at=utcnow()))
        db.session.commit()
        log.info("scheduled job %s done", job.id)
    except Exception:
        db.session.rollback()
        log.exception("scheduled job %s failed", job.id)
        raise


def run_job_safely(job: ScheduledJob) -> bool:
    """Run one job; a failure is logged (by run_job) and reported as False, never raised,
    so that one broken job never stops the others or the scheduler."""
    try:
        run_job(job)
    except Exception:  # already logged with its traceback in run_job
        return False
    return True
