"""Issue 17 items 4, 8 and 10 on a desktop and a phone: the legal section sets the year's
political-theory floor and sees it beside the 60, defines the assessment scheme, reads the
yearly report; a unit leader confirms a grade (another than proposed only with a reason)."""
import re

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "assessment"


def test_legal_sets_the_political_floor_and_sees_it_beside_the_60(site, journey):
    from playwright.sync_api import expect

    from app.core import clock

    page, year = journey.page, clock.today().year
    journey.login("legal", site.password)
    journey.go(f"/training/policy/political?year={year}")
    page.get_by_label(re.compile("政治理论教育和党性教育学时不少于")).fill("4")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("政治理论学时要求已保存。")).to_be_visible()
    expect(page.locator("#political-floors")).to_contain_text(str(year))
    journey.step("1-political-floor")
    journey.go(f"/training/compliance?year={year}")
    expect(page.get_by_text(re.compile(r"须首先完成政治理论教育和党性教育：本年度至少 4"))).to_be_visible()
    expect(page.locator("tbody").get_by_text(re.compile("政治理论(已|未)完成")).first).to_be_visible()
    journey.step("2-compliance-political")


def test_legal_defines_the_scheme(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("legal", site.password)
    journey.menu("年度考核", "培训")
    expect(page.get_by_role("heading", name=re.compile("年度考核"))).to_be_visible()
    page.get_by_role("link", name="考核方案").click()
    expect(page.get_by_role("heading", name=re.compile("考核方案"))).to_be_visible()
    row = page.locator("#scheme-indicators tbody tr").nth(5)
    row.locator("select").select_option(label="单位评分")
    row.locator("input").nth(0).fill("工作实绩")
    row.locator("input").nth(1).fill("20")
    row.locator("input").nth(2).fill("合格")
    journey.step("3-scheme")
    page.get_by_role("button", name="保存考核方案").click()
    expect(page.get_by_text("考核方案已保存。")).to_be_visible()
    expect(page.locator("#scheme-indicators tbody tr").nth(5).locator("input").first
           ).to_have_value("工作实绩")


def test_leader_confirms_a_grade_with_a_reason(site, journey, viewport):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("leader", site.password)
    journey.menu("年度考核", "培训")
    sheet = page.locator("#assessment-sheet tbody tr")
    expect(sheet.first).to_be_visible()
    journey.step("4-sheet")
    waiting = sheet.filter(has_text="待确认").first
    name = waiting.locator("td").first.inner_text().strip()
    waiting.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile(re.escape(name)))).to_be_visible()
    proposed = page.locator("#proposed-grade").inner_text().strip()
    other = "不合格" if proposed != "不合格" else "优秀"
    page.get_by_label(re.compile("^等次")).select_option(other)
    page.get_by_role("button", name="确认等次").click()
    expect(page.get_by_text("确认的等次与系统建议不同，请填写理由")).to_be_visible()
    page.get_by_label(re.compile("^理由")).fill("年度内受到通报批评")
    page.get_by_role("button", name="确认等次").click()
    expect(page.get_by_text("考核等次已确认。")).to_be_visible()
    expect(page.locator("#decision")).to_contain_text(other)
    expect(page.locator("#decision")).to_contain_text("年度内受到通报批评")
    journey.step("5-confirmed")


def test_legal_reads_the_yearly_report(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("legal", site.password)
    journey.menu("年度报告", "培训")
    expect(page.get_by_role("heading", name=re.compile("年度报告"))).to_be_visible()
    expect(page.locator("table.annual-training tbody tr").last).to_contain_text("合计")
    journey.step("6-annual")
    with page.expect_download() as download:
        page.get_by_role("link", name="年度报告（PDF，签字盖章用）").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_officer_sees_political_theory_beside_the_60(site, journey, viewport):
    from playwright.sync_api import expect

    def floor_of_4():
        from decimal import Decimal

        from app.core import clock
        from app.core.actor import CLI
        from app.extensions import db
        from app.training.services import set_political_floor
        set_political_floor(CLI, clock.today().year, Decimal(4))   # as the legal journey does
        db.session.commit()

    site.query(floor_of_4)
    page = journey.page
    journey.login(site.facts[viewport]["officer_login"], site.password)
    journey.go("/training/me")
    expect(page.locator("#political-theory")).to_contain_text(re.compile("本年度应完成：4"))
    expect(page.locator("#political-theory").get_by_text(re.compile("政治理论(已|未)完成"))
           ).to_be_visible()
    journey.step("7-my-hours")
