"""Two `flask scheduler` processes on one database: kill -9 the one running jobs, and the
waiting one takes over within a minute; a missed job caught up by the first is not run
again by the second."""
import os
import signal
import subprocess
import threading
import time
from datetime import timedelta

from sqlalchemy import create_engine, text

from tests.reliability.conftest import ROOT, wait_for

FLASK = str(ROOT / ".venv" / "bin" / "flask")


class Scheduler:
    """A `flask scheduler` process whose log lines are collected as they come."""

    def __init__(self, env: dict) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen([FLASK, "scheduler"], cwd=ROOT, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def said(self, words: str) -> int:
        return sum(words in line for line in self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def _environment(url: str, tmp_path) -> dict:
    return os.environ | {"DATABASE_URL": url, "FLASK_APP": "app", "APP_ENV": "production",
                         "SECRET_KEY": "reliability-test", "UPLOAD_DIR": str(tmp_path)}


def _miss_a_run(url: str) -> None:
    """certificates-expire last ran three days ago: the first scheduler must catch it up."""
    from app.core.models import utcnow
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("INSERT INTO scheduled_runs (job_id, last_run_at) VALUES (:j, :t)"),
                  {"j": "certificates-expire", "t": utcnow() - timedelta(days=3)})
    engine.dispose()


def test_the_waiting_scheduler_takes_over_and_runs_nothing_twice(database_url, tmp_path):
    env = _environment(database_url, tmp_path)
    subprocess.run([FLASK, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    _miss_a_run(database_url)
    first = Scheduler(env)
    second = None
    try:
        assert wait_for(lambda: first.said("scheduled job certificates-expire done"), 30)
        second = Scheduler(env)
        assert wait_for(lambda: second.said("定时任务"), 30)   # started, and waiting
        time.sleep(1)
        assert not second.said("lock taken")

        first.proc.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        assert wait_for(lambda: second.said("lock taken"), 60, step=0.2)
        takeover = time.monotonic() - killed_at

        assert takeover < 60
        time.sleep(1)   # the second's catch-up has run by now
        assert first.said("scheduled job certificates-expire done") == 1
        assert not second.said("scheduled job certificates-expire done")
        assert not second.said("caught up")
    finally:
        first.stop()
        if second is not None:
            second.stop()
