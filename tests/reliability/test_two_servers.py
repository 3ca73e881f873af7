"""Two gunicorn instances behind nginx, each candidate's requests alternating between them, and
one instance SIGKILLed (master and workers) mid-run: nothing acknowledged is lost, and every
candidate carries on to the end on the other instance (their page retries a failed save)."""
import asyncio
import os
from collections import Counter

import pytest

from bench.loadclient import Plan, run
from bench.proxy import NGINX, TwoServers, redis_client
from tests.reliability.conftest import assert_nothing_lost, seed_exam

CANDIDATES, QUESTIONS = 16, 15
REDIS_DB = 14   # flushed before and after; bench/reliability.py two-servers uses 13


def _redis_answers() -> bool:
    try:
        return redis_client(REDIS_DB).ping()
    except Exception:
        return False


pytestmark = pytest.mark.skipif(not os.access(NGINX, os.X_OK) or not _redis_answers(),
                                reason="needs nginx (make system-deps) and Redis on 127.0.0.1")


def test_a_killed_instance_loses_no_acknowledged_answer(database_url):
    exam_id = seed_exam(database_url, CANDIDATES, QUESTIONS)
    killed = {}
    with TwoServers(database_url, workers=2, threads=4, redis_db=REDIS_DB) as pair:
        # Both instances count failed log-ins in Redis: the fourth, on either, is refused.
        assert pair.failed_logins() == [200, 200, 200, 429]
        assert pair.redis_keys()["LIMITS"] > 0

        async def kill_an_instance(outcome):
            # Log-ins hash passwords and finish at different times: wait until every candidate
            # has two saves acknowledged (one per instance) as well as a quarter of all saves.
            while len(outcome.acks) < CANDIDATES * QUESTIONS // 4 or \
                    min(Counter(a for a, *_ in outcome.acks).values(), default=0) < 2 or \
                    len({a for a, *_ in outcome.acks}) < CANDIDATES:
                await asyncio.sleep(0.02)
            killed["split"] = pair.split()
            pair.instances[1].kill()

        plan = Plan(pair.base, exam_id, CANDIDATES, QUESTIONS, pause=0.02, revisit_every=3)
        outcome = asyncio.run(run(plan, during=kill_an_instance))
        served_by_both, seen, _, _ = pair.per_candidate()

    assert killed, "the load ended before an instance was killed"
    assert all(n > 0 for n in killed["split"]), killed["split"]
    assert served_by_both == seen == CANDIDATES
    assert_nothing_lost(database_url, exam_id, outcome, CANDIDATES, QUESTIONS)
