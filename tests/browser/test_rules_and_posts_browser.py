"""Issue 17 items 1 and 5 in the browser, on a desktop and on a phone: the legal section reads
and signs the 本系统规则 page, a leader reads it; HR moves an officer off the enforcement
post with the first day off, and the officer's page lists the post periods."""
import re

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "rules"


def test_legal_reads_and_signs_the_rules_page(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("legal", site.password)
    journey.menu("本系统规则", "系统")
    expect(page.get_by_role("heading", name="本系统规则", exact=True)).to_be_visible()
    rule = page.locator("#rule-proration")
    expect(rule).to_contain_text("年度学时要求按在岗整月数折算")
    expect(rule.locator(".rule-source")).to_have_text("本系统规则")
    expect(page.locator("#rule-political .rule-source")).to_contain_text("在完成政治理論教育")
    signoff = page.locator(".rules-signoff")
    if signoff.locator(".signoff-needed").count():     # the other viewport may have signed
        journey.step("1-unsigned")
        signoff.get_by_label("备注（可不填）").fill("已逐条核对")
        signoff.get_by_role("button", name="签署本版本").click()
        expect(page.locator(".alert")).to_contain_text("本系统规则已签署")
    expect(signoff.locator(".signoff-current")).to_contain_text(re.compile(r"已于 .* 签署确认"))
    journey.step("2-signed")


def test_leader_reads_the_rules_without_signing(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("leader", site.password)
    journey.go("/rules/")
    from app.system_rules.text import RULES
    expect(page.locator("section.rule")).to_have_count(len(RULES))
    expect(page.get_by_role("button", name="签署本版本")).to_have_count(0)
    journey.step("3-leader")


def _enforcing_officer(site, viewport: str) -> int:
    def find():
        from sqlalchemy import select

        from app.auth.models import User
        from app.core.scoping import subtree_ids
        from app.extensions import db
        from app.people.models import Officer

        city = db.session.scalar(select(User).where(User.username == "hr")).unit
        ids = db.session.scalars(select(Officer.id).where(
            Officer.unit_id.in_(subtree_ids(city.path)), Officer.on_post.is_(True),
            Officer.status == "active", Officer.name.not_like("%调岗%"))
            .order_by(Officer.id.desc()).limit(2)).all()
        return ids[0 if viewport == "desktop" else 1]
    return site.query(find)


def test_hr_moves_an_officer_off_the_post(site, journey, viewport):
    from playwright.sync_api import expect

    page = journey.page
    officer_id = _enforcing_officer(site, viewport)
    journey.login("hr", site.password)
    journey.go(f"/officers/{officer_id}/edit")
    page.get_by_label("执法岗位", exact=True).uncheck()
    page.get_by_label("离开执法岗位日期").fill("2026-07-01")
    journey.step("4-edit")
    page.get_by_role("button", name="保存").click()
    periods = page.locator(".post-periods")
    expect(periods).to_contain_text(re.compile(r"— 2026-07-01"))
    journey.step("5-periods")
