"""Training compliance on a generated province, beside the bare SQL aggregate.

    .venv/bin/python bench/training_bench.py --officers 50000 --attendance 1000000 \
        [--database-url URL] [--reuse]

Builds the province with bench/generate.py (units, officers, demo data), then replaces the
demo's training with exactly --attendance attendance rows over three years
(bench/training_data.py). Times, as medians:
- the bare SQL aggregate: one GROUP BY over the year's attendance (what the hours cost);
- the compliance page for the whole province as admin (first page and unit totals);
- `flask report compliance --format json` and `--format xlsx` for the whole province, each
  in a child process with its peak RSS (bench/peak.py), beside the same JSON streamed
  in-process (no interpreter start-up).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from roster_bench import child, login, timed  # noqa: E402

YEAR = 2026


def prepare(url: str, officers: int, attendance: int) -> None:
    env = os.environ | {"DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade", "heads"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "bench/generate.py", "--officers", str(officers)],
                   cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "bench/training_data.py", "--attendance", str(attendance)],
                   cwd=ROOT, env=env, check=True)


BARE = """SELECT officer_id,
  SUM(CASE WHEN category = 'public_law' THEN hours ELSE 0 END),
  SUM(CASE WHEN category = 'business' THEN hours ELSE 0 END),
  SUM(CASE WHEN category = 'political' THEN hours ELSE 0 END)
FROM training_attendances WHERE year = :year GROUP BY officer_id"""


def bare_sql(db) -> int:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return len(conn.execute(text(BARE), {"year": YEAR}).all())


def figures(url: str, workdir: Path) -> dict:
    os.environ["DATABASE_URL"] = url
    from app import create_app
    from app.core.scoping import Scope
    from app.extensions import db
    from app.training import compliance, reports

    app = create_app()
    client = app.test_client()
    login(client, "admin")
    out = {}
    with app.app_context():
        out["rows"] = db.session.execute(db.text(
            "SELECT count(*) FROM training_attendances")).scalar()
        out["bare"] = timed(lambda: bare_sql(db), repeat=7)
        query = compliance.Query(YEAR, Scope(everything=True))
        out["stream_json"] = timed(lambda: sum(len(c) for c in reports.json_chunks(
            compliance.stream(query))), repeat=3)
        out["officers"] = compliance.totals(query, None)[0].officers

    def page():
        response = client.get(f"/training/compliance?year={YEAR}")
        assert response.status_code == 200, response.status_code
    out["page"] = timed(page, repeat=7)
    out["page_missing"] = timed(lambda: client.get(f"/training/compliance?year={YEAR}&missing=1"),
                                repeat=5)
    env = os.environ | {"DATABASE_URL": url}
    base = ["-m", "flask", "--app", "app", "report", "compliance", "--year", str(YEAR)]
    out["cli_json"] = child([*base, "--format", "json", "--out", str(workdir / "c.json")], env)
    out["cli_xlsx"] = child([*base, "--format", "xlsx", "--out", str(workdir / "c.xlsx")], env)
    out["cli_start"] = child(["-m", "flask", "--app", "app", "jobs", "list"], env)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=50_000)
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    parser.add_argument("--reuse", action="store_true", help="The database is already built.")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="training-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    if not args.reuse:
        started = time.perf_counter()
        prepare(url, args.officers, args.attendance)
        print(f"generated in {time.perf_counter() - started:.0f} s")
    f = figures(url, workdir)
    print(f"database: {url.split(':')[0]}; attendance rows: {f['rows']}; "
          f"officers in the {YEAR} report: {f['officers']}")
    print(f"bare SQL aggregate ({YEAR}): {f['bare']:.0f} ms")
    print(f"compliance page, whole province (first page + totals): {f['page']:.0f} ms; "
          f"ratio to bare SQL {f['page'] / f['bare']:.2f}")
    print(f"  same, only those who miss: {f['page_missing']:.0f} ms")
    print(f"JSON report streamed in-process: {f['stream_json']:.0f} ms; "
          f"ratio {f['stream_json'] / f['bare']:.2f}")
    start_s, start_mb = f["cli_start"]
    for name in ("cli_json", "cli_xlsx"):
        seconds, mb = f[name]
        print(f"flask report compliance --format {name[4:]}: {seconds:.1f} s wall "
              f"(of which ~{start_s:.1f} s interpreter and app start-up), peak RSS {mb:.0f} MB "
              f"(start-up alone {start_mb:.0f} MB)")


if __name__ == "__main__":
    main()
