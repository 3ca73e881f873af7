"""The HR office's journey (issue #11, issue #3): log in, add a training session through the
form, upload its sign-in sheet and evidence (a photo and a PDF), and find the attendees and the
evidence on the session's page, on a desktop and on a phone."""
from openpyxl import Workbook

from tests.browser.journeys import DESKTOP, needs_chromium

pytestmark = needs_chromium
JOURNEY = "hr"
SESSION_HOURS = 4
# A one-page PDF, as small as a reader accepts.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _sign_in_sheet(path, signers) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "姓名", "学时"])
    for id_number, name in signers:
        sheet.append([id_number, name, SESSION_HOURS])
    book.save(path)


def _recorded(site, title: str) -> tuple[set[str], set[str]]:
    def read():
        from sqlalchemy import select

        from app.extensions import db
        from app.training.models import TrainingSession
        session = db.session.scalar(select(TrainingSession).where(TrainingSession.title == title))
        return ({a.officer.name for a in session.attendances},
                {e.original_name for e in session.evidence})
    return site.query(read)


def test_hr_adds_a_session_with_sign_in_sheet_and_evidence(site, journey, viewport, tmp_path):
    from playwright.sync_api import expect

    from app.core import clock

    page, facts = journey.page, site.facts[viewport]
    today = clock.today().isoformat()
    title = f"执法文书规范化专题培训（{'电脑' if viewport == DESKTOP else '手机'}）"
    journey.login("hr", site.password)
    journey.step("1-home")

    journey.menu("培训管理", group="培训")
    expect(page.get_by_role("heading", name="培训管理")).to_be_visible()
    journey.step("2-sessions")

    # The new session, through the form, field by field by its label.
    page.get_by_role("link", name="新增培训").click()
    expect(page.get_by_role("heading", name="新增培训")).to_be_visible()
    page.get_by_label("培训名称").fill(title)
    page.get_by_label("培训类别").select_option(label="公共法律知识")
    page.get_by_label("学习形式").select_option(label="专题培训")
    page.get_by_label("主办单位").select_option(value=str(facts["city_id"]))
    page.get_by_label("开始日期").fill(today)
    page.get_by_label("结束日期").fill(today)
    page.get_by_label("学时", exact=True).fill(str(SESSION_HOURS))
    page.get_by_label("培训方式").select_option(label="线下")
    page.get_by_label("培训内容").fill("行政执法文书的规范制作与常见问题。")
    journey.step("3-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("培训已保存")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("尚未登记参训人员。")).to_be_visible()

    # The sign-in sheet: everyone on it becomes an attendee with the sheet's hours.
    sheet = tmp_path / "签到表.xlsx"
    _sign_in_sheet(sheet, facts["signers"])
    page.get_by_label("签到表（.xlsx 或 .csv）").set_input_files(sheet)
    page.get_by_role("button", name="上传签到表").click()
    expect(page.get_by_role("alert")).to_contain_text(f"导入完成: 新增 {len(facts['signers'])} 条")
    attendees = page.locator("table tbody tr")
    expect(attendees).to_have_count(len(facts["signers"]))
    for _id_number, name in facts["signers"]:
        row = attendees.filter(has=page.get_by_role("link", name=name, exact=True))
        expect(row).to_have_count(1)
        expect(row.locator("td.text-end").first).to_have_text(f"{SESSION_HOURS}.0")
    expect(page.get_by_role("heading", name=f"参训人数 ({len(facts['signers'])})")).to_be_visible()
    journey.step("4-sign-in-sheet")

    # The evidence: a photo of the room and the scanned sheet.
    photo, scan = tmp_path / "培训现场照片.png", tmp_path / "签到表扫描件.pdf"
    photo.write_bytes(page.screenshot())
    scan.write_bytes(PDF)
    for upload in (photo, scan):
        page.get_by_label("文件", exact=True).set_input_files(upload)
        page.get_by_role("button", name="上传", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("佐证材料已上传")
        expect(page.get_by_role("link", name=upload.name)).to_be_visible()
    journey.step("5-evidence")

    # The evidence downloads as what was uploaded.
    with page.expect_download() as download:
        page.get_by_role("link", name=scan.name).click()
    assert download.value.suggested_filename == scan.name
    assert download.value.path().read_bytes() == PDF

    assert _recorded(site, title) == ({name for _id, name in facts["signers"]},
                                      {photo.name, scan.name})
