"""PostgreSQL goes away during the exam-day load (every connection dropped, new ones
refused) and comes back: requests fail with a 503 in Chinese, nothing half-written
lands, and the service resumes by itself."""
import asyncio
import json

import pytest
from sqlalchemy.engine import make_url

from bench.loadclient import Plan, run
from bench.tcpproxy import Proxy
from tests.reliability.conftest import assert_nothing_lost, on_postgres, seed_exam

CANDIDATES, QUESTIONS, OUTAGE = 10, 20, 3.0
pytestmark = pytest.mark.skipif(not on_postgres(),
                                reason="a PostgreSQL outage: runs in the PostgreSQL pass")


def test_an_outage_answers_503_and_the_service_resumes(database_url, gunicorn):
    exam_id = seed_exam(database_url, CANDIDATES, QUESTIONS)
    proxy = Proxy(("127.0.0.1", 5432))
    through_proxy = make_url(database_url).set(port=proxy.port).render_as_string(False)
    server = gunicorn(through_proxy, workers=2)
    cut = {}

    async def outage(outcome):
        while len(outcome.acks) < CANDIDATES * QUESTIONS // 4:
            await asyncio.sleep(0.02)
        proxy.cut()
        cut["acks"] = len(outcome.acks)
        await asyncio.sleep(OUTAGE)
        proxy.restore()

    try:
        outcome = asyncio.run(run(Plan(server.base, exam_id, CANDIDATES, QUESTIONS,
                                       pause=0.02, revisit_every=3), during=outage))
    finally:
        proxy.close()

    assert cut, "the load ended before the outage"
    assert outcome.statuses[503] > 0 and outcome.statuses[500] == 0
    assert "数据库" in json.loads(outcome.outage_bodies[0])["error"]
    assert_nothing_lost(database_url, exam_id, outcome, CANDIDATES, QUESTIONS)
