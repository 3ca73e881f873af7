"""What the legal section sees to end an exam early and to schedule publishing (issue 19
item 16); nothing is submitted here, the demo's exams are shared with the other journeys."""
from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "end-schedule"


def _exams(site) -> tuple[int, int]:
    def find():
        from sqlalchemy import select

        from app.core.models import utcnow
        from app.exams.models import Exam
        from app.extensions import db
        now = utcnow()
        open_exam = db.session.scalar(select(Exam.id).where(
            Exam.status == "scheduled", Exam.opens_at <= now, Exam.closes_at > now))
        closed = _closed_exam(db.session.get(Exam, open_exam), now)
        return open_exam, closed
    return site.query(find)


def test_the_end_early_confirmation_and_the_publishing_schedule(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    open_exam, closed = _exams(site)
    journey.login("legal", site.password)
    journey.go(f"/exams/{open_exam}")
    page.get_by_role("link", name="提前结束考试").click()
    expect(page.get_by_role("heading", name="提前结束考试", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="立即结束考试")).to_be_visible()
    expect(page.get_by_text("名考生正在作答")).to_be_visible()
    journey.step("1-end-confirm")
    journey.go(f"/results/exams/{closed}")
    expect(page.get_by_text("成绩待公布")).to_be_visible()
    expect(page.get_by_label("定时公布成绩")).to_be_visible()
    expect(page.get_by_role("button", name="设定定时公布")).to_be_visible()
    journey.step("2-results-schedule")


def _closed_exam(like, now) -> int:
    """A copy of an exam whose window closed an hour ago, results not yet published."""
    from datetime import timedelta

    from app.core.actor import CLI
    from app.exams import services
    from app.extensions import db
    exam = services.create_exam(CLI, services.ExamData(
        name=f"已结束待公布的考试{now:%H%M%S%f}", specialty=like.specialty, unit=like.unit,
        year=like.year, quarter=like.quarter, opens_at=now - timedelta(hours=3),
        closes_at=now - timedelta(hours=1), pass_mark=like.pass_mark,
        sections=[services.SectionData(s.qtype, s.count, s.points) for s in like.sections]))
    exam.status = "scheduled"
    db.session.commit()
    return exam.id
