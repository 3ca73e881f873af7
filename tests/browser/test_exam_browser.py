"""A real headless Chromium takes an exam end to end against a real server (phone-sized).

Answers, reloads mid-exam (answers and clock intact), goes offline, answers,
comes back (the answers are saved), submits. Screenshots go to test-artifacts/.
"""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.browser.journeys import live_server, log_in, seed_open_exam, watch_csp

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (make system-deps)")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Secret123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free port, with its own SQLite database: an officer and an open exam."""
    with live_server(tmp_path_factory.mktemp("browser"), _seed) as running:
        yield running


def _seed() -> dict:
    from datetime import date

    from app.core import idcard
    seeded = seed_open_exam([("李明", "liming", idcard.make("360102", date(1985, 3, 1), 7))],
                            PASSWORD)
    return {"exam": seeded["exam"], "officer": seeded["officers"][0]}


def _answers(app, attempt_id: int) -> dict[int, str]:
    from app.exams.models import Answer
    from app.extensions import db
    with app.app_context():
        return {a.item.position: a.response for a in db.session.scalars(
            select(Answer).where(Answer.attempt_id == attempt_id))}


def _clock_seconds(page) -> int:
    text = page.inner_text("#clock")
    parts = [int(p) for p in text.split(":")]
    return parts[-1] + 60 * parts[-2] + (3600 * parts[0] if len(parts) == 3 else 0)


def _all_saved(page, timeout=15000):
    page.wait_for_function(
        "() => document.getElementById('save-status').dataset.pendingCount === '0'",
        timeout=timeout)     # a function, not an expression: the page's CSP forbids eval


def test_an_officer_takes_an_exam_on_a_phone(server):
    from playwright.sync_api import sync_playwright

    app, base, ids = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 375, "height": 740},
                                      device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
        refused = watch_csp(context)
        page = context.new_page()
        log_in(page, base, "liming", PASSWORD)
        page.goto(f"{base}/exams/mine")
        page.screenshot(path=str(ARTIFACTS / "exam-mine-375.png"), full_page=True)
        page.click("form[action$='/start'] button")
        page.wait_for_selector("#exam[data-ready='1']")
        attempt_id = int(re.search(r"/attempts/(\d+)", page.url).group(1))

        # Answer the first question (a single choice) and the first true/false.
        page.click("#item-1 .exam-option >> nth=1")
        tf = page.locator("li[data-type='truefalse']").first
        tf_position = int(tf.get_attribute("data-position"))
        tf.locator("label", has_text="正确").click()
        _all_saved(page)
        assert set(_answers(app, attempt_id)) == {1, tf_position}
        page.screenshot(path=str(ARTIFACTS / "exam-take-375.png"), full_page=False)

        # Reload mid-exam: the answers and the clock are intact.
        before = _clock_seconds(page)
        page.reload()
        page.wait_for_selector("#exam[data-ready='1']")
        assert page.is_checked("#item-1 .exam-option >> nth=1 >> input")
        assert tf.locator("input[value='正确']").is_checked()
        after = _clock_seconds(page)
        assert 0 <= before - after <= 10 and after > 40 * 60

        # Offline: keep answering; the page keeps the answers and says they are not sent.
        context.set_offline(True)
        fill = page.locator("li[data-type='fill']").first
        fill_position = int(fill.get_attribute("data-position"))
        fill.locator("input").first.fill("离线时填写")
        short = page.locator("li[data-type='short'] textarea")
        short.fill("网络断开时写下的简答")
        short_position = int(page.locator("li[data-type='short']").get_attribute("data-position"))
        page.wait_for_function(
            "() => Number(document.getElementById('save-status').dataset.pendingCount) >= 2")
        page.wait_for_timeout(1500)
        assert "网络中断" in page.inner_text("#save-status")
        page.screenshot(path=str(ARTIFACTS / "exam-offline-375.png"), full_page=False)
        assert fill_position not in _answers(app, attempt_id)

        # Back online: the kept answers are sent and saved.
        context.set_offline(False)
        _all_saved(page, timeout=20000)
        saved = _answers(app, attempt_id)
        assert saved[fill_position] == "离线时填写|"      # two blanks, the second empty
        assert saved[short_position] == "网络断开时写下的简答"

        # The session ends (logged out in another tab): the page says so and keeps saving.
        other = context.new_page()
        other.goto(f"{base}/")
        other.evaluate("document.querySelector(\"form[action$='/logout']\").submit()")
        other.wait_for_url(re.compile(r"/login"))
        page.evaluate("window.dispatchEvent(new Event('focus'))")
        page.wait_for_selector("#session-ended:not(.d-none)")
        assert "答案仍会保存" in page.inner_text("#session-ended")
        later = page.locator("li[data-type='truefalse']").nth(1)
        later_position = int(later.get_attribute("data-position"))
        later.locator("label", has_text="错误").click()
        _all_saved(page)
        assert _answers(app, attempt_id)[later_position] == "错误"
        page.screenshot(path=str(ARTIFACTS / "exam-session-ended-375.png"), full_page=False)
        other.fill("#username", "liming")           # back in, to see the result page after
        other.fill("#password", PASSWORD)
        with other.expect_navigation(timeout=15_000):
            other.click("button[type=submit]", no_wait_after=True)
        other.close(run_before_unload=False)

        # Desktop view of the same page, then submit.
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(ARTIFACTS / "exam-take-desktop.png"), full_page=False)
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#submit")
        page.wait_for_selector("#done-state")
        page.screenshot(path=str(ARTIFACTS / "exam-done-desktop.png"), full_page=True)
        browser.close()
    assert refused == [], "the Content-Security-Policy blocked something"

    from app.exams.models import Attempt
    from app.extensions import db
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.state, attempt.submitted_by) == ("submitted", "candidate")
        assert attempt.graded_at is not None
    assert len(_answers(app, attempt_id)) == 5
