"""Results (issue #6): the legal section reads a published exam's results and prints the
score sheet; an officer reads their score and the paper review; on a desktop and a phone."""
from tests.browser.journeys import figures, needs_chromium

pytestmark = needs_chromium
JOURNEY = "results"


def _published(site, viewport: str) -> dict:
    """The demo's published exam, and an account for one of its candidates who sat it."""
    def find():
        from sqlalchemy import select

        from app.auth.models import User
        from app.auth.services import create_user
        from app.core.actor import CLI
        from app.exams.models import Attempt, Exam
        from app.extensions import db
        exam = db.session.scalar(select(Exam).where(Exam.results_published_at.is_not(None))
                                 .order_by(Exam.id))
        assert exam is not None, "the demo has no published exam"
        taken = set(db.session.scalars(select(User.officer_id).where(
            User.officer_id.is_not(None))))
        attempt = next(a for a in db.session.scalars(select(Attempt).where(
            Attempt.exam_id == exam.id, Attempt.state == "submitted",
            Attempt.passed.is_not(None)).order_by(Attempt.id)) if a.officer_id not in taken)
        username = f"results-{viewport}"
        create_user(CLI, username=username, password=site.password, role="officer",
                    unit=attempt.officer.unit, officer=attempt.officer,
                    display_name=attempt.officer.name)
        db.session.commit()
        return {"exam": exam.name, "exam_id": exam.id, "username": username,
                "score": float(attempt.score), "passed": attempt.passed}
    return site.query(find)


def test_legal_reads_results_and_officer_reads_the_review(site, journey, browser, viewport):
    from playwright.sync_api import expect

    from tests.browser.journeys import VIEWPORTS, Journey

    facts = _published(site, viewport)
    page = journey.page

    # The legal section: the results list, the exam's figures and chart, the score sheet.
    journey.login("legal", site.password)
    journey.menu("考试成绩", group="考试")
    page.get_by_role("link", name=facts["exam"]).click()
    expect(page.get_by_role("heading", name=facts["exam"])).to_be_visible()
    expect(page.get_by_text("成绩分布")).to_be_visible()
    expect(page.locator("canvas").first).to_be_visible()
    journey.step("1-exam-results")
    # The sheet opens in the browser's PDF viewer: fetch it with the same session instead.
    href = page.get_by_role("link", name="成绩单（PDF）").get_attribute("href")
    sheet = page.context.request.get(site.base + href)
    assert sheet.ok and sheet.body()[:5] == b"%PDF-"

    # The officer: the score on 我的成绩, then the review with the correct answers.
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  **VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    try:
        officer = Journey(context.new_page(), site.base, JOURNEY, viewport)
        officer.login(facts["username"], site.password)
        officer.menu("我的成绩", group="成绩与练习")
        row = officer.page.locator("tr").filter(has=officer.page.get_by_text(facts["exam"]))
        expect(row.get_by_text("及格" if facts["passed"] else "不及格", exact=True)).to_be_visible()
        assert figures(row.locator("td.fw-bold").inner_text()) == [facts["score"]]
        officer.step("2-my-results")
        row.get_by_role("link", name="答卷回顾").click()
        expect(officer.page.get_by_role("heading", name="答卷回顾")).to_be_visible()
        expect(officer.page.get_by_text("正确答案").first).to_be_visible()
        assert figures(officer.page.locator("#score").inner_text()) == [facts["score"]]
        officer.step("3-review")
    finally:
        context.close()
