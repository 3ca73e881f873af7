"""Exam-day load: gunicorn + PostgreSQL on loopback, an asyncio client (aiohttp).

N candidates (default 1,000) log in, then start the exam within a 10-second
window, answer Q questions each (default 50) with autosave, and submit. The
same server's bare route (/healthz) is measured in the same run as the floor.
At the end every acknowledged (attempt, question, value, seq) is compared with the
database value by value: lost, changed, unacknowledged but stored (bench/acks.py).

    .venv/bin/python bench/exam_load.py [--candidates 1000] [--questions 50]
        [--workers 4] [--threads 8] [--inflight 64] [--keep] [--database sqlite]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); makes and drops a database
of its own (or a SQLite file in /tmp with --database sqlite, as on a county's PC). `--inflight` caps requests in flight at once (the candidates'
phones and PCs behind one site link): the latency figures hold at that
concurrency, the throughput is the server's.
"""
import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.acks import compare, stored_answers  # noqa: E402
from bench.seeding import PASSWORD, county_with_officers  # noqa: E402

PG = "host=127.0.0.1 user=postgres dbname=postgres"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_database(name: str) -> str:
    import psycopg
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    import psycopg
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def seed(url: str, candidates: int, questions: int) -> int:
    """Schema, a county, N officers with accounts, a bank, an open exam with papers drawn."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade

    from app import create_app
    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.exams import services
    from app.extensions import db
    from app.questions.models import Question, QuestionVersion, question_key
    from app.specialties.models import find

    app = create_app("development")
    with app.app_context():
        upgrade(revision="heads")
        unit, officers = county_with_officers(candidates, "考生", "c")
        basic = find("basic")
        mix = {"single": questions // 2, "multiple": questions // 5,
               "truefalse": questions - questions // 2 - questions // 5}
        for qtype, n in mix.items():
            for i in range(n * 2):
                stem = f"压测{qtype}题{i}"
                q = Question(specialty=basic, key_hash=question_key(qtype, stem))
                q.versions.append(QuestionVersion(
                    number=1, type=qtype, stem=stem, difficulty=3, search_text=stem,
                    options={"A": "甲", "B": "乙", "C": "丙", "D": "丁"}
                    if qtype != "truefalse" else {},
                    answer={"single": "B", "multiple": "AC", "truefalse": "正确"}[qtype]))
                db.session.add(q)
        now = utcnow()
        exam = services.create_exam(CLI, services.ExamData(
            name="压测：基本法律法规知识考试", specialty=basic, unit=unit, year=2026, quarter=4,
            opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=3),
            time_limit_minutes=120, pass_mark=Decimal(questions),
            sections=[services.SectionData(t, n, Decimal(2)) for t, n in mix.items()]))
        services.schedule(CLI, exam, now)
        services.add_candidates(CLI, exam, officers, now)
        started = time.perf_counter()
        services.prepare_papers(CLI, exam)
        db.session.commit()
        print(f"papers for {candidates} candidates drawn in {time.perf_counter() - started:.1f} s")
        return exam.id


def bench_app():
    """The app as gunicorn runs it here: production-like (no debug), cookies over plain HTTP."""
    from app import create_app
    from config import Config

    class BenchConfig(Config):
        SECRET_KEY = "bench-only"
        # Behind the bench's nginx (bench/proxy.py) as production is behind its own.
        PROXY_FIX = os.environ.get("PROXY_FIX") == "1"

    return create_app(BenchConfig)


def serve(url: str, port: int, workers: int, threads: int,
          target: str = "bench.exam_load:bench_app()", log=None,
          env: dict | None = None) -> subprocess.Popen:
    """gunicorn as production runs it (`-c gunicorn.conf.py`, its access log included); only
    the bind address and the worker and thread counts differ.
    The access log (stdout) goes to `log`, errors too if given, else to this terminal."""
    env = os.environ | {"DATABASE_URL": url, "WEB_WORKERS": str(workers),
                        "LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute",
                        "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute"} | (env or {})
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
           "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
           "--backlog", "4096", target]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL if log is None else log,
                            stderr=None if log is None else subprocess.STDOUT)
    return listening(proc, port, f"gunicorn did not start: {target}", tries=150)


def cpu_seconds(master: int) -> float:
    """User + system CPU of the master's workers, live and gone: the live children's own from
    /proc, plus what the master has reaped of the children that exited (gunicorn's
    max_requests recycles workers during a run; without the reaped part a phase with a
    recycled worker counted less, even negative, CPU)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == master:
            total += (int(fields[13]) + int(fields[14])) / tick     # cutime + cstime
        elif int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / tick     # utime + stime
    return total


