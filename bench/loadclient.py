"""Candidates taking an exam over HTTP, as the exam page does: log in, start, autosave, submit.

Shared by bench/reliability.py and tests/reliability/: a failed save (a killed
worker, a database outage, no answer, 429) is retried like take.js retries it (backoff
with full jitter from 1 s doubling to 30 s, at least Retry-After), so candidates carry
on; every save sent and every one the server acknowledged (200 with its seq) is
recorded as (attempt, position, value, seq), to be compared value by value with the
database afterwards (bench/acks.py).
"""
import asyncio
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

PASSWORD = "Bench@2026"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
STATE = re.compile(r'<script type="application/json" id="exam-state">(.*?)</script>', re.S)
ANSWERS = {"single": "ABCD", "multiple": ["AB", "AC", "BD"], "truefalse": ["正确", "错误"]}


BACKOFF_FIRST, BACKOFF_CAP, RETRY_AFTER_CAP = 1.0, 30.0, 60.0


@dataclass
class Outcome:
    acks: list = field(default_factory=list)          # (attempt id, position, value, seq)
    sent: list = field(default_factory=list)          # the same, for every save sent
    statuses: Counter = field(default_factory=Counter)  # HTTP status (0: no answer) per try
    retries: int = 0
    submitted: int = 0
    gave_up: int = 0
    outage_bodies: list = field(default_factory=list)   # bodies of 503 answers, to read
    timeline: list = field(default_factory=list)        # (monotonic time, status) per try


@dataclass
class Plan:
    base: str
    exam_id: int
    candidates: int
    questions: int
    pause: float = 0.0          # seconds between a candidate's saves
    retry_for: float = 60.0     # how long a candidate keeps retrying one request
    revisit_every: int = 0      # then answer every n-th question again (a new value drawn)


def retryable(status: int) -> bool:
    """No answer, a timeout, too many requests, or the server in trouble: worth sending again."""
    return status in (0, 408, 429) or status >= 500


def backoff(failures: int, retry_after: float, rng: random.Random) -> float:
    """Full jitter up to a ceiling doubling per failure in a row; never before Retry-After."""
    ceiling = min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** (failures - 1))
    return max(min(retry_after, RETRY_AFTER_CAP), rng.uniform(0, ceiling))


def _retry_after(headers) -> float:
    value = (headers or {}).get("Retry-After", "")
    return float(value) if value.strip().isdigit() else 0.0


async def _try(outcome: Outcome, plan: Plan, request, rng: random.Random):
    """Call `request()` until it answers something not worth retrying, or time runs out."""
    deadline = time.monotonic() + plan.retry_for
    failures = 0
    while True:
        try:
            status, body, headers = await request()
        except Exception:
            status, body, headers = 0, None, None
        outcome.statuses[status] += 1
        outcome.timeline.append((time.monotonic(), status))
        if status == 503 and len(outcome.outage_bodies) < 3:
            outcome.outage_bodies.append(body)
        if not retryable(status):
            return status, body
        if time.monotonic() > deadline:
            outcome.gave_up += 1
            return status, body
        outcome.retries += 1
        failures += 1
        await asyncio.sleep(backoff(failures, _retry_after(headers), rng))


async def _form_token(http, url: str) -> str:
    async with http.get(url) as r:
        return TOKEN.search(await r.text()).group(1)


async def candidate(plan: Plan, n: int, outcome: Outcome) -> None:
    import aiohttp
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar,
                                     timeout=aiohttp.ClientTimeout(total=30)) as http:
        state = await _start(http, plan, n, outcome)
        if state is None:
            outcome.gave_up += 1
            return
        headers = {"X-Attempt-Token": state["token"]}
        rng = random.Random(n)
        items = state["items"][:plan.questions]
        if plan.revisit_every:
            items = items + items[::plan.revisit_every]
        for seq, item in enumerate(items, start=1):
            value = rng.choice(ANSWERS.get(item["type"], ["甲"]))
            await _save(http, plan, outcome, state, headers, item["position"], value, seq, rng)
            await asyncio.sleep(plan.pause)
        await _submit(http, plan, outcome, state, headers, rng)


async def _start(http, plan: Plan, n: int, outcome: Outcome):
    base = plan.base
    rng = random.Random(-n)

    async def login():
        token = await _form_token(http, f"{base}/login")
        async with http.post(f"{base}/login", allow_redirects=False, data={
                "username": f"c{n:04d}", "password": PASSWORD, "csrf_token": token}) as r:
            return r.status, None, r.headers

    async def start():
        token = await _form_token(http, f"{base}/exams/mine")
        async with http.post(f"{base}/exams/{plan.exam_id}/start",
                             data={"csrf_token": token}) as r:
            text = await r.text()
            match = STATE.search(text)
            return r.status, json.loads(match.group(1)) if match else None, r.headers

    status, _ = await _try(outcome, plan, login, rng)
    if status != 302:
        return None
    status, state = await _try(outcome, plan, start, rng)
    return state if status == 200 else None


async def _save(http, plan, outcome, state, headers, position, value, seq, rng) -> None:
    async def save():
        async with http.post(plan.base + state["urls"]["save"], headers=headers,
                             json={"q": position, "value": value, "seq": seq}) as r:
            text = await r.text()
            return r.status, text, r.headers

    record = (state["attempt"], position, value, seq)
    outcome.sent.append(record)
    status, text = await _try(outcome, plan, save, rng)
    if status == 200 and json.loads(text).get("seq") == seq:
        outcome.acks.append(record)


async def _submit(http, plan, outcome, state, headers, rng) -> None:
    async def submit():
        async with http.post(plan.base + state["urls"]["submit"], json={},
                             headers=headers) as r:
            return r.status, await r.text(), r.headers

    status, _ = await _try(outcome, plan, submit, rng)
    outcome.submitted += status == 200


async def run(plan: Plan, during=None) -> Outcome:
    """All candidates at once; `during(outcome)` (a coroutine) runs beside them."""
    outcome = Outcome()
    work = [candidate(plan, n, outcome) for n in range(1, plan.candidates + 1)]
    if during is not None:
        work.append(during(outcome))
    await asyncio.gather(*work)
    return outcome
