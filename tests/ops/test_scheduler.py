"""One scheduler at a time, and a restart catches up missed runs once."""
import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import select

from app import scheduling
from app.ops import scheduler as sched
from app.ops.leader import FileLock, PostgresLock
from app.ops.models import ScheduledRun

CALLS: list[str] = []


def record_call() -> None:
    CALLS.append("ran")


@pytest.fixture
def one_job(monkeypatch):
    CALLS.clear()
    job = scheduling.ScheduledJob("daily-test", f"{__name__}:record_call", {"hour": 6})
    monkeypatch.setattr(scheduling, "JOBS", [job])
    monkeypatch.setattr(sched, "JOBS", [job])
    return job


def test_a_missed_daily_run_is_caught_up_once(db, one_job):
    db.session.add(ScheduledRun(job_id="daily-test", last_run_at=datetime(2026, 11, 20, 0, 0)))
    db.session.commit()
    # 2026-11-23 02:00 UTC is 10:00 in Shanghai: the 06:00 runs of the 21st..23rd were missed.
    now = datetime(2026, 11, 23, 2, 0)
    assert sched.catch_up(now) == ["daily-test"]
    assert CALLS == ["ran"]
    recorded = db.session.scalar(select(ScheduledRun.last_run_at))
    assert recorded > datetime(2026, 11, 20)
    assert sched.catch_up(recorded) == [] and CALLS == ["ran"]


def test_a_job_that_never_ran_is_not_caught_up(db, one_job):
    assert sched.catch_up(datetime(2026, 11, 23, 2, 0)) == [] and CALLS == []


def test_not_due_yet_is_not_run(db, one_job):
    # Last run at 06:00 Shanghai (22:00 UTC the day before); now is 05:00 Shanghai next day.
    db.session.add(ScheduledRun(job_id="daily-test", last_run_at=datetime(2026, 11, 21, 22, 0)))
    db.session.commit()
    assert sched.catch_up(datetime(2026, 11, 22, 21, 0)) == []


def test_the_file_lock_admits_one_holder_and_frees_on_release(tmp_path):
    first, second = FileLock(tmp_path / "s.lock"), FileLock(tmp_path / "s.lock")
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_postgres_advisory_lock_admits_one_and_the_other_takes_over(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; this runs in the PostgreSQL pass")
    first, second = PostgresLock(db.engine), PostgresLock(db.engine)
    assert first.acquire() and first.alive()
    assert not second.acquire()
    first.release()
    assert second.acquire() and second.alive()
    second.release()


def test_postgres_advisory_lock_is_freed_when_its_holder_dies(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; this runs in the PostgreSQL pass")
    first, second = PostgresLock(db.engine), PostgresLock(db.engine)
    assert first.acquire()
    first.drop()   # the process died: the server frees the lock once it sees the socket close
    deadline = time.monotonic() + 5
    while not second.acquire():
        assert time.monotonic() < deadline, "the dead holder's lock was never freed"
        time.sleep(0.05)
    second.release()


def test_a_waiting_scheduler_takes_over_when_the_first_stops(app, db, one_job, monkeypatch):
    """Two serve() loops: the second runs only after the first has stopped."""
    events: list[str] = []
    stop_first = threading.Event()
    stop_all = threading.Event()

    class Fake:
        def __init__(self, name):
            self.name = name

        def start(self):
            events.append(f"{self.name} started")

        def shutdown(self, wait=False):
            events.append(f"{self.name} stopped")

    names = iter(["first", "second"])
    monkeypatch.setattr(sched, "build", lambda app: Fake(next(names)))

    def run(stopper):
        with app.app_context():
            sched.serve(app, poll=0.05, stop=stopper.is_set)

    a = threading.Thread(target=run, args=(stop_first,))
    a.start()
    time.sleep(0.3)
    b = threading.Thread(target=run, args=(stop_all,))
    b.start()
    time.sleep(0.3)
    assert events == ["first started"]
    stop_first.set()
    a.join(5)
    time.sleep(0.5)
    stop_all.set()
    b.join(5)
    assert events == ["first started", "first stopped", "second started", "second stopped"]
