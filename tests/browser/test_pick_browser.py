"""HR picks a unit's officers on post as attendees of a session (issue 19 item 5)."""
from tests.browser.journeys import DESKTOP, needs_chromium

pytestmark = needs_chromium
JOURNEY = "pick-attendees"


def _session_and_unit(site, viewport) -> tuple[int, int, int]:
    """A new session, and a unit of the HR's city with officers on post (one per viewport)."""
    def make():
        from datetime import date
        from decimal import Decimal

        from sqlalchemy import func, select

        from app.core.scoping import Scope, subtree_ids
        from app.extensions import db
        from app.org.models import Unit
        from app.people.models import Officer
        from app.training.models import TrainingSession
        from app.training.queries import officers_on_post_of
        city = db.session.get(Unit, site.facts[viewport]["city_id"])
        units = list(db.session.scalars(
            select(Officer.unit_id).where(Officer.unit_id.in_(subtree_ids(city.path)),
                                          Officer.status == "active", Officer.on_post.is_(True))
            .group_by(Officer.unit_id).having(func.count() >= 1).order_by(Officer.unit_id)))
        unit = db.session.get(Unit, units[0 if viewport == DESKTOP else 1])
        session = TrainingSession(title=f"按单位登记参训（{viewport}）", category="public_law",
                                  unit=city, start_date=date(2026, 3, 10),
                                  end_date=date(2026, 3, 10), year=2026, hours=Decimal(3),
                                  mode="offline", study_format="专题培训", content="")
        db.session.add(session)
        db.session.commit()
        return session.id, unit.id, len(officers_on_post_of(Scope(unit_path=city.path), unit.id))
    return site.query(make)


def test_hr_adds_a_whole_unit_by_check_boxes(site, journey, viewport):
    from playwright.sync_api import expect

    page = journey.page
    session_id, unit_id, on_post = _session_and_unit(site, viewport)
    assert on_post > 0
    journey.login("hr", site.password)
    journey.go(f"/training/sessions/{session_id}")
    page.get_by_label("整个单位").select_option(str(unit_id))
    page.get_by_role("button", name="列出在岗执法人员").click()
    boxes = page.locator("#picked input[name=officer_id]")
    expect(boxes).to_have_count(on_post)
    expect(page.locator("#picked input[name=officer_id]:checked")).to_have_count(on_post)
    journey.step("1-unit-listed")
    if on_post > 1:
        boxes.first.uncheck()                       # one was absent
    page.get_by_role("button", name="添加所选人员").click()
    added = on_post - 1 if on_post > 1 else on_post
    expect(page.get_by_role("alert")).to_contain_text(f"已添加参训人员 {added} 人")
    expect(page.get_by_role("heading", name=f"参训人数 ({added})")).to_be_visible()
    if viewport == DESKTOP:
        expect(page.locator("table tbody tr td.text-end").first).to_have_text("3.0")
    journey.step("2-added")