def cpu_now(master: int) -> dict[str, float]:
    """CPU seconds so far of this client, the gunicorn workers and PostgreSQL."""
    import resource
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {"client": own.ru_utime + own.ru_stime, "gunicorn": cpu_seconds(master),
            "PostgreSQL": postgres_cpu()}


def postgres_cpu() -> float:
    """User + system CPU of the local PostgreSQL server's processes, live and exited."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            parent = stat.rsplit(")", 1)[1].split()[1]
            comm = Path(f"/proc/{entry}/comm").read_text().strip()
            parent_comm = Path(f"/proc/{parent}/comm").read_text().strip()
        except OSError:
            continue
        if comm in ("postgres", "postmaster") and parent_comm not in ("postgres", "postmaster"):
            return cpu_seconds(int(entry))
    return 0.0


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.span: dict[str, list[float]] = {}
        self.reasons: dict[str, dict[str, int]] = {}

    def why(self, kind: str, reason: str) -> None:
        """What a failure was: an HTTP status or an exception's name."""
        self.reasons.setdefault(kind, {}).setdefault(reason, 0)
        self.reasons[kind][reason] += 1

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.latency.setdefault(kind, []).append(seconds)
        now = time.perf_counter()
        span = self.span.setdefault(kind, [now, now])
        span[1] = now
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def line(self, kind: str) -> str:
        values = sorted(self.latency.get(kind, []))
        if not values:
            return f"{kind}: none"
        q = statistics.quantiles(values, n=100) if len(values) > 1 else [values[0]] * 99
        start, end = self.span[kind]
        rate = len(values) / max(end - start, 1e-9)
        return (f"{kind}: n={len(values)} rate={rate:.0f}/s p50={q[49]*1000:.1f}ms "
                f"p95={q[94]*1000:.1f}ms p99={q[98]*1000:.1f}ms errors={self.errors.get(kind, 0)}"
                + (f" {self.reasons[kind]}" if kind in self.reasons else ""))



def listening(proc: subprocess.Popen, port: int, failure: str,
              tries: int = 100) -> subprocess.Popen:
    """`proc` once something accepts connections on `port`, else RuntimeError(failure)."""
    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(failure)

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
STATE = re.compile(r'<script type="application/json" id="exam-state">(.*?)</script>', re.S)


# A kept-alive connection the server closed as the client reused it: browsers resend the
# request (and the exam page retries a failed save), so the client does too, and counts it.
RESENT = ("ClientOSError", "ServerDisconnectedError")


async def timed(stats, kind, gate, coro_factory):
    async with gate:
        started = time.perf_counter()
        for attempt in (1, 2, 3):
            try:
                result = await coro_factory()
                ok = result is not False
                break
            except Exception as exc:
                result, ok = None, False
                name = type(exc).__name__
                if name not in RESENT or attempt == 3:
                    stats.why(kind, name)
                    break
                stats.why(kind, f"resent after {name}")
        stats.add(kind, time.perf_counter() - started, ok)
        return result


