"""The `flask scheduler` process: wait for the leader lock, catch up once, run the table.

Two schedulers against one database: the first takes the lock and runs the
jobs; the second waits, polling, and takes over when the first dies. After a
restart, a job whose last recorded run is older than its latest due time runs
once (not once per missed slot, not once per process).
"""
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.ops.leader import lock_for
from app.ops.models import ScheduledRun
from app.scheduling import JOBS, ScheduledJob, run_job_safely

log = logging.getLogger(__name__)
ZONE = ZoneInfo("Asia/Shanghai")
POLL_SECONDS = 5


def due_since(job: ScheduledJob, last_run: datetime, now: datetime) -> bool:
    """Whether a run fell due after `last_run` (UTC) and by `now` (UTC)."""
    trigger = CronTrigger(timezone=ZONE, **job.trigger)
    # The trigger answers "at or after"; a run recorded at its due time is not due again.
    after = last_run.replace(tzinfo=UTC) + timedelta(seconds=1)
    following = trigger.get_next_fire_time(None, after)
    return following is not None and following <= now.replace(tzinfo=UTC)


def missed_jobs(now: datetime) -> list[ScheduledJob]:
    """Jobs that fell due while no scheduler ran (a job never run before is not 'missed')."""
    last = dict(db.session.execute(select(ScheduledRun.job_id, ScheduledRun.last_run_at)).all())
    return [job for job in JOBS if job.id in last and due_since(job, last[job.id], now)]


def catch_up(now: datetime | None = None) -> list[str]:
    """Run each missed job once; returns their ids."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return [job.id for job in missed_jobs(now) if run_job_safely(job)]


def build(app: Flask):
    """A background APScheduler with every job, each run inside an app context."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone=ZONE)
    for job in JOBS:
        scheduler.add_job(_in_context(app, job), "cron", id=job.id, name=job.id,
                          coalesce=True, max_instances=1, misfire_grace_time=3600,
                          **job.trigger)
    return scheduler


def _in_context(app: Flask, job: ScheduledJob):
    def run() -> None:
        with app.app_context():
            run_job_safely(job)
    return run


def serve(app: Flask, *, poll: float = POLL_SECONDS, stop=lambda: False) -> None:
    """Wait for the lock, then run jobs until the lock is lost or `stop()` says so."""
    lock = lock_for(db.engine, _lock_dir(app))
    while not lock.acquire():
        if stop():
            return
        time.sleep(poll)
    log.info("scheduler: lock taken, %s jobs", len(JOBS))
    ran = catch_up()
    if ran:
        log.info("scheduler: caught up %s", ", ".join(ran))
    scheduler = build(app)
    scheduler.start()
    try:
        while lock.alive() and not stop():
            time.sleep(poll)
    finally:
        scheduler.shutdown(wait=False)
        lock.release()


def _lock_dir(app: Flask) -> str:
    database = db.engine.url.database
    if db.engine.dialect.name == "sqlite" and database and database != ":memory:":
        return str(Path(database).resolve().parent)
    return app.instance_path
