"""Exam-day load with something breaking in the middle: a worker SIGKILLed, PostgreSQL gone.

    .venv/bin/python bench/reliability.py kill-worker [--candidates 200] [--workers 2]
    .venv/bin/python bench/reliability.py outage [--seconds 10] [--stop-server]
    .venv/bin/python bench/reliability.py schedulers
    .venv/bin/python bench/reliability.py two-servers [--candidates 200] [--workers 2] [--kill]

`outage` cuts the database off through a TCP proxy (every connection dropped, new
ones refused) for `--seconds`; with `--stop-server` it stops the real PostgreSQL
server instead (pg_ctlcluster; needs root, and stops it for everyone on the machine).
`two-servers` runs two gunicorn instances behind an nginx (bench/proxy.py: rate limits and
task queue in Redis db `--redis-db`, flushed before and after, one upload folder); `--kill`
SIGKILLs one whole instance (master and workers) a quarter of the way.
Each candidate answers every question, then every fifth again. Prints what the
candidates saw (statuses, retries), the acknowledged (attempt, question, value, seq)
compared value by value with the database (lost, changed, unacknowledged but
stored: bench/acks.py), and how long the service took to answer again.
"""
import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = str(ROOT / ".venv" / "bin" / "flask")
sys.path.insert(0, str(ROOT))

from bench.acks import compare, stored_answers  # noqa: E402
from bench.exam_load import drop_database, free_port, make_database, seed, serve  # noqa: E402
from bench.loadclient import Plan, run  # noqa: E402
from bench.proxy import TwoServers  # noqa: E402
from bench.tcpproxy import Proxy  # noqa: E402


