"""The legal section's journey (issue #11): find who misses the 60 hours and export them to
Excel, draw an inspection team from the talent pool, run the certificate clearance, on a
desktop and on a phone."""
import re
from collections import Counter
from datetime import timedelta

from openpyxl import load_workbook

from tests.browser.journeys import DESKTOP, figures, needs_chromium

pytestmark = needs_chromium
JOURNEY = "legal"
TEAM_SIZE = 2


def _missing_names(site) -> Counter:
    """Who in the legal section's city misses this year's floors, as the compliance rules say."""
    def read():
        from sqlalchemy import select

        from app.auth.models import User
        from app.core import clock
        from app.core.scoping import Scope
        from app.extensions import db
        from app.training import compliance
        legal = db.session.scalar(select(User).where(User.username == "legal"))
        query = compliance.Query(clock.today().year, Scope.of(legal), legal.unit, missing=True)
        return Counter(row.name for row in compliance.stream(query))
    return site.query(read)


def _waiting_clearance(site, unit_id: int) -> Counter:
    """Whose live certificate under the unit waits for a cancellation report."""
    def read():
        from sqlalchemy import select

        from app.auth.models import User
        from app.certificates.queries import clearance_rows
        from app.core.scoping import Scope
        from app.extensions import db
        from app.org.models import Unit
        legal = db.session.scalar(select(User).where(User.username == "legal"))
        rows = clearance_rows(Scope.of(legal), db.session.get(Unit, unit_id),
                              include_reported=False)
        return Counter(r.officer.name for r in rows)
    return site.query(read)


def _team(site, draw_id: int) -> Counter:
    def read():
        from app.extensions import db
        from app.talentpool.models import Draw
        return Counter(m.officer.name for m in db.session.get(Draw, draw_id).team)
    return site.query(read)


def _names_in(rows) -> Counter:
    return Counter(row.locator("td").first.inner_text().split()[0] for row in rows.all())


def test_legal_section_finds_the_missing_draws_a_team_and_clears_certificates(
        site, journey, viewport, tmp_path):
    from playwright.sync_api import expect

    from app.core import clock

    page, facts = journey.page, site.facts[viewport]
    journey.login("legal", site.password)
    journey.step("1-home")

    # Who misses the 60 hours: the compliance page, filtered to those who miss.
    missing = _missing_names(site)
    assert 0 < sum(missing.values()) <= 50, "the demo city should miss on one page"
    journey.menu("学时达标", group="培训")
    expect(page.get_by_role("heading", name="学时达标")).to_be_visible()
    journey.step("2-compliance")
    page.get_by_label("只看未达标").check()
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"missing=1"))
    officers = page.locator("main table").filter(
        has=page.get_by_role("columnheader", name="差额", exact=True))
    rows = officers.locator("tbody tr")
    expect(rows).to_have_count(sum(missing.values()))
    assert _names_in(rows) == missing
    missing_card = page.locator(".card").filter(has=page.get_by_text("未达标", exact=True))
    assert figures(missing_card.locator(".figure-value").inner_text()) == [sum(missing.values())]
    journey.step("3-missing")

    # ...exported to Excel: a job with a progress bar, whose page then offers the file; an
    # .xlsx that opens, with the same people.
    page.get_by_role("button", name="导出 Excel").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.get_by_role("heading", name=re.compile("导出"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("文件已生成")
    journey.step("3-export")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "compliance.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved, read_only=True).active
    table = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    at = next(n for n, row in enumerate(table) if "姓名" in row)   # the header row
    column = table[at].index("姓名")
    assert Counter(row[column] for row in table[at + 1:]) == missing

    # A team drawn from the talent pool for a cross inspection of one county.
    today = clock.today()
    journey.menu("抽取记录", group="执法人才库")
    expect(page.get_by_role("heading", name="交叉执法检查抽取")).to_be_visible()
    page.get_by_role("link", name="新建抽取").click()
    purpose = f"{today.year}年交叉执法检查（{'电脑' if viewport == DESKTOP else '手机'}）"
    page.get_by_label("检查任务", exact=True).fill(purpose)
    page.get_by_label("被检查单位", exact=True).select_option(value=str(facts["county_id"]))
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("结束日期").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("专业类别", exact=True).select_option(label="基本法律法规")
    page.get_by_label("检查组人数（执法人员，至少2名）").fill(str(TEAM_SIZE))
    page.get_by_label("随机种子（不填则随机生成并记录）").fill("20261111")
    journey.step("4-draw-form")
    page.get_by_role("button", name="抽取", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("已抽取并记录")
    expect(page.get_by_text(purpose)).to_be_visible()
    expect(page.get_by_text(facts["county_name"]).first).to_be_visible()
    draw_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    team = _team(site, draw_id)
    assert sum(team.values()) == TEAM_SIZE
    members = page.locator(".list-group-item strong")
    expect(members).to_have_count(TEAM_SIZE)
    assert Counter(members.all_inner_texts()) == team
    journey.step("5-drawn")

    # The certificate clearance: who left a post with a live certificate, reported per county.
    waiting = _waiting_clearance(site, facts["county_id"])
    assert facts["leaver"] in waiting
    journey.menu("执法证", group="人员")
    page.get_by_role("link", name="定期清理").click()
    expect(page.get_by_role("heading", name="生成注销报告")).to_be_visible()
    expect(page.get_by_role("link", name=facts["leaver"], exact=True).first).to_be_visible()
    journey.step("6-clearance")
    report_form = page.locator("form[method=post]").filter(
        has=page.get_by_role("button", name="生成注销报告"))
    report_form.get_by_label("单位").select_option(value=str(facts["county_id"]))
    report_form.get_by_role("button", name="生成注销报告").click()
    expect(page.get_by_role("alert")).to_contain_text("注销报告已生成")
    expect(page.get_by_text(facts["county_name"]).first).to_be_visible()
    reported = page.locator("main table tbody tr")
    expect(reported).to_have_count(sum(waiting.values()))
    assert Counter(row.locator("td").nth(1).inner_text() for row in reported.all()) == waiting
    journey.step("7-report")
    assert _waiting_clearance(site, facts["county_id"]) == Counter()
