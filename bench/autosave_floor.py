"""Autosave against its durable-write floor, in the same run, phases alternating.

Two gunicorn servers on loopback, started alike (`-c gunicorn.conf.py`, gthread,
the same workers and threads as bench/exam_load.py, the same access log):

- the app (bench.exam_load:bench_app()), saves through POST /exams/api/attempts/<id>/answers
  with the attempt's token and the officer's session cookie, as the exam page sends them;
- the floor (floor_app() below, a Flask app that lives only in bench/): one route that does the
  same one-row upsert with the same sequence guard and a commit, through SQLAlchemy with the
  app's engine options (Config.SQLALCHEMY_ENGINE_OPTIONS, default pool), and nothing else: no
  token, no attempt check, no session, no rules.

The attempts are seeded as exam_load seeds them (papers drawn), started in-process, half of
them for each server. Then for each in-flight level (`--levels 8,64`) the phases alternate
app, floor, app, floor (`--rounds`), N saves each (`--saves`): each of the `inflight` client
loops owns one attempt and saves its questions one after another with a rising seq, so saves
of an attempt are never reordered by the client. Printed per phase: saves/s, p50/p95/p99 and
the gunicorn workers' CPU per save; per level the app/floor ratio (sum of saves over sum of
phase time). At the end every acknowledged save of both servers is compared with the
database (bench/acks.py): lost, changed, unacknowledged but stored.

    .venv/bin/python bench/autosave_floor.py [--levels 8,64] [--saves 1500] [--rounds 2]
        [--workers 4] [--threads 8] [--candidates 64] [--questions 20] [--keep]

A smoke run (a few seconds of load): `--saves 300 --rounds 1`.
Needs PostgreSQL on 127.0.0.1:5432 (user postgres); makes and drops a database of its own.
"""
import argparse
import asyncio
import os
import signal
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.acks import compare, stored_answers  # noqa: E402
from bench.exam_load import (  # noqa: E402
    RESENT,
    cpu_seconds,
    drop_database,
    free_port,
    make_database,
    seed,
    serve,
)

VALUES = {"single": "B", "multiple": "AC", "truefalse": "正确"}
OTHER = {"single": "C", "multiple": "BD", "truefalse": "错误"}


# ---- the floor: a bare Flask route doing the durable write and nothing else ------------------

def floor_app():
    """The same upsert (seq guard) and commit as the app's autosave, through SQLAlchemy."""
    import sqlalchemy as sa
    from flask import Flask, jsonify, request
    from sqlalchemy.dialects import postgresql

    from config import Config

    engine = sa.create_engine(os.environ["DATABASE_URL"], **Config.SQLALCHEMY_ENGINE_OPTIONS)
    answers = sa.Table("exam_answers", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                       sa.Column("attempt_id", sa.Integer), sa.Column("item_id", sa.Integer),
                       sa.Column("response", sa.Text), sa.Column("seq", sa.BigInteger),
                       sa.Column("saved_at", sa.DateTime), sa.Column("needs_review", sa.Boolean))
    stmt = postgresql.insert(answers).values(
        attempt_id=sa.bindparam("a"), item_id=sa.bindparam("i"), response=sa.bindparam("r"),
        seq=sa.bindparam("s"), saved_at=sa.bindparam("t"), needs_review=False)
    stmt = stmt.on_conflict_do_update(
        index_elements=[answers.c.attempt_id, answers.c.item_id],
        set_={"response": stmt.excluded.response, "seq": stmt.excluded.seq,
              "saved_at": stmt.excluded.saved_at},
        where=answers.c.seq < stmt.excluded.seq).returning(answers.c.id)

    app = Flask(__name__)

    @app.post("/floor/attempts/<int:attempt_id>/answers")
    def save(attempt_id: int):
        body = request.get_json()
        seq = body["seq"]
        with engine.begin() as conn:        # commits on the way out
            applied = conn.execute(stmt, {"a": attempt_id, "i": body["q"], "r": body["value"],
                                          "s": seq, "t": datetime.now(UTC).replace(tzinfo=None)}
                                   ).first() is not None
        return jsonify(ok=True, saved=True, applied=applied, seq=seq)

    return app


# ---- servers ------------------------------------------------------------------------------------

# ---- seeding ------------------------------------------------------------------------------------