async def candidate(session_factory, base, n, exam_id, questions, stats, gate, ready, acks,
                    sent):
    async with session_factory() as http:
        async def login():
            async with http.get(f"{base}/login") as r:
                token = TOKEN.search(await r.text()).group(1)
            async with http.post(f"{base}/login", data={
                    "username": f"c{n:04d}", "password": PASSWORD, "csrf_token": token},
                    allow_redirects=False) as r:
                return r.status == 302
        logged_in = await timed(stats, "login", gate, login)
        form_token = None
        if logged_in:
            async with http.get(f"{base}/exams/mine") as r:
                form_token = TOKEN.search(await r.text()).group(1)
        start_at = await ready.arrive()
        if not form_token:
            return
        await asyncio.sleep(max(0.0, start_at - time.perf_counter()))

        async def start():
            async with http.post(f"{base}/exams/{exam_id}/start",
                                 data={"csrf_token": form_token}) as r:
                if r.status != 200:
                    return False
                match = STATE.search(await r.text())
                return json.loads(match.group(1)) if match else False
        state = await timed(stats, "start", gate, start)
        if not state:
            return
        headers = {"X-Attempt-Token": state["token"]}
        rng = random.Random(n)
        seq = 0
        for item in state["items"][:questions]:
            seq += 1
            value = {"single": rng.choice("ABCD"), "multiple": "".join(
                sorted(rng.sample("ABCD", 2))), "truefalse": rng.choice(["正确", "错误"])
                     }.get(item["type"], "")

            async def save(item=item, value=value, seq=seq):
                record = (state["attempt"], item["position"], value, seq)
                sent.append(record)
                async with http.post(base + state["urls"]["save"], json={
                        "q": item["position"], "value": value, "seq": seq},
                        headers=headers) as r:
                    body = await r.json()
                    if r.status == 200 and body.get("seq") == seq:
                        acks.append(record)
                        return True
                    stats.why("autosave", f"{r.status} {body.get('error', '')}".strip())
                    return False
            await timed(stats, "autosave", gate, save)

        async def submit():
            async with http.post(base + state["urls"]["submit"], json={}, headers=headers) as r:
                if r.status != 200:
                    stats.why("submit", f"{r.status} {(await r.text())[:80]}")
                return r.status == 200
        await timed(stats, "submit", gate, submit)


class Ready:
    """Everyone logs in first; then the starts are spread evenly over `window` seconds."""

    def __init__(self, total: int, window: float) -> None:
        self.total, self.window, self.count = total, window, 0
        self.event = asyncio.Event()
        self.t0 = 0.0

    async def arrive(self) -> float:
        self.count += 1
        slot = self.count - 1
        if self.count == self.total:
            self.t0 = time.perf_counter() + 0.5
            self.event.set()
        await self.event.wait()
        return self.t0 + self.window * slot / self.total


async def floor(base, stats, gate, total, kind):
    import aiohttp
    async with aiohttp.ClientSession() as http:
        async def ping():
            async with http.get(f"{base}/healthz") as r:
                await r.read()
                return r.status == 200
        await asyncio.gather(*(timed(stats, kind, gate, ping) for _ in range(total)))


async def run(base, exam_id, candidates, questions, inflight, window):
    import aiohttp
    stats, acks, sent = Stats(), [], []
    gate = asyncio.Semaphore(inflight)
    await floor(base, stats, gate, 500, "warm-up")       # workers booted and connected
    await floor(base, stats, gate, 5000, "bare route (before)")

    def session_factory():
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=4),
                                     cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     timeout=aiohttp.ClientTimeout(total=120))
    ready = Ready(candidates, window)
    await asyncio.gather(*(candidate(session_factory, base, n, exam_id, questions, stats, gate,
                                     ready, acks, sent) for n in range(1, candidates + 1)))
    await floor(base, stats, gate, 5000, "bare route (after)")
    return stats, acks, sent


def count_answers(url: str, exam_id: int) -> tuple[int, int]:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as c:
        answers = c.execute(text("SELECT count(*) FROM exam_answers a JOIN exam_attempts t "
                                 "ON t.id = a.attempt_id WHERE t.exam_id = :e"),
                            {"e": exam_id}).scalar()
        submitted = c.execute(text("SELECT count(*) FROM exam_attempts WHERE exam_id = :e "
                                   "AND state = 'submitted'"), {"e": exam_id}).scalar()
    engine.dispose()
    return answers, submitted


def profile(master: int, out: Path) -> subprocess.Popen:
    """py-spy sampling every worker (collapsed stacks), until interrupted."""
    return subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "--pid", str(master),
                             "--subprocesses", "--format", "raw", "--rate", "50",
                             "--output", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


# Where a worker's time goes: a sample counts for the innermost frame that names a place.
PLACES = (("the database (driver calls: round trips, waiting for locks, commit)",
           # sqlite3 is C: its time shows under SQLAlchemy's do_execute/do_commit frames.
           ("psycopg", "sqlite3", "do_execute (", "do_commit (", "do_rollback (",
            "do_executemany (")),
          ("SQLAlchemy (building, compiling, loading rows)", ("sqlalchemy",)),
          ("templates (Jinja)", ("jinja2", "templates/")),
          ("Flask, Werkzeug and extensions (routing, session, login, CSRF)",
           ("flask", "werkzeug", "itsdangerous")),
          ("application code (app/)", ("app/",)),
          ("gunicorn and the socket (parse, read, write)", ("gunicorn", "selectors", "socket")))


