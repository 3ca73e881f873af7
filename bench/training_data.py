"""Replace the training data of the database named by DATABASE_URL with N attendance rows.

    DATABASE_URL=... .venv/bin/python bench/training_data.py --attendance 1000000

Three years (2024..2026); every county-level unit holds 20 courses a year; each attendance
row is an officer of that unit's city at a course of their city, so hours spread unevenly
(some officers meet the floors, many do not).
"""
import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.org.models import Unit  # noqa: E402
from app.people.models import Officer  # noqa: E402
from app.training.models import (  # noqa: E402
    Attendance,
    Evidence,
    ExternalTraining,
    PlanItem,
    TrainingSession,
)

YEARS = (2024, 2025, 2026)
CATEGORIES = ("public_law", "public_law", "business", "business", "political")
CHUNK = 20_000


def clear() -> None:
    for model in (Evidence, ExternalTraining, Attendance, TrainingSession, PlanItem):
        db.session.execute(delete(model))


def sessions(rng: random.Random) -> list[tuple[int, int, str, float]]:
    """(session id, year, category, hours) for 20 courses a year of every city/county unit."""
    hosts = list(db.session.scalars(select(Unit.id).where(Unit.kind.in_(("设区市局", "县区局")))))
    rows = []
    for year in YEARS:
        for host in hosts:
            for n in range(20):
                start = date(year, 1 + n % 12, 1 + rng.randrange(27))
                hours = rng.choice((2, 4, 4, 6, 8, 8, 12))
                rows.append({"title": f"{year}年第{n + 1}期执法培训", "category": CATEGORIES[n % 5],
                             "study_format": "专题培训", "unit_id": host, "start_date": start,
                             "end_date": start + timedelta(days=hours // 8), "year": year,
                             "hours": hours, "mode": "offline", "content": "",
                             "created_at": start})
    db.session.execute(insert(TrainingSession), rows)
    return [tuple(r) for r in db.session.execute(select(
        TrainingSession.id, TrainingSession.year, TrainingSession.category,
        TrainingSession.hours))]


def attendance(rng: random.Random, total: int, courses: list, officer_ids: list[int]) -> None:
    """`total` distinct (session, officer) pairs, written in chunks."""
    seen: set[tuple[int, int]] = set()
    batch = []
    while len(seen) < total:
        sid, year, category, hours = rng.choice(courses)
        oid = officer_ids[int(rng.triangular(0, len(officer_ids), len(officer_ids) * 0.3))
                          % len(officer_ids)]
        if (sid, oid) in seen:
            continue
        seen.add((sid, oid))
        batch.append({"session_id": sid, "officer_id": oid, "hours": hours, "year": year,
                      "category": category})
        if len(batch) == CHUNK:
            db.session.execute(insert(Attendance), batch)
            batch = []
    if batch:
        db.session.execute(insert(Attendance), batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    app = create_app()
    with app.app_context():
        started = time.perf_counter()
        clear()
        courses = sessions(rng)
        officer_ids = list(db.session.scalars(select(Officer.id).order_by(Officer.id)))
        attendance(rng, args.attendance, courses, officer_ids)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        print(f"{len(courses)} sessions, {args.attendance} attendance rows in "
              f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
