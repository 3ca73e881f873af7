"""Roster list page and officer import on a generated province, as ratios to a floor.

    .venv/bin/python bench/roster_bench.py --officers 50000 [--database-url URL]

Floors measured in the same run: the bare SQL the page needs (count + first page
of the scoped query, run by the same engine), a bare Flask route (/healthz, no
database), and for the import, reading the same file with openpyxl/csv alone.
Import time and peak memory are measured in a child process.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(func, repeat: int = 15) -> float:
    """Median wall time of `func` in milliseconds (after one warm-up call)."""
    func()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def prepare(url: str, officers: int) -> None:
    env = os.environ | {"DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "bench/generate.py", "--officers", str(officers),
                    "--roster-only"],
                   cwd=ROOT, env=env, check=True)


def page_figures(url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    app = create_app()
    client = app.test_client()
    with app.app_context():
        city = db.session.execute(text("SELECT path FROM units WHERE code='360100'")).scalar()
    results = {}
    for user, where in (("admin", ""), ("hr", city)):
        login(client, user)
        results[f"page_{user}"] = timed(lambda: client.get("/officers/").status_code == 200 or
                                        sys.exit("roster page failed"))
        results[f"page_{user}_p50"] = timed(lambda: client.get("/officers/?page=50"))
        with app.app_context():
            results[f"sql_{user}"] = timed(lambda where=where: bare_sql(db, where))
        client.post("/logout", data={"csrf_token": token(client, "/password")})
    results["bare_route"] = timed(lambda: client.get("/healthz"))
    return results


def bare_sql(db, path: str) -> None:
    """What the page must read at least: the count and the first 50 rows with their units."""
    from sqlalchemy import text

    scope = "WHERE o.unit_id IN (SELECT id FROM units WHERE path LIKE :p)" if path else ""
    params = {"p": f"{path}%"} if path else {}
    with db.engine.connect() as conn:
        conn.execute(text(f"SELECT count(*) FROM officers o JOIN units u ON u.id=o.unit_id {scope}"),
                     params).scalar()
        conn.execute(text(f"SELECT o.*, u.code, u.name FROM officers o JOIN units u ON "
                          f"u.id=o.unit_id {scope} ORDER BY u.code, o.id LIMIT 50"), params).all()


def token(client, url: str) -> str:
    import re

    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def login(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": "Demo@2026",
                                           "csrf_token": token(client, "/login")})
    assert response.status_code == 302, "demo login failed"


def import_figures(url: str, workdir: Path) -> dict:
    env = os.environ | {"DATABASE_URL": url}
    out = workdir / "roster.xlsx"
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "export", "officers",
                    "--format", "xlsx", "--out", str(out)], cwd=ROOT, env=env, check=True)
    csv_out = workdir / "roster.csv"
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "export", "officers",
                    "--format", "csv", "--out", str(csv_out)], cwd=ROOT, env=env, check=True)
    figures = {}
    for name, path in (("xlsx", out), ("csv", csv_out)):
        figures[f"read_{name}"] = child(["bench/read_only.py", str(path)], env)
        figures[f"import_{name}"] = child(["-m", "flask", "--app", "app", "import", "officers",
                                           str(path)], env)
    return figures


def child(args: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process (bench/peak.py reports it)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "bench/peak.py", *args], cwd=ROOT, env=env,
                          check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    peak = float(done.stderr.rsplit("PEAK_RSS_MB", 1)[1].split()[0])
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=50_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    prepare(url, args.officers)
    pages = page_figures(url)
    print(f"database: {url.split(':')[0]}, officers: {args.officers}")
    for user in ("admin", "hr"):
        page, sql = pages[f"page_{user}"], pages[f"sql_{user}"]
        print(f"roster page 1 as {user}: {page:.1f} ms; bare SQL {sql:.1f} ms; "
              f"ratio {page / sql:.2f}; page 50: {pages[f'page_{user}_p50']:.1f} ms")
    print(f"bare Flask route: {pages['bare_route']:.2f} ms")
    for name, (seconds, mb) in import_figures(url, workdir).items():
        print(f"{name}: {seconds:.1f} s, peak RSS {mb:.0f} MB")


if __name__ == "__main__":
    main()
