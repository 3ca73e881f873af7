"""An officer's journey (issue #11): log in, open the exam list, take the exam and submit it,
then read the own training hours and the own record, on a desktop and on a phone."""
import re

from tests.browser.journeys import figures, needs_chromium

pytestmark = needs_chromium
JOURNEY = "officer"


def _expected_hours(site, officer_id: int) -> dict:
    """This year's hours by category, summed straight from the attendance rows."""
    def read():
        from sqlalchemy import func, select

        from app.core import clock
        from app.extensions import db
        from app.people.models import Officer
        from app.training.models import Attendance
        from app.training.rules import floors_for
        year = clock.today().year
        rows = db.session.execute(select(Attendance.category, func.sum(Attendance.hours)).where(
            Attendance.officer_id == officer_id, Attendance.year == year)
            .group_by(Attendance.category)).all()
        hours = {category: float(total) for category, total in rows}
        sessions = db.session.scalar(select(func.count()).select_from(Attendance).where(
            Attendance.officer_id == officer_id, Attendance.year == year))
        officer = db.session.get(Officer, officer_id)
        return {"public_law": hours.get("public_law", 0.0), "business": hours.get("business", 0.0),
                "sessions": sessions, "name": officer.name, "unit": officer.unit.name,
                "floor_total": float(floors_for(year).total)}
    return site.query(read)


def _attempt_state(site, officer_id: int, exam_name: str):
    def read():
        from sqlalchemy import select

        from app.exams.models import Attempt, Exam, ExamCandidate
        from app.extensions import db
        return db.session.execute(select(Attempt.state, Attempt.submitted_by).join(
            ExamCandidate, Attempt.candidate_id == ExamCandidate.id).join(Exam).where(
            ExamCandidate.officer_id == officer_id, Exam.name == exam_name)).one_or_none()
    return site.query(read)


def test_officer_takes_the_exam_and_reads_own_hours_and_record(site, journey, viewport):
    from playwright.sync_api import expect

    page, facts = journey.page, site.facts[viewport]
    expected = _expected_hours(site, facts["officer_id"])
    journey.login(facts["officer_login"], site.password)
    journey.step("1-home")

    # The exam list: the open exam with its start button.
    journey.menu("我的考试")
    expect(page.get_by_role("heading", name="我的考试")).to_be_visible()
    card = page.locator(".card").filter(has=page.get_by_role("heading", name=facts["exam"]))
    start = card.get_by_role("button", name="开始考试")
    expect(start).to_be_visible()
    journey.step("2-exams")

    # Take it: answer every question, wait until every answer is saved, submit.
    start.click()
    expect(page.locator("#exam")).to_have_attribute("data-ready", "1")
    questions = page.locator("#questions > li")
    total = questions.count()
    assert total > 0
    for n in range(total):
        questions.nth(n).locator(".exam-option label").first.click()
    expect(page.locator("#progress")).to_contain_text(f"已答 {total} / {total}")
    expect(page.locator("#save-status")).to_have_attribute("data-pending-count", "0")
    expect(page.locator("#save-status")).to_have_text("答案已全部保存")
    page.evaluate("window.scrollTo(0, 0)")   # the sticky clock bar at the top of the shot
    journey.step("3-answered")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#done-state")).to_contain_text("已交卷")
    expect(page.get_by_text(f"已答 {total} 题")).to_be_visible()
    journey.step("4-submitted")
    assert _attempt_state(site, facts["officer_id"], facts["exam"]) == ("submitted", "candidate")

    # Back on the list the exam shows as submitted, with no way to start it again.
    journey.menu("我的考试")
    expect(card.get_by_text("已交卷", exact=True)).to_be_visible()
    expect(card.get_by_role("button", name="开始考试")).to_have_count(0)
    journey.step("5-exams-after")

    # My training: the hours by category against the floors, and the sessions.
    journey.menu("我的培训")
    expect(page.get_by_role("heading", name=f"培训学时 · {expected['name']}")).to_be_visible()
    public_law = expected["public_law"]
    business = expected["business"]
    assert figures(_bar_figures(page, "公共法律知识"))[0] == public_law
    assert figures(_bar_figures(page, "业务知识和行政执法技能"))[0] == business
    shown_total, shown_floor = figures(_bar_figures(page, "合计（以上两类）"))[:2]
    assert (shown_total, shown_floor) == (public_law + business, expected["floor_total"])
    sessions = page.locator("table tbody tr")
    expect(sessions).to_have_count(max(expected["sessions"], 1))
    if public_law + business >= expected["floor_total"]:
        expect(page.get_by_text("本年度学时已达标。")).to_be_visible()
    else:
        expect(page.get_by_text(re.compile(r"尚差 [\d.]+ 学时。"))).to_be_visible()
    journey.step("6-my-training")

    # My record: own name and unit.
    journey.menu("我的档案")
    expect(page.get_by_role("heading", name=expected["name"], exact=True)).to_be_visible()
    expect(page.get_by_text(expected["unit"]).first).to_be_visible()
    journey.step("7-my-record")


def _bar_figures(page, label: str) -> str:
    """The 'hours / floor' text next to a progress bar's label."""
    row = page.locator("div.d-flex.small").filter(has=page.get_by_text(label, exact=True))
    return row.locator("span").nth(1).inner_text()