def _place(stack: str) -> str:
    for frame in reversed(stack.split(";")):
        for name, marks in PLACES:
            if any(mark in frame for mark in marks):
                return name
    return "other (Python runtime)"


# A thread parked on its pool's queue or the main loop's select(): idle, not working.
IDLE = ("_worker (concurrent/futures/thread.py", "select (selectors.py")


def summarise(path: Path) -> str:
    """Share of the worker threads' samples per place, idle threads left out."""
    places: dict[str, int] = {}
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and not stack.split(";")[-1].startswith(IDLE):
            place = _place(stack)
            places[place] = places.get(place, 0) + int(count)
    total = sum(places.values())
    lines = [f"  {n / total:6.1%}  {name}" for name, n in
             sorted(places.items(), key=lambda item: -item[1])] if total else []
    return "profile (py-spy, busy worker samples):\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--inflight", type=int, default=64)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--async-commit", action="store_true",
                        help="diagnosis only: synchronous_commit=off for the bench database, "
                             "to see what waiting for the WAL flush costs")
    parser.add_argument("--profile", type=Path,
                        help="sample the workers with py-spy during the load; summary printed")
    args = parser.parse_args()
    name = f"et_exam_bench_{os.getpid()}"
    sqlite_file = Path("/tmp") / f"{name}.db"
    url = make_database(name) if args.database == "postgresql" else f"sqlite:///{sqlite_file}"
    if args.async_commit and args.database == "postgresql":
        import psycopg
        with psycopg.connect(PG, autocommit=True) as c:
            c.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
    proc = None
    try:
        exam_id = seed(url, args.candidates, args.questions)
        port = free_port()
        proc = serve(url, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}"
        spy = profile(proc.pid, args.profile) if args.profile else None
        wall, cpu = time.perf_counter(), cpu_now(proc.pid)
        stats, acks, sent = asyncio.run(run(base, exam_id, args.candidates, args.questions,
                                      args.inflight, args.window))
        wall, cpu = time.perf_counter() - wall, {k: v - cpu[k] for k, v in
                                                 cpu_now(proc.pid).items()}
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
        answers, submitted = count_answers(url, exam_id)
        print(f"database={args.database} candidates={args.candidates} questions={args.questions} "
              f"gunicorn workers={args.workers} threads={args.threads} inflight={args.inflight} "
              f"start window={args.window}s wall={wall:.0f}s")
        for kind in ("bare route (before)", "login", "start", "autosave", "submit",
                     "bare route (after)"):
            print(stats.line(kind))
        rate = {k: len(v) / max(stats.span[k][1] - stats.span[k][0], 1e-9)
                for k, v in stats.latency.items()}
        bare = max(rate.get("bare route (before)", 0), rate.get("bare route (after)", 0))
        if bare:
            print(f"autosave throughput / bare route = {rate.get('autosave', 0) / bare:.2f}")
        print("CPU seconds during the load (2 cores give 2 a second): " + ", ".join(
            f"{k} {v:.0f}" for k, v in cpu.items()) + f"; wall {wall:.0f} s")
        start_span = stats.span.get("start", [0, 0])
        print(f"starts spread over {start_span[1] - start_span[0]:.1f} s")
        print(f"saves sent={len(sent)} acknowledged={len(acks)} answers in database={answers} "
              f"submitted attempts={submitted}")
        found = compare(acks, stored_answers(url, exam_id), sent)
        print("value by value: " + found.line())
        for kind in ("lost", "changed"):
            for example in getattr(found, kind)[:5]:
                print(f"  {kind}: {example}")
        if args.profile and args.profile.exists():
            print(summarise(args.profile))
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        if not args.keep and args.database == "postgresql":
            drop_database(name)
        if not args.keep:
            for path in sqlite_file.parent.glob(f"{name}.db*"):
                path.unlink()


if __name__ == "__main__":
    main()
