"""Where an autosave request's CPU goes: N saves through the app's WSGI callable, in-process.

Seeds an exam with papers (bench/exam_load.py's seed), starts one attempt, logs its officer in
(the exam page's fetch sends the session cookie along), builds N save requests (the WSGI
environ made beforehand, so the client's work is not counted), then:

1. runs them once without a profiler: CPU (process time) and wall time per save, and as many
   through the floor's route (bench/autosave_floor.py) for comparison;
2. runs another N under cProfile and prints the time per save of the parts a save passes
   through (inclusive, so parts nest: a part's time includes the parts under it), then the
   profile's own time (tottime) by package.

    .venv/bin/python bench/exam_profile.py [--saves 2000] [--database postgresql|sqlite]
        [--top 25] [--dump FILE]

The gunicorn side (parsing, the socket, the access log) is not in here: bench/autosave_floor.py
measures the workers' CPU per save under load.
"""
import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.exam_load import drop_database, make_database, seed  # noqa: E402

# (label, how to find the function in pstats: (file ends with, function name)).
PARTS = (
    ("whole request (Flask.__call__)", ("flask/app.py", "__call__")),
    ("  autosave before Flask (app/exams/autosave.py FastSaves)", ("app/exams/autosave.py",
                                                                 "__call__")),
    ("    JSON body (json.loads)", ("json/__init__.py", "loads")),
    ("    token check (verified once per process)", ("app/exams/autosave.py", "_claims")),
    ("  Flask's request handling (Flask.wsgi_app)", ("flask/app.py", "wsgi_app")),
    ("  the floor's view (bench/autosave_floor.py)", ("bench/autosave_floor.py", "save")),
    ("  context push (the app context; with Flask also the request and its session)",
     ("flask/ctx.py", "push")),
    ("    open_session", ("flask/sessions.py", "open_session")),
    ("  before-request hooks (limiter, session rules)", ("flask/app.py", "preprocess_request")),
    ("    limiter check", ("flask_limiter/_extension.py", "_check_request_limit")),
    ("    session rules (app/auth/sessions.py)", ("app/auth/sessions.py", "check_request")),
    ("    Flask-Login user load", ("flask_login/login_manager.py", "_load_user")),
    ("  the view (app/exams/api.py api_answer)", ("app/exams/api.py", "api_answer")),
    ("    JSON body", ("werkzeug/wrappers/request.py", "get_json")),
    ("    token check + attempt row (attempt_for_token)", ("app/exams/taking.py",
                                                          "attempt_for_token")),
    ("      token signature (itsdangerous loads)", ("itsdangerous/serializer.py", "loads")),
    ("    save_answer (rules + upsert)", ("app/exams/taking.py", "save_answer")),
    ("    fast path (app/exams/autosave.py save: one checked upsert)", ("app/exams/autosave.py",
                                                                   "save")),
    ("    the paper's slots (cached per attempt)", ("app/exams/taking.py", "slots")),
    ("    SQL statements (Session.execute)", ("sqlalchemy/orm/session.py", "execute")),
    ("    SQL statements (Connection.execute)", ("sqlalchemy/engine/base.py", "execute")),
    ("      driver execute (psycopg/sqlite3)", ("sqlalchemy/engine/default.py", "do_execute")),
    ("    connection from the pool (checkout, pre-ping)", ("sqlalchemy/pool/base.py",
                                                          "_checkout")),
    ("    commit (Session.commit)", ("sqlalchemy/orm/session.py", "commit")),
    ("    commit (Connection)", ("sqlalchemy/engine/base.py", "_commit_impl")),
    ("      driver commit", ("sqlalchemy/engine/default.py", "do_commit")),
    ("    JSON response (jsonify)", ("flask/json/__init__.py", "jsonify")),
    ("  after-request hooks (headers, login cookie, limiter)", ("flask/app.py",
                                                              "process_response")),
    ("    save_session", ("flask/sessions.py", "save_session")),
    ("  context pop (teardown: the session removed)", ("flask/ctx.py", "pop")),
    ("  logging (logging module, whole calls)", ("logging/__init__.py", "handle")),
)