class Scheduler:
    """A `flask scheduler` process whose log lines are collected as they come."""

    def __init__(self, env: dict) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen([FLASK, "scheduler"], cwd=ROOT, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def said(self, words: str) -> int:
        return sum(words in line for line in self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


CAUGHT_UP = "scheduled job certificates-expire done"


def wait_for(predicate, seconds: float, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(step)
    return None


def _miss_a_run(url: str) -> None:
    """certificates-expire last ran three days ago: the first scheduler must catch it up."""
    from datetime import timedelta

    from sqlalchemy import create_engine, text

    from app.core.models import utcnow
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("INSERT INTO scheduled_runs (job_id, last_run_at) VALUES (:j, :t)"),
                  {"j": "certificates-expire", "t": utcnow() - timedelta(days=3)})
    engine.dispose()


def scheduler_takeover(url: str, folder: str) -> dict:
    """Two `flask scheduler`s on a new database; SIGKILL the one that took the lock.

    Returns whether the second waited, seconds until it took over (None: never), and how
    often each ran the missed job the first caught up."""
    env = os.environ | {"DATABASE_URL": url, "FLASK_APP": "app", "APP_ENV": "production",
                        "SECRET_KEY": "reliability-bench-only-key-of-32-bytes-or-more",
                        "UPLOAD_DIR": folder}
    subprocess.run([FLASK, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    _miss_a_run(url)
    first, second = Scheduler(env), None
    try:
        if not wait_for(lambda: first.said(CAUGHT_UP), 30):
            raise RuntimeError("the first scheduler never caught up: " + "".join(first.lines))
        second = Scheduler(env)
        wait_for(lambda: second.said("定时任务"), 30)
        time.sleep(1)
        waited = not second.said("lock taken")
        first.proc.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        took = wait_for(lambda: second.said("lock taken"), 60, step=0.2)
        takeover = time.monotonic() - killed if took else None
        time.sleep(1)   # the second's catch-up, if any, has run by now
        return {"second_waited": waited, "takeover": takeover,
                "first_ran": first.said(CAUGHT_UP),
                "second_ran": second.said(CAUGHT_UP) + second.said("caught up")}
    finally:
        first.stop()
        if second is not None:
            second.stop()


def workers_of(master: int) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            found.append(int(pid))
    return found


def kill_worker(master: int, after_acks: int, marks: dict):
    async def act(outcome):
        while len(outcome.acks) < after_acks:
            await asyncio.sleep(0.01)
        victim = workers_of(master)[0]
        os.kill(victim, signal.SIGKILL)
        marks.update(broken=time.monotonic(), mended=time.monotonic(),
                     detail=f"SIGKILL worker {victim} after {len(outcome.acks)} answers")
    return act


def kill_instance(pair: TwoServers, after_acks: int, marks: dict):
    """SIGKILL the second instance, master and workers, once `after_acks` saves were acknowledged."""
    async def act(outcome):
        while len(outcome.acks) < after_acks:
            await asyncio.sleep(0.01)
        marks["split_before"] = pair.split()
        pair.instances[1].kill()
        marks.update(broken=time.monotonic(), mended=time.monotonic(),
                     detail=f"SIGKILL instance 2 (port {pair.instances[1].port}, master and "
                            f"workers) after {len(outcome.acks)} answers")
    return act


def outage(proxy: Proxy | None, seconds: float, after_acks: int, marks: dict):
    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", os.listdir("/etc/postgresql")[0],
               "main"] if proxy is None else None

    async def act(outcome):
        while len(outcome.acks) < after_acks:
            await asyncio.sleep(0.01)
        marks["broken"] = time.monotonic()
        if proxy:
            proxy.cut()
        else:
            subprocess.run(cluster + ["stop", "-m", "fast"], check=True)
        await asyncio.sleep(max(0.0, seconds - (time.monotonic() - marks["broken"])))
        if proxy:
            proxy.restore()
        else:
            subprocess.run(cluster + ["start"], check=True)
        marks["mended"] = time.monotonic()
        marks["detail"] = (f"database cut off for {marks['mended'] - marks['broken']:.1f} s "
                           f"({'proxy' if proxy else 'server stopped'}) after "
                           f"{len(outcome.acks)} answers")
    return act


def count(url: str, exam_id: int) -> tuple[int, int, int]:
    """Answers, submitted attempts, and submitted attempts with no score (half-written)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as c:
        answers = c.execute(text("SELECT count(*) FROM exam_answers a JOIN exam_attempts t ON "
                                 "t.id = a.attempt_id WHERE t.exam_id = :e"), {"e": exam_id})
        submitted = c.execute(text("SELECT count(*) FROM exam_attempts WHERE exam_id = :e "
                                   "AND state = 'submitted'"), {"e": exam_id})
        broken = c.execute(text("SELECT count(*) FROM exam_attempts WHERE exam_id = :e AND "
                                "state = 'submitted' AND (score IS NULL OR graded_at IS NULL)"),
                           {"e": exam_id})
        return answers.scalar(), submitted.scalar(), broken.scalar()


def report(args, outcome, marks, url, exam_id, wall) -> None:
    answers, submitted, broken = count(url, exam_id)
    mended = marks.get("mended", 0)
    first_ok = next((t for t, status in outcome.timeline if t > mended and status == 200), None)
    failed = [t for t, status in outcome.timeline if status >= 500 or status == 0]
    print(f"scenario={args.scenario} candidates={args.candidates} questions={args.questions} "
          f"gunicorn workers={args.workers} wall={wall:.0f}s")
    print(marks.get("detail", "nothing was broken: the load ended first"))
    print("statuses: " + ", ".join(f"{k or 'no answer'}: {v}"
                                   for k, v in sorted(outcome.statuses.items())))
    print(f"retries={outcome.retries} gave up={outcome.gave_up}")
    if failed:
        print(f"failures from {failed[0] - marks['broken']:+.1f} s to "
              f"{failed[-1] - marks['broken']:+.1f} s after the break")
    if first_ok is not None and args.scenario == "outage":
        print(f"first success {first_ok - mended:.2f} s after the database came back")
    if outcome.outage_bodies:
        print(f"a 503 said: {json.loads(outcome.outage_bodies[0])['error']}")
    print(f"saves sent={len(outcome.sent)} acknowledged={len(outcome.acks)} "
          f"answers in database={answers} expected={args.candidates * args.questions}")
    found = compare(outcome.acks, stored_answers(url, exam_id), outcome.sent)
    print("value by value: " + found.line())
    for kind in ("lost", "changed"):
        for example in getattr(found, kind)[:5]:
            print(f"  {kind}: {example}")
    print(f"submitted={submitted}/{args.candidates} submitted but not graded={broken}")


def recovery(outcome, marks) -> str:
    """After the kill: the first success, and the last failure (every try after it succeeded)."""
    broken = marks["broken"]
    after = [(t - broken, status) for t, status in outcome.timeline if t > broken]
    first_ok = next((t for t, status in after if status == 200), None)
    failed = [t for t, status in after if status >= 500 or status == 0]
    first = f"{first_ok:.2f} s" if first_ok is not None else "never"
    last = f"{failed[-1]:.2f} s" if failed else "none"
    return f"after the kill: first success {first}, last failure {last}, failed tries {len(failed)}"


def report_two_servers(args, pair: TwoServers, outcome, marks) -> None:
    split = pair.split()
    print(f"requests per instance: 1={split[0]} 2={split[1]} (gunicorn access logs)")
    if "split_before" in marks:
        before = marks["split_before"]
        print(f"before the kill: 1={before[0]} 2={before[1]}")
        print(recovery(outcome, marks))
    both, attempts, switches, pairs = pair.per_candidate()
    print(f"attempts served by both instances: {both}/{attempts}; consecutive exam requests "
          f"that changed instance: {switches}/{pairs} (nginx log)")
    keys = pair.redis_keys()
    print(f"Redis db {args.redis_db} keys at the end: {sum(keys.values())} "
          + " ".join(f"{k}={v}" for k, v in keys.most_common()))
    print(f"task queue of the instances' environment: {pair.queue_backend()}")


def two_servers(args, url: str, exam_id: int) -> None:
    with TwoServers(url, args.workers, 8, args.redis_db) as pair:
        print(f"wrong passwords for one account, to instance 1, 2, 1, 2: {pair.failed_logins()}; "
              f"Redis db {args.redis_db} keys: {sum(pair.redis_keys().values())}")
        marks: dict = {} if args.kill else {"detail": "no instance killed (--kill kills one)"}
        after = args.candidates * args.questions // 4
        act = kill_instance(pair, after, marks) if args.kill else None
        plan = Plan(pair.base, exam_id, args.candidates, args.questions,
                    pause=0.2, retry_for=60, revisit_every=5)
        wall = time.perf_counter()
        outcome = asyncio.run(run(plan, during=act))
        report(args, outcome, marks, url, exam_id, time.perf_counter() - wall)
        report_two_servers(args, pair, outcome, marks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["kill-worker", "outage", "schedulers",
                                             "two-servers"])
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--stop-server", action="store_true")
    parser.add_argument("--kill", action="store_true", help="two-servers: kill one instance")
    parser.add_argument("--redis-db", type=int, default=13, help="two-servers: flushed")
    args = parser.parse_args()
    name = f"et_reliability_{os.getpid()}"
    url = make_database(name)
    if args.scenario == "schedulers":
        try:
            with tempfile.TemporaryDirectory() as folder:
                print(scheduler_takeover(url, folder))
        finally:
            drop_database(name)
        return
    if args.scenario == "two-servers":
        try:
            two_servers(args, url, seed(url, args.candidates, args.questions))
        finally:
            drop_database(name)
        return
    proxy = Proxy(("127.0.0.1", 5432)) if args.scenario == "outage" and not args.stop_server \
        else None
    served = url.replace(":5432/", f":{proxy.port}/") if proxy else url
    proc, marks = None, {}
    try:
        exam_id = seed(url, args.candidates, args.questions)
        port = free_port()
        proc = serve(served, port, args.workers, 8)
        after = args.candidates * args.questions // 4
        act = kill_worker(proc.pid, after, marks) if args.scenario == "kill-worker" else \
            outage(proxy, args.seconds, after, marks)
        plan = Plan(f"http://127.0.0.1:{port}", exam_id, args.candidates, args.questions,
                    pause=0.2, retry_for=args.seconds + 60, revisit_every=5)
        wall = time.perf_counter()
        outcome = asyncio.run(run(plan, during=act))
        report(args, outcome, marks, url, exam_id, time.perf_counter() - wall)
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        if proxy:
            proxy.close()
        drop_database(name)


if __name__ == "__main__":
    main()
