"""A draw under all rules from a big pool, beside the bare eligibility query.

    .venv/bin/python bench/talentpool_bench.py [--officers 50000] [--members 10000]
                                               [--database-url URL]

Builds its own province (units and officers from the demo builders), puts
`--members` officers into one specialty's pool (the worst case: the whole pool
is candidates), gives them valid certificates when the certificates module is
there, records a few hundred past draws for the weights, then times:
the bare SQL that lists the eligible ids (the floor), `compute` (every rule, the
certificate check, the weights and the pick, recording nothing) and `draw`
(the same plus recording the team and the candidate list; rolled back).
"""
import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(func, repeat: int = 25) -> tuple[float, float, float, int]:
    """Median wall and CPU time of `func` in ms (after a warm-up call), the slowest wall, and
    how many full (generation 2) garbage collections the runs set off.

    SQLite runs in this process, so CPU time is the whole cost of the work and is less
    disturbed than wall time when other processes load the machine. The slowest run and the
    full collections show what the median hides: a full collection walks the whole heap.
    """
    func()
    walls, cpus = [], []
    full = gc.get_stats()[2]["collections"]
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return (statistics.median(walls), statistics.median(cpus), max(walls),
            gc.get_stats()[2]["collections"] - full)


def populate(officers: int, members: int) -> None:
    from sqlalchemy import insert, select

    from app.demo import add_officers, build_units, enforcement_units
    from app.extensions import db
    from app.people.models import Officer
    from app.specialties.models import find
    from app.talentpool.models import TalentMember

    rng = random.Random(7)
    build_units()
    add_officers(rng, enforcement_units(), officers)
    ids = list(db.session.scalars(select(Officer.id).where(
        Officer.on_post.is_(True), Officer.status == "active").order_by(Officer.id)))
    chosen = sorted(rng.sample(ids, min(members, len(ids))))
    food = find("food").id
    db.session.execute(insert(TalentMember), [
        {"officer_id": i, "specialty_id": food, "state": "approved",
         "level": "expert" if i % 10 == 0 else "backbone"} for i in chosen])
    add_certificates(chosen)
    db.session.commit()


def add_certificates(officer_ids: list[int]) -> None:
    try:
        from app.certificates.models import Certificate
    except ImportError:
        return
    from sqlalchemy import insert

    from app.extensions import db

    db.session.execute(insert(Certificate), [
        {"officer_id": i, "number": f"BENCH{i}", "status": "valid", "approved": True,
         "issued_on": date(2020, 1, 1), "valid_until": date(2099, 1, 1)}
        for i in officer_ids if i % 20])  # one in twenty without: the check has work to do


def past_draws(count: int) -> None:
    from sqlalchemy import select

    from app.core.actor import CLI
    from app.extensions import db
    from app.org.models import Unit
    from app.specialties.models import find
    from app.talentpool import draws

    counties = list(db.session.scalars(select(Unit).where(Unit.kind == "县区局")))
    for n in range(count):
        task = draws.create_task(CLI, draws.TaskData(f"基准{n}", counties[n % len(counties)]))
        record = draws.draw(CLI, task, find("food"), 5, seed=n)
        for member in record.members:
            member.drawn_on = date.today() - timedelta(days=n % 300)
    db.session.commit()


def analyze() -> None:
    """PostgreSQL: table statistics, as autovacuum would have them on a live database.

    Without them (a fresh bench database, or autovacuum off) the planner estimates one row
    per table; once psycopg prepares the repeated eligibility query (its sixth run) the
    server may switch to a generic plan that takes seconds instead of tens of milliseconds.
    """
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def bare_eligible(db, food_id: int, path: str) -> int:
    """The floor: ids of approved members on post and at work, outside the avoided subtree."""
    from sqlalchemy import text

    return len(db.session.execute(text(
        "SELECT m.officer_id FROM talent_members m JOIN officers o ON o.id = m.officer_id "
        "JOIN units u ON u.id = o.unit_id WHERE m.specialty_id = :s AND m.state = 'approved' "
        "AND o.on_post AND o.status = 'active' AND u.path NOT LIKE :p ORDER BY m.officer_id"),
        {"s": food_id, "p": f"{path}%"}).all())


def figures() -> dict:
    from sqlalchemy import select

    from app.core.actor import CLI
    from app.extensions import db
    from app.org.models import Unit
    from app.specialties.models import find
    from app.talentpool import draws

    unit = db.session.scalar(select(Unit).where(Unit.code == "360102"))
    food = find("food")
    data = draws.TaskData("基准", unit, avoid_city=False, cooloff_days=30)
    terms = draws.terms_for(CLI, food, data)
    outcome = draws.compute(terms, 5)
    task = draws.create_task(CLI, data)
    db.session.commit()

    def record() -> None:
        draws.draw(CLI, task, food, 5)
        db.session.rollback()

    return {"eligible": outcome.candidates.count,
            "bare_sql": timed(lambda: bare_eligible(db, food.id, unit.path)),
            "compute": timed(lambda: draws.compute(terms, 5)),
            "draw_recorded": timed(record)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--past-draws", type=int, default=100)
    parser.add_argument("--database-url")
    parser.add_argument("--reuse", action="store_true",
                        help="measure a database an earlier run built (with --database-url)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade

    from app import create_app

    app = create_app()
    with app.app_context():
        upgrade(revision="heads")
        started = time.perf_counter()
        if not args.reuse:
            populate(args.officers, args.members)
            past_draws(args.past_draws)
        analyze()
        print(f"database: {url.split(':')[0]}, officers: {args.officers}, pool members: "
              f"{args.members}, past draws: {args.past_draws} "
              f"(built in {time.perf_counter() - started:.1f} s)")
        result = figures()
    print(f"candidates after all rules: {result['eligible']}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    bare = result["bare_sql"]
    for label, key in (("bare eligibility SQL", "bare_sql"),
                       ("draw under all rules, not recorded", "compute"),
                       ("draw under all rules, recorded (rolled back)", "draw_recorded")):
        wall, cpu, slowest, full = result[key]
        print(f"{label}: {wall:.1f} ms wall, {cpu:.1f} ms CPU "
              f"(x{wall / bare[0]:.1f} / x{cpu / bare[1]:.1f} the bare SQL); "
              f"slowest of 25: {slowest:.1f} ms wall; full GCs: {full}")

if __name__ == "__main__":
    main()
