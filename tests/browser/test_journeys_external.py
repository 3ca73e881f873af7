"""External training (issue #3): an officer submits a course taken elsewhere with its
certificate, HR approves it, and the officer's public-law hours grow by its hours; on a
desktop and on a phone."""
from datetime import timedelta

from tests.browser.journeys import Journey, figures, needs_chromium

pytestmark = needs_chromium
JOURNEY = "external"
HOURS = 6.5


def _officer_account(site, viewport: str) -> dict:
    """An on-post officer of the HR user's city with an account of their own for this run."""
    def make():
        from sqlalchemy import select

        from app.auth.models import User
        from app.auth.services import create_user
        from app.core import clock
        from app.core.actor import CLI
        from app.core.scoping import subtree_ids
        from app.extensions import db
        from app.people.models import Officer
        city = db.session.scalar(select(User).where(User.username == "hr")).unit
        taken = set(db.session.scalars(select(User.officer_id).where(
            User.officer_id.is_not(None))))
        officer = next(o for o in db.session.scalars(select(Officer).where(
            Officer.unit_id.in_(subtree_ids(city.path)), Officer.status == "active",
            Officer.on_post.is_(True)).order_by(Officer.id.desc())) if o.id not in taken)
        username = f"external-{viewport}"
        create_user(CLI, username=username, password=site.password, role="officer",
                    unit=officer.unit, officer=officer, display_name=officer.name)
        db.session.commit()
        return {"username": username, "name": officer.name, "today": clock.today()}
    return site.query(make)


def _public_law_hours(journey: Journey) -> float:
    page = journey.page
    journey.menu("我的培训")
    row = page.locator("div.d-flex.small").filter(has=page.get_by_text("公共法律知识",
                                                                        exact=True))
    return figures(row.locator("span").nth(1).inner_text())[0]


def test_officer_submits_external_training_and_hr_approves_it(site, journey, browser,
                                                                viewport, tmp_path):
    from playwright.sync_api import expect

    from tests.browser.journeys import VIEWPORTS

    who = _officer_account(site, viewport)
    title = f"外部培训：行政处罚法专题（{viewport}）"
    certificate = tmp_path / "结业证书.pdf"
    certificate.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = journey.page
    journey.login(who["username"], site.password)
    before = _public_law_hours(journey)

    # The officer fills the form by its labels and attaches the certificate.
    page.get_by_role("link", name="申报外部培训").click()
    page.get_by_label("培训名称").fill(title)
    page.get_by_label("举办单位").fill("江西省司法厅")
    page.get_by_label("培训类别").select_option(label="公共法律知识")
    day = (who["today"] - timedelta(days=3)).isoformat()
    page.get_by_label("开始日期").fill(day)
    page.get_by_label("结束日期").fill(day)
    page.get_by_label("学时").fill(str(HOURS))
    page.get_by_label("佐证材料（PDF、JPEG、PNG、XLSX、DOCX）").set_input_files(str(certificate))
    journey.step("1-form")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提交，等待人事科审核。")).to_be_visible()
    expect(page.get_by_text(title)).to_be_visible()
    journey.step("2-submitted")
    assert _public_law_hours(journey) == before     # nothing counts before HR approves

    # HR of the city finds it in the review list, with the certificate, and approves it.
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  **VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    try:
        hr = Journey(context.new_page(), site.base, JOURNEY, viewport)
        hr.login("hr", site.password)
        hr.menu("培训管理", group="培训")
        hr.page.get_by_role("link", name="外部培训审核").click()
        card = hr.page.locator(".card").filter(has=hr.page.get_by_text(title))
        expect(card.get_by_role("link", name="结业证书.pdf")).to_be_visible()
        hr.step("3-review")
        card.get_by_role("button", name="通过").click()
        expect(hr.page.get_by_text("已通过，学时已计入。")).to_be_visible()
        hr.step("4-approved")
    finally:
        context.close()

    # The officer's public-law hours now include it.
    page.reload()
    assert _public_law_hours(journey) == before + HOURS
    expect(page.get_by_text(title).first).to_be_visible()
    journey.step("5-hours")