PACKAGES = ("psycopg", "sqlalchemy", "flask_sqlalchemy", "flask_login", "flask_limiter",
            "limits", "flask_babel", "flask_wtf", "flask", "werkzeug", "itsdangerous", "json",
            "logging", "app/", "sqlite3", "zlib", "hmac", "hashlib")


def prepare(url: str, saves: int):
    """The app, and `saves` WSGI environs of one logged-in officer saving answers."""
    from sqlalchemy import select
    from werkzeug.test import EnvironBuilder

    from app.auth.models import User
    from app.core.models import utcnow
    from app.exams import taking
    from app.exams.models import Exam, PaperItem
    from app.extensions import db
    from app.people.models import Officer
    from app.questions.models import QuestionVersion
    from bench.autosave_floor import VALUES, session_cookie
    from bench.exam_load import bench_app

    exam_id = seed(url, 2, 20)
    app = bench_app()
    with app.app_context():
        officer, user = db.session.execute(select(Officer, User).join(
            User, User.officer_id == Officer.id).order_by(Officer.id)).first()
        attempt = taking.start(None, db.session.get(Exam, exam_id), officer, utcnow())
        db.session.flush()
        paper = db.session.execute(
            select(PaperItem.position, QuestionVersion.type)
            .join(QuestionVersion, QuestionVersion.id == PaperItem.version_id)
            .where(PaperItem.candidate_id == attempt.candidate_id)).all()
        token, attempt_id, username = taking.token_for(attempt, user.id), attempt.id, \
            user.username
        # The floor writes to an attempt of its own (the second officer's).
        second = db.session.execute(select(Officer).order_by(Officer.id.desc())).scalar()
        floor_attempt = taking.start(None, db.session.get(Exam, exam_id), second, utcnow())
        db.session.flush()
        floor_id, items = floor_attempt.id, db.session.execute(
            select(PaperItem.id, QuestionVersion.type)
            .join(QuestionVersion, QuestionVersion.id == PaperItem.version_id)
            .where(PaperItem.candidate_id == floor_attempt.candidate_id)).all()
        db.session.commit()
    cookie = session_cookie(app, username)
    environs = []
    for seq in range(1, 2 * saves + 1):
        position, qtype = paper[(seq - 1) % len(paper)]
        environs.append(EnvironBuilder(
            path=f"/exams/api/attempts/{attempt_id}/answers", method="POST",
            json={"q": position, "value": VALUES[qtype], "seq": seq},
            headers={"X-Attempt-Token": token, "Cookie": f"session={cookie}; lang=zh_CN"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ())
    # The floor's requests (bench/autosave_floor.py): the same saves, on the other attempt.
    floor = [EnvironBuilder(
        path=f"/floor/attempts/{floor_id}/answers", method="POST",
        json={"q": item_id, "value": VALUES[qtype], "seq": seq},
        environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
        for seq, (item_id, qtype) in enumerate(items * (2 * saves // len(items) + 1), start=1)]
    return app, environs, floor[:2 * saves]


def call(app, environs) -> None:
    """Each request through the WSGI callable; every one must be a save that was applied."""
    statuses, bodies = [], []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    for environ in environs:
        bodies.append(b"".join(app(environ, start_response)))
    bad = [(s, b) for s, b in zip(statuses, bodies, strict=True)
           if not s.startswith("200") or b'"applied":true' not in b.replace(b" ", b"")]
    if bad:
        raise SystemExit(f"{len(bad)} saves failed or not applied, e.g. {bad[0]}")


def trace(app, environs) -> None:
    """Every command the driver sends for one save (round trips), printed in order."""
    import psycopg

    sent = []
    original = psycopg.Connection._exec_command

    def recording(self, command, *args, **kwargs):
        sent.append(command if isinstance(command, bytes) else repr(command))
        return original(self, command, *args, **kwargs)

    execute = psycopg.Cursor.execute

    def executing(self, query, *args, **kwargs):
        sent.append(" ".join(str(query).split())[:150])
        return execute(self, query, *args, **kwargs)

    psycopg.Connection._exec_command, psycopg.Cursor.execute = recording, executing
    try:
        call(app, environs)
    finally:
        psycopg.Connection._exec_command, psycopg.Cursor.execute = original, execute
    print("one save, as the database sees it:")
    for line in sent:
        print(f"  {line}")


def find(stats: pstats.Stats, where: tuple[str, str]):
    suffix, name = where
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if function == name and filename.endswith(suffix):
            return ct
    return None


def by_package(stats: pstats.Stats) -> dict[str, float]:
    out: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        place = "other"
        for package in PACKAGES:
            if f"/{package}" in filename or (filename == "~" and package in function):
                place = package.rstrip("/")
                break
        else:
            if filename == "~":
                place = "builtins (C calls)"
        out[place] = out.get(place, 0.0) + tt
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", type=Path, help="write the raw profile (pstats) here")
    parser.add_argument("--floor", action="store_true",
                        help="profile the floor's route instead of the app's")
    parser.add_argument("--wall", action="store_true",
                        help="profile wall time (with the waits for the database), not CPU")
    parser.add_argument("--trace", action="store_true",
                        help="print the SQL one save sends to the database, in order")
    args = parser.parse_args()
    name = f"et_profile_{os.getpid()}"
    sqlite_file = Path("/tmp") / f"{name}.db"
    url = make_database(name) if args.database == "postgresql" else f"sqlite:///{sqlite_file}"
    os.environ["DATABASE_URL"] = url       # before config.py is first imported
    try:
        app, environs, floor = prepare(url, args.saves)
        plain, profiled = environs[:args.saves], environs[args.saves:]
        from bench.autosave_floor import floor_app
        bare = floor_app()
        floor, floor_profiled = floor[:args.saves], floor[args.saves:]
        call(bare, floor[:50])
        cpu, wall = time.process_time(), time.perf_counter()
        call(bare, floor[50:])
        n = len(floor) - 50
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"floor (bench/autosave_floor.py's route): {n} saves, CPU {cpu / n * 1000:.3f} "
              f"ms/save, wall {wall / n * 1000:.3f} ms/save")
        target = bare if args.floor else app
        if args.floor:
            profiled = floor_profiled
        call(app, plain[:50])                      # warm: pool connected, slots cached
        if args.trace:
            trace(app, plain[50:51])
            plain = plain[:50] + plain[51:]
        cpu, wall = time.process_time(), time.perf_counter()
        call(app, plain[50:])
        n = len(plain) - 50
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{args.database}: {n} saves, CPU {cpu / n * 1000:.3f} ms/save, "
              f"wall {wall / n * 1000:.3f} ms/save (load average {os.getloadavg()[0]:.2f})")
        # CPU time by default: waiting for the database is not the server's work.
        profile = cProfile.Profile(time.perf_counter if args.wall else time.process_time)
        profile.enable()
        call(target, profiled)
        profile.disable()
        if args.dump:
            profile.dump_stats(args.dump)
        stats = pstats.Stats(profile)
        n = len(profiled)
        total = find(stats, PARTS[0][1]) or 1e-9
        clock = "wall time" if args.wall else "CPU time"
        print(f"\nunder cProfile ({clock}, inflated by the profiler: read the shares), "
              f"{n} saves, per save:")
        seen = set()
        for label, where in PARTS:
            ct = find(stats, where)
            if ct is None or where in seen:
                continue
            seen.add(where)
            print(f"  {ct / n * 1e6:8.1f} µs {ct / total:6.1%}  {label}")
        print("\nown time (tottime) by package, per save:")
        for place, tt in sorted(by_package(stats).items(), key=lambda kv: -kv[1]):
            print(f"  {tt / n * 1e6:8.1f} µs {tt / stats.total_tt:6.1%}  {place}")
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
        print("\n" + "\n".join(out.getvalue().splitlines()[4:]))
    finally:
        if args.database == "postgresql":
            drop_database(name)
        for path in sqlite_file.parent.glob(f"{name}.db*"):
            path.unlink()


if __name__ == "__main__":
    main()
