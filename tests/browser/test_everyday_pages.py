"""What a person sees on the pages issue 19 changed (items 4, 7, 8, 10, 14, 17, 21), on a
desktop and on a phone: the audit log in Chinese, practice closed with its reopening time,
the candidate notification, the cancellation asking for the count, the hours card naming the
short category, HR's links to an officer's hours, the specialties column, the job list."""
import re

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "everyday"


def _report_waiting(site) -> int:
    """A cancellation report of the legal section's city, sent, waiting for the 注销 (made once;
    a county the other journeys do not clear)."""
    def make():
        from sqlalchemy import select

        from app.auth.models import User
        from app.certificates import clearance
        from app.certificates.models import ClearanceReport
        from app.core import clock
        from app.core.actor import CLI
        from app.extensions import db
        from app.org.models import Unit

        found = db.session.scalar(select(ClearanceReport.id).where(
            ClearanceReport.sent_on.is_not(None), ClearanceReport.completed_on.is_(None)))
        if found:
            return found
        city = db.session.scalar(select(User).where(User.username == "legal")).unit
        theirs = {f["county_id"] for f in site.facts.values()}    # the legal journey's
        counties = db.session.scalars(select(Unit).where(
            Unit.parent_id == city.id, Unit.kind == "县区局", Unit.id.not_in(theirs))
            .order_by(Unit.code.desc()))
        for county in counties:
            try:
                report = clearance.create_report(CLI, county, "南昌市司法局")
            except clearance.services.CertificateError:     # nobody waiting there
                continue
            break
        clearance.mark_sent(CLI, report, clock.today(), "洪市监法〔2026〕9号")
        db.session.commit()
        return report.id
    return site.query(make)


def test_admin_reads_the_audit_log_in_chinese(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("admin", site.password)
    journey.go("/admin/audit")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    body = page.locator("table tbody")
    expect(body).to_contain_text("修改执法人员信息")
    expect(body).to_contain_text("状态：在岗 → 辞职")
    assert not re.search(r"\b[a-z_]+\.[a-z_.]+\b", body.inner_text()), "an action code shows"
    journey.step("1-audit")
    page.get_by_label("操作", exact=True).select_option(label="修改执法人员信息")
    page.get_by_role("button", name="筛选").click()
    expect(body.locator("tr").first).to_contain_text("修改执法人员信息")
    journey.step("2-audit-filtered")
    journey.go("/specialties/")
    expect(page.locator("thead")).to_contain_text("类别名称")
    journey.step("3-specialties")


def test_officer_sees_when_practice_reopens_and_what_is_short(site, journey, viewport):
    from playwright.sync_api import expect

    page, facts = journey.page, site.facts[viewport]
    journey.login(facts["officer_login"], site.password)
    card = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile("学时")))
    expect(card.locator(".alert")).to_have_text(
        re.compile(r"(公共法律知识|业务知识和行政执法技能|两类合计)尚差 [\d.]+ 学时|本年度学时已达标"))
    journey.step("4-home")
    journey.go("/results/practice")
    expect(page.get_by_text(re.compile(r"交卷后即可使用，最迟于 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）重新开放"))
           ).to_be_visible()
    journey.step("5-practice-locked")
    journey.go("/notifications/")
    if facts["officer_login"] == "officer":     # officer2's account came after the exam
        expect(page.get_by_text(re.compile(f"您已被列为《{re.escape(facts['exam'])}》的考生"))
               .first).to_be_visible()
    journey.step("6-notifications")


def test_legal_confirms_the_count_before_recording_the_cancellation(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    report_id = _report_waiting(site)
    journey.login("legal", site.password)
    journey.go(f"/certificates/clearance/reports/{report_id}")
    count = page.locator("#to-cancel")
    expect(count).to_have_text(re.compile(r"将注销 \d+ 本证件"))
    n = re.search(r"\d+", count.inner_text()).group(0)
    expect(page.get_by_label(f"我已核对 {n} 本证件，确认注销")).to_be_visible()
    page.get_by_role("button", name="登记注销").click()
    expect(page.get_by_text("请填写司法行政部门的注销文号")).to_be_visible()
    expect(page.get_by_text("请核对将注销的证件后勾选确认")).to_be_visible()
    journey.step("7-cancellation-refused")


def test_hr_goes_from_an_officer_to_their_hours(site, journey, viewport):
    from playwright.sync_api import expect

    page, facts = journey.page, site.facts[viewport]
    journey.login("hr", site.password)
    journey.go(f"/officers/{facts['officer_id']}")
    expect(page.get_by_role("link", name="培训记录档案（PDF）")).to_be_visible()
    journey.step("8-officer")
    page.get_by_role("link", name="培训学时").first.click()
    expect(page).to_have_url(re.compile(rf"/training/officers/{facts['officer_id']}"))
    expect(page.locator(".alert").first).to_have_text(re.compile(r"尚差 [\d.]+ 学时|已达标"))
    journey.step("9-officer-hours")
    journey.go("/jobs/")
    expect(page.get_by_role("heading", name="我的导入导出")).to_be_visible()
    journey.step("10-jobs")
