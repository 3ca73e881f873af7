"""The exam page keeps every answer through a server in trouble (real Chromium, the real take.js,
a phone-sized page).

- PostgreSQL cut off for 10 s behind the TCP proxy the reliability tests use (gunicorn answers
  503): the officer keeps answering; once it is back every latest value is stored and the page
  says all are saved.
- A gateway answering 502, a rate limiter 429 with Retry-After, for 8 s: the same, and the
  retries back off instead of hammering.
- A value the server refuses as malformed: that question is named and highlighted, not sent
  again, and saved once answered again.
- A save held up on the way past the deadline: taken in the grace and said so, or too late and
  said so.
"""
import json
import os
import re
import time
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bench.acks import comparable, stored_answers
from bench.tcpproxy import Proxy
from tests.browser.journeys import ARTIFACTS, CHROMIUM, live_server, log_in, seed_open_exam
from tests.reliability.conftest import SERVER_PG, Gunicorn, on_postgres, seed_exam

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (make system-deps)")
PASSWORD = "Secret123"
OFFICERS = 7
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
TROUBLE_WORDS = {502: "服务器暂时不可用", 503: "服务器暂时不可用", 429: "请求过多"}


# ---- the site: SQLite in a thread (the gateway and deadline tests), officers k1..k6 --------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("retry"), _seed) as (app, base, seeded):
        seeded["url"] = app.config["SQLALCHEMY_DATABASE_URI"]
        seeded["free"] = count(1)
        yield app, base, seeded


def _seed() -> dict:
    from app.core import idcard
    people = [(f"考生{n}", f"k{n}", idcard.make("360102", date(1985, 3, n), n))
              for n in range(1, OFFICERS + 1)]
    return {"exam": seed_open_exam(people, PASSWORD)["exam"]}


def _officer(seeded) -> str:
    n = next(seeded["free"])
    assert n <= OFFICERS, "more tests than seeded officers"
    return f"k{n}"


# ---- PostgreSQL of its own, for the outage behind the proxy ------------------------------

