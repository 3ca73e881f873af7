"""Online learning: N officers (default 2,000) studying at once, a heartbeat every 30 s each,
against gunicorn (gunicorn.conf.py) + PostgreSQL on loopback, with an asyncio client (aiohttp).

Two kinds of round on the same server, in the same run, alternating (heartbeat, floor,
heartbeat, floor...: a shared machine's drifting load weighs on both), each with the same
schedule (every officer once in `--interval` seconds, spread evenly):

- heartbeat: POST /learning/beat/<enrolment> as the page sends it (session cookie, CSRF
  header, JSON), through log-in, scope, the anti-cheat rules, the presence check, completion;
- floor: POST /bench-floor/beat/<enrolment>, a bare route registered by this script only
  (never part of the app) that does the same durable write in one transaction (upsert the
  officer's live row, add to the chapter's progress, insert the study-log row, commit) with
  no session, no rules, no ORM.

Then each route as fast as `--inflight` clients can send (alternating, `--burst` seconds in
all per route), for the capacity beside the floor's.

    .venv/bin/python bench/online_heartbeats.py [--officers 2000] [--rounds 3]
        [--interval 30] [--burst 10] [--workers 4] [--threads 8] [--inflight 64]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); makes and drops a database of its own.
"""
import argparse
import asyncio
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.exam_load import (  # noqa: E402
    TOKEN,
    Stats,
    drop_database,
    free_port,
    make_database,
    serve,
    timed,
)
from bench.seeding import PASSWORD, county_with_officers  # noqa: E402


def seed(url: str, officers: int) -> tuple[list[tuple[int, int, int, int]], int]:
    """Schema, a county, N officers with accounts, a published course with one text chapter,
    everyone enrolled. Returns (user number, enrolment id, chapter id, officer id) per officer,
    and the course id."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from app import create_app
    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.extensions import db
    from app.learning import services
    from app.learning.models import Enrolment

    app = create_app("development")
    with app.app_context():
        upgrade(revision="heads")
        unit, people = county_with_officers(officers, "学员", "s")
        now = utcnow()
        today = date.today()
        course = services.create_course(
            CLI, title="压测：在线课程", category="public_law", hours=Decimal("2"), unit=unit,
            opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=30),
            quiz_size=0)
        chapter = services.add_chapter(CLI, course, title="第一讲", kind="text",
                                       min_minutes=600, body="正文")
        services.publish(CLI, course)
        db.session.execute(insert(Enrolment), [
            {"course_id": course.id, "officer_id": o.id, "unit_id": unit.id, "started_at": now,
             "check_at_seconds": 10 ** 6, "check_pending": False} for o in people])
        db.session.commit()
        enrolments = dict(db.session.execute(select(Enrolment.officer_id, Enrolment.id)).all())
        return [(i, enrolments[o.id], chapter.id, o.id)
                for i, o in enumerate(people, start=1)], course.id


def bench_app():
    """The app as gunicorn runs it here, plus the floor route (this script's, not the app's)."""
    from flask import Blueprint, jsonify, request
    from sqlalchemy import text

    from app import create_app
    from app.core.models import utcnow
    from app.extensions import csrf, db
    from config import Config

    class BenchConfig(Config):
        SECRET_KEY = "bench-only"

    app = create_app(BenchConfig)
    floor = Blueprint("bench_floor", __name__)

    @floor.post("/bench-floor/beat/<int:enrolment_id>")
    def bare_beat(enrolment_id: int):
        data = request.get_json(silent=True) or {}
        now, chapter = utcnow(), int(data.get("chapter_id", 0))
        officer = int(data.get("officer_id", 0))
        db.session.execute(text(
            "INSERT INTO learning_live (officer_id, tab, enrolment_id, chapter_id, last_at,"
            " last_position, active) VALUES (:o, :t, :e, :c, :now, 0, true)"
            " ON CONFLICT (officer_id) DO UPDATE SET tab = excluded.tab,"
            " enrolment_id = excluded.enrolment_id, chapter_id = excluded.chapter_id,"
            " last_at = excluded.last_at, active = true"),
            {"o": officer, "t": str(data.get("tab", "")), "e": enrolment_id, "c": chapter,
             "now": now})
        db.session.execute(text(
            "UPDATE learning_progress SET counted_seconds = counted_seconds + 30"
            " WHERE enrolment_id = :e AND chapter_id = :c"), {"e": enrolment_id, "c": chapter})
        db.session.execute(text(
            "INSERT INTO learning_beats (enrolment_id, chapter_id, at, credited, verdict, rate)"
            " VALUES (:e, :c, :now, 30, 'counted', 1)"), {"e": enrolment_id, "c": chapter,
                                                          "now": now})
        db.session.commit()
        return jsonify(ok=True)

    csrf.exempt(floor)
    app.register_blueprint(floor)
    return app


class Officer:
    """One officer's browser: a cookie jar, the CSRF token of the chapter page."""

    def __init__(self, number: int, enrolment: int, chapter: int, officer_id: int) -> None:
        self.number, self.enrolment, self.chapter = number, enrolment, chapter
        self.officer_id = officer_id
        self.http = None
        self.token = None
        self.position = 0.0

    async def open(self, base: str, course_id: int, stats: Stats, gate) -> None:
        import aiohttp
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=2),
                                          cookie_jar=aiohttp.CookieJar(unsafe=True),
                                          timeout=aiohttp.ClientTimeout(total=120))

        async def login():
            async with self.http.get(f"{base}/login") as r:
                token = TOKEN.search(await r.text()).group(1)
            async with self.http.post(f"{base}/login", data={
                    "username": f"s{self.number:04d}", "password": PASSWORD,
                    "csrf_token": token}, allow_redirects=False) as r:
                if r.status != 302:
                    return False
            url = f"{base}/learning/courses/{course_id}/chapters/{self.chapter}"
            async with self.http.get(url) as r:
                page = await r.text()
            self.token = page.split('data-csrf="', 1)[1].split('"', 1)[0] \
                if 'data-csrf="' in page else None
            return self.token is not None
        await timed(stats, "login + chapter page", gate, login)

    async def beat(self, base: str, kind: str, stats: Stats, gate) -> None:
        self.position += 30
        body = {"tab": f"tab{self.number}", "chapter_id": self.chapter, "visible": True,
                "playing": True, "rate": 1, "position": self.position,
                "officer_id": self.officer_id}

        async def send():
            if kind.startswith("heartbeat"):
                url, headers = f"{base}/learning/beat/{self.enrolment}", {
                    "X-CSRFToken": self.token}
            else:
                url, headers = f"{base}/bench-floor/beat/{self.enrolment}", {}
            async with self.http.post(url, json=body, headers=headers) as r:
                await r.read()
                if r.status != 200:
                    stats.why(kind, str(r.status))
                return r.status == 200
        await timed(stats, kind, gate, send)