def start_attempts(url: str, exam_id: int) -> list[dict]:
    """Every candidate's attempt started in-process: id, token, paper (position, item, type)."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.core.models import utcnow
    from app.exams import taking
    from app.exams.models import Exam, PaperItem
    from app.extensions import db
    from app.people.models import Officer
    from app.questions.models import QuestionVersion
    from bench.exam_load import bench_app

    app = bench_app()           # the server's SECRET_KEY, so the tokens verify there
    out = []
    with app.app_context():
        exam = db.session.get(Exam, exam_id)
        users = db.session.execute(select(Officer, User.id).join(
            User, User.officer_id == Officer.id).order_by(Officer.id)).all()
        for officer, user_id in users:
            attempt = taking.start(None, exam, officer, utcnow())
            db.session.flush()
            paper = db.session.execute(
                select(PaperItem.position, PaperItem.id, QuestionVersion.type)
                .join(QuestionVersion, QuestionVersion.id == PaperItem.version_id)
                .where(PaperItem.candidate_id == attempt.candidate_id)
                .order_by(PaperItem.position)).all()
            out.append({"id": attempt.id, "token": taking.token_for(attempt, user_id),
                        "paper": [tuple(p) for p in paper], "seq": 0,
                        "username": db.session.get(User, user_id).username})
        db.session.commit()
    for attempt in out:         # the exam page's fetch sends the log-in cookie along
        attempt["cookie"] = session_cookie(app, attempt["username"])
    return out


def session_cookie(app, username: str) -> str:
    """The session cookie a real log-in gives `username` (through the app, in-process)."""
    from bench.exam_load import TOKEN
    from bench.seeding import PASSWORD

    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200, (page.status_code, page.text[:300])
    token = TOKEN.search(page.text).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    return client.get_cookie("session").value


# ---- the client ---------------------------------------------------------------------------------

class Phase:
    def __init__(self, name: str) -> None:
        self.name, self.latency, self.errors, self.wall, self.cpu = name, [], {}, 0.0, 0.0
        self.resent = 0

    def line(self) -> str:
        values = sorted(self.latency)
        q = statistics.quantiles(values, n=100) if len(values) > 1 else [values[0]] * 99
        errors = sum(self.errors.values())
        return (f"{self.name:<6} n={len(values):>5} {len(values) / self.wall:7.0f} saves/s  "
                f"p50={q[49] * 1000:6.1f}ms p95={q[94] * 1000:6.1f}ms p99={q[98] * 1000:6.1f}ms "
                f"cpu/save={self.cpu / len(values) * 1000:5.2f}ms errors={errors} "
                f"resent={self.resent}"
                + (f" {self.errors}" if errors else ""))


async def post(http, url: str, body: dict, headers: dict, record: tuple, acks: list,
               result: "Phase") -> None:
    """One save; a kept-alive connection the server closed as the client reused it (a worker
    recycled by max_requests) is sent again, as the exam page and browsers do (RESENT)."""
    for attempt in (1, 2, 3):
        try:
            async with http.post(url, json=body, headers=headers) as r:
                answer = await r.json(content_type=None)
                if r.status == 200 and answer.get("seq") == record[3]:
                    acks.append(record)
                else:
                    reason = f"{r.status} {answer.get('error', '')}".strip()
                    result.errors[reason] = result.errors.get(reason, 0) + 1
                return
        except Exception as exc:        # noqa: BLE001  (counted, the run goes on)
            name = type(exc).__name__
            if name in RESENT and attempt < 3:
                result.resent += 1
                continue
            result.errors[name] = result.errors.get(name, 0) + 1
            return


async def phase(http, kind: str, base: str, attempts: list[dict], saves: int, acks: list,
                sent: list, result: Phase) -> None:
    """`len(attempts)` loops, one per attempt, `saves` in all; each loop's saves in seq order."""
    per_loop = [saves // len(attempts) + (i < saves % len(attempts))
                for i in range(len(attempts))]

    async def loop(attempt: dict, count: int) -> None:
        paper = attempt["paper"]
        for _ in range(count):
            attempt["seq"] += 1
            seq = attempt["seq"]
            position, item_id, qtype = paper[(seq - 1) % len(paper)]
            value = (VALUES if (seq // len(paper)) % 2 == 0 else OTHER)[qtype]
            if kind == "app":
                url = f"{base}/exams/api/attempts/{attempt['id']}/answers"
                body, headers, key = {"q": position, "value": value, "seq": seq}, \
                    {"X-Attempt-Token": attempt["token"],
                     "Cookie": f"session={attempt['cookie']}"}, position
            else:
                url = f"{base}/floor/attempts/{attempt['id']}/answers"
                body, headers, key = {"q": item_id, "value": value, "seq": seq}, {}, item_id
            record = (attempt["id"], key, value, seq)
            sent.append(record)
            started = time.perf_counter()
            await post(http, url, body, headers, record, acks, result)
            result.latency.append(time.perf_counter() - started)

    await asyncio.gather(*(loop(a, n) for a, n in zip(attempts, per_loop, strict=True)))


async def run(args, servers: dict, attempts: dict) -> tuple[list, dict]:
    import aiohttp
    phases, acks, sent = [], {"app": [], "floor": []}, {"app": [], "floor": []}
    for level in args.levels:
        connector = aiohttp.TCPConnector(limit=level)
        async with aiohttp.ClientSession(connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=60)) as http:
            for kind in ("app", "floor"):           # warm-up: workers connected, pages cached
                base, _ = servers[kind]
                await phase(http, kind, base, attempts[kind][:level], level * 4, acks[kind],
                            sent[kind], Phase("warm"))
            for rnd in range(args.rounds):
                for kind in ("app", "floor"):
                    base, master = servers[kind]
                    result = Phase(kind)
                    cpu = cpu_seconds(master)
                    started = time.perf_counter()
                    await phase(http, kind, base, attempts[kind][:level], args.saves,
                                acks[kind], sent[kind], result)
                    result.wall = time.perf_counter() - started
                    result.cpu = cpu_seconds(master) - cpu
                    phases.append((level, rnd, result))
                    print(f"inflight={level:<3} round {rnd + 1}  {result.line()}", flush=True)
    return phases, {"acks": acks, "sent": sent}


def floor_stored(url: str, attempt_ids: set[int]) -> dict:
    """The floor's rows as acks.compare() reads them: (attempt, item) -> (value, seq, type)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT attempt_id, item_id, response, seq FROM exam_answers "
                              "WHERE attempt_id = ANY(:ids)"), {"ids": list(attempt_ids)})
        out = {(a, i): (r, s, "raw") for a, i, r, s in rows}
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="8,64",
                        type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--saves", type=int, default=1500, help="saves per phase")
    parser.add_argument("--rounds", type=int, default=2, help="app+floor pairs per level")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--candidates", type=int, default=0,
                        help="attempts per server (default: the highest level)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    per_server = max(args.candidates, max(args.levels))
    name = f"et_floor_bench_{os.getpid()}"
    url = make_database(name)
    procs = []
    log = open(f"/tmp/{name}.log", "w")     # gunicorn's access log (gunicorn.conf.py: stdout)
    try:
        exam_id = seed(url, per_server * 2, args.questions)
        attempts = start_attempts(url, exam_id)
        split = {"app": attempts[:per_server], "floor": attempts[per_server:]}
        servers = {}
        for kind, target in (("app", "bench.exam_load:bench_app()"),
                             ("floor", "bench.autosave_floor:floor_app()")):
            port = free_port()
            proc = serve(url, port, args.workers, args.threads, target, log)
            procs.append(proc)
            servers[kind] = (f"http://127.0.0.1:{port}", proc.pid)
        print(f"gunicorn.conf.py, gthread, workers={args.workers} threads={args.threads}; "
              f"{per_server} attempts per server, {args.questions} questions; "
              f"{args.saves} saves per phase; load average {os.getloadavg()[0]:.2f}", flush=True)
        wall = time.perf_counter()
        phases, record = asyncio.run(run(args, servers, split))
        print(f"load {time.perf_counter() - wall:.0f} s; load average now "
              f"{os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
        for level in args.levels:
            done = {k: [p for lv, _, p in phases if lv == level and p.name == k]
                    for k in ("app", "floor")}
            rate = {k: sum(len(p.latency) for p in v) / sum(p.wall for p in v)
                    for k, v in done.items()}
            p95 = {k: statistics.quantiles(sorted(x for p in v for x in p.latency), n=100)[94]
                   for k, v in done.items()}
            cpu = {k: sum(p.cpu for p in v) / sum(len(p.latency) for p in v) * 1000
                   for k, v in done.items()}
            print(f"inflight={level}: app {rate['app']:.0f}/s p95 {p95['app'] * 1000:.1f} ms "
                  f"cpu {cpu['app']:.2f} ms/save | floor {rate['floor']:.0f}/s p95 "
                  f"{p95['floor'] * 1000:.1f} ms cpu {cpu['floor']:.2f} ms/save | "
                  f"app/floor = {rate['app'] / rate['floor']:.2f}")
        app_ids = {a["id"] for a in split["app"]}
        stored = {k: v for k, v in stored_answers(url, exam_id).items() if k[0] in app_ids}
        found = compare(record["acks"]["app"], stored, record["sent"]["app"])
        print("app   value by value: " + found.line())
        found_floor = compare(record["acks"]["floor"],
                              floor_stored(url, {a["id"] for a in split["floor"]}),
                              record["sent"]["floor"])
        print("floor value by value: " + found_floor.line())
        for kind in ("lost", "changed"):
            for example in getattr(found, kind)[:5]:
                print(f"  app {kind}: {example}")
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        log.close()
        if not args.keep:
            drop_database(name)
            Path(f"/tmp/{name}.log").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