@pytest.fixture
def pg_url():
    import psycopg
    name = f"{make_url(os.environ['TEST_DATABASE_URL']).database}_page"
    with psycopg.connect(SERVER_PG, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(SERVER_PG, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# ---- the officer at the page -------------------------------------------------------------

class Officer:
    """An officer answering on a phone; remembers the last value given to each question."""

    def __init__(self, browser, base: str, username: str, password: str) -> None:
        self.context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE)
        self.context.set_default_timeout(15_000)
        self.page = page = self.context.new_page()
        log_in(page, base, username, password)
        page.goto(f"{base}/exams/mine")
        page.click("form[action$='/start'] button")
        self.ready()
        self.attempt = int(re.search(r"/attempts/(\d+)", page.url).group(1))
        self.given: dict[int, object] = {}

    def ready(self) -> None:
        self.page.wait_for_selector("#exam[data-ready='1']")
        self.choices = {int(li.get_attribute("data-position")): (
            li.get_attribute("data-type"),
            [i.get_attribute("value") for i in li.locator("input").all()])
            for li in self.page.locator("li.exam-question").all()
            if li.get_attribute("data-type") in ("single", "multiple", "truefalse")}

    def choose(self, position: int, n: int) -> None:
        """Click the n-th option (round the list) of a choice question, as a finger does."""
        qtype, values = self.choices[position]
        letter = values[n % len(values)]
        self.page.click(f"label[for='q{position}-{letter}']")
        checked = self.page.eval_on_selector_all(
            f"#item-{position} input:checked", "els => els.map(e => e.value)")
        self.given[position] = comparable(qtype, "".join(checked))

    def status(self) -> str:
        return self.page.inner_text("#save-status")

    def waiting(self) -> int:
        return int(self.page.get_attribute("#save-status", "data-pending-count") or 0)

    def all_saved(self, timeout: float) -> None:
        self.page.wait_for_function(
            "() => { const s = document.getElementById('save-status');"
            " return s.dataset.pendingCount === '0' && s.textContent === s.dataset.saved; }",
            timeout=timeout)

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        for folder in (ARTIFACTS, Path("/tmp")):
            self.page.screenshot(path=str(folder / name), full_page=False)


def _stored(url: str, exam_id: int, attempt: int) -> dict[int, object]:
    return {p: value for (a, p), (value, _seq, _t) in stored_answers(url, exam_id).items()
            if a == attempt}


def _choice_positions(officer: Officer) -> list[int]:
    return sorted(officer.choices)


# ---- the tests ----------------------------------------------------------------------------

@pytest.mark.skipif(not on_postgres(),
                    reason="the proxy sits in front of PostgreSQL: runs in the PostgreSQL pass")
def test_answers_given_while_the_database_is_cut_off_are_all_stored(browser, pg_url):
    exam_id = seed_exam(pg_url, 1, 10)
    proxy = Proxy(("127.0.0.1", 5432))
    gunicorn = Gunicorn(make_url(pg_url).set(port=proxy.port).render_as_string(False), 1)
    officer = None
    try:
        officer = Officer(browser, gunicorn.base, "c0001", "Bench@2026")
        positions = _choice_positions(officer)
        for p in positions[:3]:
            officer.choose(p, 0)
        officer.all_saved(10_000)

        proxy.cut()
        cut_at = time.monotonic()
        officer.choose(positions[3], 1)
        officer.page.wait_for_function(
            "() => document.getElementById('save-status').dataset.trouble === 'server'")
        for n, p in enumerate(positions[4:8] + positions[:1] + positions[3:4]):
            officer.choose(p, n + 2)            # new answers, and earlier ones changed
            officer.page.wait_for_timeout(700)
        assert TROUBLE_WORDS[503] in officer.status() and officer.waiting() >= 5
        assert str(officer.waiting()) in officer.status()
        officer.screenshot("exam-outage-375.png")
        assert set(_stored(pg_url, exam_id, officer.attempt)) == set(positions[:3])
        officer.page.wait_for_timeout(max(0.0, cut_at + 10 - time.monotonic()) * 1000)
        proxy.restore()

        for p in positions[8:]:                 # the database is back: keep answering
            officer.choose(p, 3)
        officer.all_saved(40_000)
        assert officer.status() == "答案已全部保存"
        assert _stored(pg_url, exam_id, officer.attempt) == officer.given
        assert len(officer.given) == 10
    finally:
        if officer is not None:
            officer.context.close()
        gunicorn.stop()
        proxy.close()


@pytest.mark.parametrize("status", [502, 429])
def test_answers_outlast_a_gateway_answering_502_or_429(server, browser, status):
    app, base, seeded = server
    officer = Officer(browser, base, _officer(seeded), PASSWORD)
    positions = _choice_positions(officer)
    officer.choose(positions[0], 0)
    officer.choose(positions[1], 0)
    officer.all_saved(10_000)
    tries: list[float] = []
    trouble = {"on": True}

    def answer(route):
        if not trouble["on"]:
            route.continue_()
            return
        tries.append(time.monotonic())
        if status == 502:                        # nginx's own page, not the app's JSON
            route.fulfill(status=502, content_type="text/html",
                          body="<html><body><center><h1>502 Bad Gateway</h1></center></body></html>")
        else:                                    # the limiter, as the app answers a JSON client
            route.fulfill(status=429, content_type="application/json",
                          headers={"Retry-After": "2"},
                          body=json.dumps({"error": "操作过于频繁，请稍后再试。"}))

    officer.page.route("**/answers", answer)
    began = time.monotonic()
    for n, p in enumerate(positions[2:6] + positions[:1]):
        officer.choose(p, n + 1)
        officer.page.wait_for_timeout(600)
    officer.page.wait_for_function(
        "() => document.getElementById('save-status').dataset.trouble !== ''")
    assert TROUBLE_WORDS[status] in officer.status() and officer.waiting() == 5
    officer.screenshot(f"exam-{status}-375.png")
    officer.page.wait_for_timeout(max(0.0, began + 8 - time.monotonic()) * 1000)
    trouble["on"] = False

    officer.all_saved(40_000)
    assert _stored(seeded["url"], seeded["exam"], officer.attempt) == officer.given
    # Backed off: a handful of tries in 8 s, not one per change or a tight loop; at least
    # Retry-After apart when the server says so.
    assert 2 <= len(tries) <= 8, tries
    if status == 429:
        assert all(b - a >= 1.9 for a, b in zip(tries, tries[1:], strict=False)), tries
    officer.context.close()


def test_submitting_waits_for_unsent_answers_and_asks_before_giving_them_up(server, browser):
    app, base, seeded = server
    officer = Officer(browser, base, _officer(seeded), PASSWORD)
    trouble = {"on": True}

    def answer(route):
        if trouble["on"]:
            route.fulfill(status=503, content_type="application/json", headers={"Retry-After": "1"},
                          body=json.dumps({"ok": False, "error": "数据库暂时不可用"}))
        else:
            route.continue_()

    officer.page.route("**/answers", answer)
    p = _choice_positions(officer)[0]
    officer.choose(p, 2)
    officer.page.wait_for_function(
        "() => document.getElementById('save-status').dataset.trouble === 'server'")
    asked = []

    def dialog(d):
        asked.append(d.message)
        d.accept() if len(asked) == 1 else d.dismiss()   # submit; then keep trying

    officer.page.on("dialog", dialog)
    officer.page.click("#submit")
    officer.page.wait_for_function("() => document.getElementById('submit').disabled === false",
                                   timeout=20_000)
    assert "1 个答案尚未保存到服务器" in asked[0]
    assert len(asked) == 2 and "仍有 1 个答案未能保存" in asked[1]
    assert officer.waiting() == 1 and "/attempts/" in officer.page.url   # not submitted

    trouble["on"] = False
    officer.all_saved(20_000)
    asked.clear()
    officer.page.click("#submit")
    officer.page.wait_for_selector("#done-state")
    assert len(asked) == 1 and "尚未保存" not in asked[0]
    assert _stored(seeded["url"], seeded["exam"], officer.attempt) == officer.given
    officer.context.close()


def test_a_value_refused_as_malformed_is_named_and_asked_again(server, browser):
    app, base, seeded = server
    officer = Officer(browser, base, _officer(seeded), PASSWORD)
    bad, good = _choice_positions(officer)[:2]
    refused = []

    def answer(route):
        if route.request.post_data_json["q"] == bad and not refused:
            refused.append(route.request.post_data_json)
            route.fulfill(status=422, content_type="application/json",
                          body=json.dumps({"ok": False, "error": "答案不在选项范围内"}))
        else:
            route.continue_()

    officer.page.route("**/answers", answer)
    officer.choose(bad, 0)
    officer.choose(good, 1)
    item = officer.page.locator(f"#item-{bad}")
    item.locator("[role=alert]", has_text=f"第 {bad} 题未保存").wait_for()
    assert "exam-rejected" in item.get_attribute("class")
    assert "答案不在选项范围内" in item.inner_text() and "请重新作答" in item.inner_text()
    officer.page.wait_for_function("() => document.getElementById('save-status').dataset"
                                   ".pendingCount === '0'")
    assert f"第 {bad} 题未保存" in officer.status()
    officer.page.wait_for_timeout(1500)
    assert len(refused) == 1                     # dropped, never sent again
    assert _stored(seeded["url"], seeded["exam"], officer.attempt) == {good: officer.given[good]}

    officer.choose(bad, 1)                       # answered again: saved, highlight gone
    officer.all_saved(10_000)
    assert "exam-rejected" not in item.get_attribute("class")
    assert item.locator("[role=alert]").count() == 0
    assert _stored(seeded["url"], seeded["exam"], officer.attempt) == officer.given
    officer.context.close()


@pytest.mark.parametrize("held_past, kind, words", [
    (1.0, "saved", "宽限期内送达服务器，已保存"),
    (5.0, "lost", "已超过截止时间（含 3 秒宽限期），未保存"),
])
def test_a_save_held_up_past_the_deadline_is_reported(server, browser, held_past, kind, words):
    """Given 4 s before the deadline, held on the way until after it: the grace decides."""
    from app.exams.models import Attempt
    from app.extensions import db

    app, base, seeded = server
    officer = Officer(browser, base, _officer(seeded), PASSWORD)
    deadline = time.time() + 7
    with app.app_context():
        attempt = db.session.get(Attempt, officer.attempt)
        attempt.deadline_at = datetime.fromtimestamp(deadline, UTC).replace(tzinfo=None)
        db.session.commit()
    officer.page.reload()
    officer.ready()
    held = []

    def answer(route):
        if held:                     # only the first is held up; any later goes through
            route.continue_()
        else:
            held.append(route)

    officer.page.route("**/answers", answer)
    p = _choice_positions(officer)[0]
    officer.page.wait_for_timeout(max(0.0, deadline - 4 - time.time()) * 1000)
    officer.choose(p, 1)
    while not held:
        officer.page.wait_for_timeout(100)
    officer.page.wait_for_timeout(max(0.0, deadline + held_past - time.time()) * 1000)
    held[0].continue_()

    report = officer.page.locator(f"#exam-report [data-kind={kind}]")
    report.wait_for(timeout=15_000)
    assert f"第 {p} 题" in report.inner_text() and words in report.inner_text()
    officer.screenshot(f"exam-deadline-{kind}-375.png")
    stored = _stored(seeded["url"], seeded["exam"], officer.attempt)
    assert stored == ({p: officer.given[p]} if kind == "saved" else {})
    with app.app_context():
        assert db.session.get(Attempt, officer.attempt).state == "submitted"
    officer.context.close()