async def scheduled(officers, base, kind, stats, gate, interval):
    """Every officer beats once in `interval` seconds, the officers spread evenly over it."""
    t0 = time.perf_counter() + 0.5
    n = len(officers)

    async def one(k, officer):
        await asyncio.sleep(max(0.0, t0 + interval * k / n - time.perf_counter()))
        await officer.beat(base, kind, stats, gate)
    await asyncio.gather(*(one(k, o) for k, o in enumerate(officers)))


async def burst(officers, base, kind, stats, gate, seconds):
    """As fast as `--inflight` clients can send, for `seconds`."""
    end = time.perf_counter() + seconds

    async def loop(officer):
        while time.perf_counter() < end:
            await officer.beat(base, kind, stats, gate)
    await asyncio.gather(*(loop(o) for o in officers[:gate._value]))


async def run(base, course_id, rows, args):
    """Log in everyone; then heartbeat and floor rounds alternate (H1 F1 H2 F2 ...), so that
    a machine whose load drifts (a shared one) weighs on both alike; then alternate bursts."""
    stats = Stats()
    gate = asyncio.Semaphore(args.inflight)
    officers = [Officer(*row) for row in rows]
    await asyncio.gather(*(o.open(base, course_id, stats, gate) for o in officers))
    for r in range(1, args.rounds + 1):
        await scheduled(officers, base, f"heartbeat round {r}", stats, gate, args.interval)
        await scheduled(officers, base, f"floor round {r}", stats, gate, args.interval)
    for r in (1, 2):
        await burst(officers, base, f"heartbeat burst {r}", stats, gate, args.burst / 2)
        await burst(officers, base, f"floor burst {r}", stats, gate, args.burst / 2)
    for o in officers:
        await o.http.close()
    return stats


def totals(stats: Stats, prefix: str) -> tuple[float, float]:
    """(requests per second over the phases' own spans, p95 in ms) of every phase named so."""
    kinds = [k for k in stats.latency if k.startswith(prefix)]
    values = sorted(v for k in kinds for v in stats.latency[k])
    seconds = sum(stats.span[k][1] - stats.span[k][0] for k in kinds)
    if not values:
        return 0.0, 0.0
    return len(values) / max(seconds, 1e-9), values[int(0.95 * (len(values) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--burst", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--inflight", type=int, default=64)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    name = f"et_online_bench_{os.getpid()}"
    url = make_database(name)
    proc = None
    try:
        started = time.perf_counter()
        rows, course_id = seed(url, args.officers)
        print(f"seeded {args.officers} officers in {time.perf_counter() - started:.1f} s")
        port = free_port()
        proc = serve(url, port, args.workers, args.threads,
                     "bench.online_heartbeats:bench_app()")
        wall = time.perf_counter()
        stats = asyncio.run(run(f"http://127.0.0.1:{port}", course_id, rows, args))
        wall = time.perf_counter() - wall
        print(f"officers={args.officers} interval={args.interval:g}s rounds={args.rounds} "
              f"gunicorn workers={args.workers} threads={args.threads} "
              f"inflight={args.inflight} wall={wall:.0f}s")
        for kind in stats.latency:
            print(stats.line(kind))
        for label, prefix in (("heartbeat rounds", "heartbeat round"),
                              ("floor rounds", "floor round"),
                              ("heartbeat bursts", "heartbeat burst"),
                              ("floor bursts", "floor burst")):
            rate, p95 = totals(stats, prefix)
            print(f"{label}: {rate:.0f}/s p95={p95:.0f}ms")
        burst_ratio = totals(stats, "heartbeat burst")[0] / max(totals(stats, "floor burst")[0],
                                                                 1e-9)
        print(f"heartbeat capacity / floor capacity = {burst_ratio:.2f}")
        print(f"offered load in the scheduled phases: {args.officers / args.interval:.0f} beats/s")
        print(beats_stored(url))
    finally:
        if proc is not None:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=30)
        if not args.keep:
            drop_database(name)


def beats_stored(url: str) -> str:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT verdict, count(*) FROM learning_beats GROUP BY verdict"
                              " ORDER BY verdict")).all()
    engine.dispose()
    return "study-log rows by verdict: " + ", ".join(f"{v}={n}" for v, n in rows)


if __name__ == "__main__":
    random.seed(1)
    main()
