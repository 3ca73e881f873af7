"""SIGKILL a gunicorn worker while candidates answer: nothing acknowledged is lost,
and every candidate carries on to the end (their page retries the failed save)."""
import asyncio
import os
import signal

from bench.loadclient import Plan, run
from bench.reliability import wait_for
from tests.reliability.conftest import assert_nothing_lost, seed_exam

CANDIDATES, QUESTIONS = 12, 15


def test_a_killed_worker_loses_no_acknowledged_answer(database_url, gunicorn):
    exam_id = seed_exam(database_url, CANDIDATES, QUESTIONS)
    server = gunicorn(database_url, workers=2)
    killed = {}

    async def kill_a_worker(outcome):
        while len(outcome.acks) < CANDIDATES * QUESTIONS // 4:
            await asyncio.sleep(0.02)
        victim = server.workers()[0]
        os.kill(victim, signal.SIGKILL)
        killed.update(pid=victim, acks_before=len(outcome.acks))

    plan = Plan(server.base, exam_id, CANDIDATES, QUESTIONS, pause=0.02, revisit_every=3)
    outcome = asyncio.run(run(plan, during=kill_a_worker))

    assert killed, "the load ended before a worker was killed"
    assert_nothing_lost(database_url, exam_id, outcome, CANDIDATES, QUESTIONS)
    # gunicorn reaps the dead worker and starts another in its place.
    assert wait_for(lambda: killed["pid"] not in server.workers(), 10)
    assert wait_for(lambda: len(server.workers()) == 2, 10)
