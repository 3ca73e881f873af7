"""Real processes for the reliability tests: a seeded database, gunicorn, the load client.

Each test gets a database of its own: a SQLite file in the SQLite pass, a fresh
PostgreSQL database in the PostgreSQL pass (TEST_DATABASE_URL), never the one
the other tests share.
"""
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SERVER_PG = "host=127.0.0.1 user=postgres dbname=postgres"


def on_postgres() -> bool:
    return (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")


@pytest.fixture
def database_url(tmp_path):
    if not on_postgres():
        yield f"sqlite:///{tmp_path / 'reliability.db'}"
        return
    import psycopg
    name = f"{make_url(os.environ['TEST_DATABASE_URL']).database}_rel"
    with psycopg.connect(SERVER_PG, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(SERVER_PG, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def seed_exam(url: str, candidates: int, questions: int) -> int:
    """Schema, officers c0001.. with accounts, an open exam: in a process of its own."""
    out = subprocess.run(
        [PYTHON, "-c", "import sys; from bench.exam_load import seed; "
         "print('EXAM', seed(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))",
         url, str(candidates), str(questions)],
        cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return int(out.stdout.split("EXAM")[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, url: str, workers: int) -> None:
        from bench.exam_load import serve
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = serve(url, self.port, workers, 4)

    def workers(self) -> list[int]:
        """The master's children: the workers."""
        return [pid for pid in _pids() if _parent(pid) == self.proc.pid]

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


@pytest.fixture
def gunicorn():
    started = []

    def start(url: str, workers: int = 2) -> Gunicorn:
        server = Gunicorn(url, workers)
        started.append(server)
        return server
    yield start
    for server in started:
        server.stop()


def _pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def saved_positions(url: str, exam_id: int) -> set[tuple[int, int]]:
    """(attempt id, question position) of every answer in the database."""
    engine = create_engine(url)
    with engine.connect() as c:
        rows = c.execute(text(
            "SELECT a.attempt_id, i.position FROM exam_answers a "
            "JOIN exam_paper_items i ON i.id = a.item_id "
            "JOIN exam_attempts t ON t.id = a.attempt_id WHERE t.exam_id = :e"), {"e": exam_id})
        found = {(r[0], r[1]) for r in rows}
    engine.dispose()
    return found


def attempts(url: str, exam_id: int) -> list[tuple]:
    """(state, score, graded_at) of every attempt."""
    engine = create_engine(url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT state, score, graded_at FROM exam_attempts "
                              "WHERE exam_id = :e"), {"e": exam_id}).all()
    engine.dispose()
    return [tuple(r) for r in rows]


sys.path.insert(0, str(ROOT))


def assert_nothing_lost(database_url: str, exam_id: int, outcome, candidates: int,
                        questions: int) -> None:
    """Every acknowledged save stored with its value and seq, every question answered, every
    candidate submitted and graded in the same transaction."""
    from bench.acks import compare, stored_answers

    stored = stored_answers(database_url, exam_id)
    found = compare(outcome.acks, stored, outcome.sent)
    assert found.lost == [] and found.changed == [], found.line()
    # A save can land with its answer lost on the way back; the retry then finds it stored.
    assert found.matched + len(found.unacknowledged_stored) == len(stored)
    assert len(stored) == candidates * questions
    assert outcome.submitted == candidates and outcome.gave_up == 0
    assert all(state == "submitted" and score is not None and graded_at is not None
               for state, score, graded_at in attempts(database_url, exam_id))
