"""An officer studies an online course on a phone: the mp4 plays (served with range requests),
the server's study clock runs 60× faster so that the chapters' minimum time is reached in
seconds, the quiz is passed, and the hours are found in the training record and the archive PDF.

The site runs in a thread with its own small seed (one city, one county, one officer, a law
with questions), not the demo province: this test is about one course."""
import re
import subprocess
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.journeys import (
    ARTIFACTS,
    CHROMIUM,
    PHONE,
    VIEWPORTS,
    live_server,
    needs_chromium,
    watch_csp,
)

pytestmark = needs_chromium
MP4 = Path(__file__).resolve().parents[1] / "learning" / "fixtures" / "tiny.mp4"
PASSWORD = "Study@2026x"
SPEED = 60          # server seconds per real second
TITLE = "反不正当竞争法（2025修订）在线课程"


def _seed() -> dict:
    from app.auth.services import create_user
    from app.core import clock
    from app.core.actor import CLI
    from app.extensions import db
    from app.learning import media, services
    from app.org.models import Unit
    from app.people.models import Officer
    from tests.conftest import id_number
    from tests.learning.test_pages import law_with_questions

    city = Unit(code="360100", name="南昌市市场监督管理局", kind="设区市局")
    db.session.add(city)
    db.session.flush()
    city.refresh_path()
    county = Unit(code="360102", name="东湖区市场监督管理局", kind="县区局", parent=city)
    db.session.add(county)
    db.session.flush()
    county.refresh_path()
    officer = Officer(name="孙学习", unit=county, id_number=id_number(77))
    db.session.add(officer)
    db.session.flush()
    create_user(CLI, username="learner", password=PASSWORD, role="officer", unit=county,
                officer=officer, display_name="孙学习")
    law = law_with_questions(db, "反不正当竞争法", 3)
    today = clock.today()
    course = services.create_course(
        CLI, title=TITLE, category="public_law", hours=Decimal("2"), unit=city,
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=30),
        law_ids=[law.id], quiz_size=2)
    with open(MP4, "rb") as f:
        stored = media.save(f, "video")
    services.add_chapter(CLI, course, title="第一讲 视频", kind="video", min_minutes=2,
                         stored_name=stored, original_name="tiny.mp4")
    services.add_chapter(CLI, course, title="第二讲 条文解读", kind="text", min_minutes=1,
                         body="第一条 为了促进社会主义市场经济健康发展……")
    services.publish(CLI, course)
    db.session.commit()
    return {"course_id": course.id}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from app.learning import timing

    real = timing.now
    with live_server(tmp_path_factory.mktemp("online"), _seed) as (app, base, facts):
        app.config["LEARNING_PAGE_BEAT_MS"] = 500          # 0.5 s real = 30 s server
        start = datetime.utcnow()
        timing.now = lambda: start + (datetime.utcnow() - start) * SPEED
        try:
            yield app, base, facts
        finally:
            timing.now = real


@pytest.fixture(scope="module")
def page(site):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required"])
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  **VIEWPORTS[PHONE])
    refused = watch_csp(context)
    yield context.new_page()
    assert not refused, refused
    context.close()
    browser.close()
    playwright.stop()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"online-phone-{name}.png"), full_page=True)


def test_an_officer_studies_a_course_on_a_phone(site, page):
    from playwright.sync_api import expect

    _app, base, facts = site
    page.goto(base + "/login")
    page.get_by_label("用户名").fill("learner")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login"))

    page.goto(base + "/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.get_by_role("link", name=TITLE).first.click()
    page.locator("#resume").click()

    # The video plays; the server counts 2 minutes (4 beats of 30 server-seconds).
    video = page.locator("#player")
    expect(video).to_be_visible()
    page.wait_for_function("() => document.getElementById('player').readyState >= 2")
    page.evaluate("() => document.getElementById('player').play()")
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.5")
    page.wait_for_function("() => document.getElementById('study').dataset.complete === '1'",
                           timeout=30_000)
    assert page.evaluate("() => document.getElementById('player').currentTime") > 0.5
    expect(page.locator("#study-state")).to_contain_text("本章已完成")
    shot(page, "video")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 376

    # Reload: the page resumes where the video was.
    page.evaluate("() => document.getElementById('player').pause()")
    page.wait_for_timeout(700)
    page.reload()
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.5")

    page.get_by_role("link", name="下一章").click()
    page.wait_for_function("() => document.getElementById('study').dataset.complete === '1'",
                           timeout=30_000)
    shot(page, "text")
    # After 15 counted minutes (15 s here) the server asks "仍在学习吗" and stops counting.
    expect(page.locator("#presence")).to_be_visible(timeout=40_000)
    counted = page.evaluate("() => Number(document.getElementById('study').dataset.seconds)")
    page.wait_for_timeout(1500)
    assert page.evaluate("() => Number(document.getElementById('study').dataset.seconds)") \
        == counted
    shot(page, "presence")
    page.get_by_role("button", name="是的，仍在学习").click()
    expect(page.locator("#presence")).to_be_hidden()
    page.wait_for_function(f"() => Number(document.getElementById('study').dataset.seconds)"
                           f" > {counted}")
    page.get_by_role("link", name="返回课程").click()
    page.locator("#quiz").click()
    for legend in page.locator("fieldset").all():
        legend.get_by_label("正确").check()
    shot(page, "quiz")
    page.get_by_role("button", name="提交测验").click()
    expect(page.locator("#course-done")).to_be_visible()
    expect(page.get_by_text("结业测验通过")).to_be_visible()
    shot(page, "done")

    page.goto(base + "/training/me")
    expect(page.get_by_text(TITLE).first).to_be_visible()
    pdf = page.request.get(base + "/training/me/archive.pdf")
    assert pdf.ok
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.body(), capture_output=True,
                          check=True).stdout.decode()
    text = "".join(text.split())          # table cells wrap their text
    assert "反不正当竞争法" in text and "在线学习记录" in text and "服务器计时有效学习" in text
    (ARTIFACTS / "online-archive.pdf").write_bytes(pdf.body())
