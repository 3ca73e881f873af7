"""全员轮训 and the staffing figures in the browser (issue 17 items 6 and 9), on a desktop and
on a 375-px phone: the legal section sets up a programme, adds jurors, enrols the officers,
enters both jurors' scores, publishes and exports; the officer sees their completion and
result; the legal section's home shows the staffing figures year on year."""
import re
from io import BytesIO

from openpyxl import load_workbook

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "rotation"


def _officer(site, officer_id: int) -> tuple[int, str]:
    def read():
        from app.extensions import db
        from app.people.models import Officer
        officer = db.session.get(Officer, officer_id)
        return officer.unit_id, officer.name
    return site.query(read)


def test_legal_runs_a_rotation_programme_and_the_officer_sees_the_result(
        site, journey, viewport):
    from playwright.sync_api import expect

    page, facts = journey.page, site.facts[viewport]
    unit_id, officer_name = _officer(site, facts["officer_id"])
    name = f"全员轮训-{viewport}"
    journey.login("legal", site.password)
    expect(page.get_by_role("heading", name="执法队伍结构（逐年）")).to_be_visible()
    journey.page.locator("#staffing-title").scroll_into_view_if_needed()
    journey.step("1-home-staffing")

    journey.menu("全员轮训", group="培训")
    expect(page.get_by_role("heading", name="全员轮训")).to_be_visible()
    page.get_by_role("link", name="新建轮训").click()
    page.get_by_label("轮训名称").fill(name)
    page.get_by_label("参训单位").select_option(str(unit_id))
    page.get_by_label("实效检验方式").select_option("interview")
    journey.step("2-new-programme")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()

    sessions = page.get_by_label("培训", exact=True)
    if sessions.locator("option").count():
        sessions.select_option(index=0)
        page.get_by_role("button", name="加入轮训").click()
        expect(page.get_by_text("培训已加入轮训。")).to_be_visible()
    for juror in ("评委甲", "评委乙"):
        page.get_by_label("评委姓名").fill(juror)
        page.get_by_role("button", name="添加评委").click()
        expect(page.get_by_text("评委已添加。")).to_be_visible()
    page.get_by_role("button", name="纳入参训单位的执法人员").click()
    expect(page.get_by_text(re.compile(r"已将 \d+ 名执法人员纳入轮训"))).to_be_visible()
    enrolled = int(page.locator('[data-figure="participants"]').inner_text())
    assert enrolled >= 1
    journey.step("3-programme")

    # Both jurors score: the demo officer 85 and 90, everyone else 50 from both.
    for n, juror in enumerate(("评委甲", "评委乙")):
        page.get_by_role("listitem").filter(has_text=juror).get_by_role(
            "link", name="录入评分").click()
        expect(page.get_by_text(f"评委：{juror}")).to_be_visible()
        inputs = page.locator("input.score-input")
        for i in range(inputs.count()):
            label = page.locator(f'label[for="{inputs.nth(i).get_attribute("id")}"]').inner_text()
            mine = label.split()[0] == officer_name
            inputs.nth(i).fill(("85" if n == 0 else "90") if mine else "50")
        if n == 0:
            journey.step("4-scores")
        page.get_by_role("button", name="保存评分").click()
        expect(page.get_by_text("评分已保存。")).to_be_visible()
        page.get_by_role("link", name="返回轮训").click()

    row = page.locator(f'tr[data-officer="{officer_name}"]')
    expect(row.locator(".result")).to_have_text("合格")
    assert page.locator('[data-figure="passed"]').inner_text() == "1"
    assert int(page.locator('[data-figure="failed"]').inner_text()) == enrolled - 1
    page.get_by_role("button", name="向执法人员公布检验结果").click()
    expect(page.get_by_text("检验结果已向执法人员公布。")).to_be_visible()
    journey.step("5-published")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    rows = list(load_workbook(BytesIO(open(download.value.path(), "rb").read()))
                .active.iter_rows(values_only=True))
    mine = next(r for r in rows if r[1] == officer_name)
    # 评委甲, 评委乙, the average (85 + 90) / 2, the result.
    assert mine[-4:] == ("85", "90", "87.5", "合格")
    pdf = page.request.get(site.base + page.get_by_role(
        "link", name="轮训情况表（PDF）").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # The officer: their completion and result, published.
    page.context.clear_cookies()
    journey.login(facts["officer_login"], site.password)
    journey.menu("我的轮训")
    card = page.get_by_role("region", name=name)
    expect(card.locator(".mine-result")).to_have_text("合格（87.5）")
    journey.step("6-officer")


def _staffing_total(site) -> tuple[int, float]:
    """The leader's subtree today, as app/staffing computes it."""
    def read():
        from sqlalchemy import select

        from app.auth.models import User
        from app.core import clock
        from app.core.scoping import Scope
        from app.extensions import db
        from app.staffing.queries import by_unit
        leader = db.session.scalar(select(User).where(User.username == "leader"))
        _rows, total = by_unit(Scope.of(leader), clock.today().year)
        return total.enforcing, total.law_major_share
    return site.query(read)


def test_leader_sees_staffing_year_on_year_by_unit_and_exports_it(site, journey):
    from playwright.sync_api import expect

    from app.core import clock

    page = journey.page
    enforcing, share = _staffing_total(site)
    journey.login("leader", site.password)
    trend = page.locator("table.staffing-trend")
    expect(trend).to_be_visible()
    this = trend.locator(f'tr[data-year="{clock.today().year}"]')
    expect(this.locator(".share").first).to_have_text(f"{share:.1f}%")
    # The past years come from the demo's snapshots: recorded, not "无记录".
    expect(trend.locator(f'tr[data-year="{clock.today().year - 1}"]')).not_to_contain_text("无记录")
    page.locator("#staffing-title").scroll_into_view_if_needed()
    journey.step("7-leader-home")
    page.get_by_role("link", name="按单位").click()
    expect(page.get_by_role("heading", name=re.compile("执法队伍结构"))).to_be_visible()
    total = page.locator("#staffing-units tbody tr").last
    expect(total.locator("td").nth(1)).to_have_text(str(enforcing))
    journey.step("8-staffing-units")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    rows = list(load_workbook(BytesIO(open(download.value.path(), "rb").read()))
                .active.iter_rows(values_only=True))
    assert rows[-1][1] == "合计" and rows[-1][2] == enforcing
