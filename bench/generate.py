"""Generate a synthetic province of N officers into the database named by DATABASE_URL.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python bench/generate.py --officers 50000

Uses the demo-data builders (real Jiangxi units, synthetic people with valid ID
numbers); the database must be migrated and empty.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import create_app  # noqa: E402
from app.demo import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--roster-only", action="store_true",
                        help="Units, officers and accounts only (no training, exams, ...).")
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        started = time.perf_counter()
        print(build(officers=args.officers, seed=args.seed, roster_only=args.roster_only))
        print(f"generated in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
