"""The periodic clearance: the list, `flask certificates clearance`, the report, sent, cancelled."""
import csv
import io
import json
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from app.certificates import clearance
from app.certificates.models import Certificate, ClearanceReport
from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.notifications.models import Notification
from app.people import services as people_services
from tests.conftest import id_number


@pytest.fixture
def leavers(db, province, make_officer, make_certificate):
    """Who is on the clearance list and who is not, across two cities."""
    a, b, far = province["360102"], province["360103"], province["360702"]
    made = {
        "调离": make_officer(a, "调离者", id_number=id_number(501), status="transferred",
                           status_changed_on=date(2026, 3, 1)),
        "退休": make_officer(b, "退休者", id_number=id_number(502), status="retired",
                           status_changed_on=date(2026, 1, 31)),
        "离岗": make_officer(a, "离岗者", id_number=id_number(503), on_post=True),
        "辞职暂扣": make_officer(far, "辞职者", id_number=id_number(504, "360702"),
                             status="resigned", status_changed_on=date(2025, 12, 1)),
        "在岗": make_officer(a, "在岗者", on_post=True),
        "已注销": make_officer(a, "已注销者", status="retired", status_changed_on=date(2025, 1, 1)),
    }
    # The post change goes through the roster service so that its post period says when.
    people_services.update_officer(CLI, made["离岗"], {"on_post": False,
                                                       "post_left_on": date(2026, 5, 10)})
    db.session.commit()
    make_certificate(made["调离"], "valid", number="赣A1")
    make_certificate(made["退休"], "valid", number="赣A2")
    make_certificate(made["离岗"], "valid", number="赣A3")
    make_certificate(made["辞职暂扣"], "suspended", number="赣G4")
    make_certificate(made["在岗"], "valid", number="赣A5")
    make_certificate(made["已注销"], "cancelled", number="赣A6")
    return made


EXPECTED = [
    {"id_number_masked": "360702********" + id_number(504, "360702")[-4:], "name": "辞职者",
     "unit_code": "360702", "certificate_number": "赣G4", "kind": "行政执法证", "status": "暂扣",
     "person_status": "辞职", "left_post_on": "2025-12-01"},
    {"id_number_masked": "360102********" + id_number(502)[-4:], "name": "退休者",
     "unit_code": "360103", "certificate_number": "赣A2", "kind": "行政执法证", "status": "有效",
     "person_status": "退休", "left_post_on": "2026-01-31"},
    {"id_number_masked": "360102********" + id_number(501)[-4:], "name": "调离者",
     "unit_code": "360102", "certificate_number": "赣A1", "kind": "行政执法证", "status": "有效",
     "person_status": "调离执法岗位", "left_post_on": "2026-03-01"},
    {"id_number_masked": "360102********" + id_number(503)[-4:], "name": "离岗者",
     "unit_code": "360102", "certificate_number": "赣A3", "kind": "行政执法证", "status": "有效",
     "person_status": "调离执法岗位", "left_post_on": "2026-05-10"},
]


def test_clearance_json_lists_every_uncancelled_certificate_of_a_leaver(runner, leavers):
    result = runner.invoke(args=["certificates", "clearance", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == EXPECTED


def test_clearance_for_a_unit_keeps_its_subtree(runner, leavers):
    result = runner.invoke(args=["certificates", "clearance", "--unit", "360100", "--format",
                                 "json"])
    assert [r["certificate_number"] for r in json.loads(result.stdout)] == ["赣A2", "赣A1", "赣A3"]
    unknown = runner.invoke(args=["certificates", "clearance", "--unit", "999", "--format", "json"])
    assert unknown.exit_code != 0 and "单位编码 999 不存在" in unknown.output


def test_clearance_csv_and_xlsx_hold_the_same_rows(runner, leavers, tmp_path):
    text = runner.invoke(args=["certificates", "clearance", "--format", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["身份证号", "姓名", "单位编码", "单位名称", "证件编号", "证件种类",
                       "证件状态", "人员状态", "离岗日期"]
    assert [r[4] for r in rows[1:]] == ["赣G4", "赣A2", "赣A1", "赣A3"]
    out = tmp_path / "c.xlsx"
    assert runner.invoke(args=["certificates", "clearance", "--format", "xlsx",
                               "--out", str(out)]).exit_code == 0
    sheet = load_workbook(out).active
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "辞职者", "退休者", "调离者", "离岗者"]


def pdf_to_png(data: bytes, tmp_path) -> Image.Image:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    return Image.open(next(tmp_path.glob("page*.png"))).convert("L")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")


def inked(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many dark pixels a region of the page has."""
    return sum(image.crop(box).histogram()[:128])


def test_clearance_pdf_renders_chinese(runner, leavers, tmp_path):
    out = tmp_path / "c.pdf"
    result = runner.invoke(args=["certificates", "clearance", "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0 and "字体缺少" not in result.output
    data = out.read_bytes()
    text = pdf_text(data, tmp_path)
    assert "行政执法证件定期清理名单" in text and "辞职者" in text and "[U+" not in text
    image = pdf_to_png(data, tmp_path)
    assert inked(image, (0, 0, image.width, image.height // 8)) > 200   # the title is drawn


@pytest.fixture
def legal(province, make_user):
    return make_user("legal", province["360100"], username="legal-nc")


def test_the_report_is_made_sent_and_recorded_as_cancelled(db, leavers, legal, province,
                                                           tmp_path):
    report = clearance.create_report(legal, province["360100"], "")
    db.session.commit()
    assert report.recipient == "同级司法行政部门"   # the test unit is named 360100市局
    assert [c.number for c in report.certificates] == ["赣A1", "赣A2", "赣A3"]
    with pytest.raises(clearance.services.CertificateError, match="没有待报送"):
        clearance.create_report(legal, province["360100"], "南昌市司法局")
    with pytest.raises(clearance.services.CertificateError, match="尚未标记为已报送"):
        clearance.record_cancellation(legal, report, "洪司注〔2026〕1号", confirmed=3)
    clearance.mark_sent(legal, report, date(2026, 6, 15), "洪市监法〔2026〕9号")
    assert clearance.record_cancellation(legal, report, "洪司注〔2026〕1号", confirmed=3) == 3
    db.session.commit()
    numbers = {c.number: c.status for c in db.session.scalars(select(Certificate))}
    assert numbers == {"赣A1": "cancelled", "赣A2": "cancelled", "赣A3": "cancelled",
                       "赣G4": "suspended", "赣A5": "valid", "赣A6": "cancelled"}
    event = db.session.scalar(select(Certificate).where(Certificate.number == "赣A1")).events[-1]
    assert (event.action, event.document_ref, event.actor_name) == (
        "cancel", "洪司注〔2026〕1号", "legal-nc")
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity_type == "clearance_report").order_by(AuditEntry.id)).all()
    assert actions == ["clearance.create", "clearance.sent", "clearance.cancelled"]


def test_the_recipient_defaults_to_the_judicial_bureau_at_the_same_level(make_unit):
    unit = make_unit("360100", "南昌市市场监督管理局", kind="设区市局")
    assert clearance.default_recipient(unit) == "南昌市司法局"
    assert clearance.default_recipient(make_unit("3601X", "执法稽查局")) == "同级司法行政部门"


def test_mark_sent_refuses_a_future_date_and_a_second_time(db, leavers, legal, province):
    report = clearance.create_report(legal, province["360100"], "南昌市司法局")
    with pytest.raises(clearance.services.CertificateError) as refused:
        clearance.mark_sent(legal, report, date(2026, 6, 16), "")
    assert refused.value.errors == {"sent_on": "报送日期不能晚于今天", "reference": "请填写报送文号"}
    clearance.mark_sent(legal, report, date(2026, 6, 15), "文号")
    with pytest.raises(clearance.services.CertificateError, match="已于 2026-06-15 报送"):
        clearance.mark_sent(legal, report, date(2026, 6, 15), "文号")


def test_the_web_flow_with_the_pdf_to_stamp(auth, db, leavers, legal, tmp_path):
    auth.login(legal.username)
    page = auth.client.get("/certificates/clearance").get_data(as_text=True)
    assert "调离者" in page and "辞职者" not in page      # another city is not the legal section's
    response = auth.post("/certificates/clearance", {"unit_id": legal.unit_id, "recipient": ""})
    assert response.status_code == 302
    report = db.session.scalar(select(ClearanceReport))
    assert report.recipient == "同级司法行政部门"   # the test unit is named 360100市局
    pdf = auth.client.get(f"/certificates/clearance/reports/{report.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data, tmp_path)
    assert "关于注销3名人员行政执法证件的报告" in text and "特此报告" in text and "退休者" in text
    image = pdf_to_png(pdf.data, tmp_path)
    assert inked(image, (0, 0, image.width, image.height // 6)) > 200
    sheet = load_workbook(io.BytesIO(auth.client.get(
        f"/certificates/clearance/reports/{report.id}.xlsx").data)).active
    assert [r[4] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["赣A1", "赣A2", "赣A3"]
    bad = auth.post(f"/certificates/clearance/reports/{report.id}/sent",
                    {"sent_on": "2026-06-15", "reference": ""})
    assert bad.status_code == 400 and "请填写报送文号" in bad.get_data(as_text=True)
    assert auth.post(f"/certificates/clearance/reports/{report.id}/sent",
                     {"sent_on": "2026-06-15", "reference": "洪市监法〔2026〕9号"}).status_code == 302
    url = f"/certificates/clearance/reports/{report.id}/cancelled"
    page = auth.client.get(f"/certificates/clearance/reports/{report.id}").get_data(as_text=True)
    assert "将注销 3 本证件" in page and "我已核对 3 本证件" in page
    # No tick, no 文号, or a count other than the one shown: nothing is cancelled.
    for form, error in (({"reference": "洪司注〔2026〕1号", "count": "3"}, "请核对将注销的证件后勾选确认"),
                        ({"reference": "", "count": "3", "confirmed": "y"}, "请填写司法行政部门的注销文号"),
                        ({"reference": "洪司注〔2026〕1号", "count": "2", "confirmed": "y"},
                         "请核对后勾选确认：将注销 3 本证件")):
        bad = auth.post(url, form)
        assert bad.status_code == 400 and error in bad.get_data(as_text=True), form
        assert db.session.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.status == "cancelled")) == 1
    assert auth.post(url, {"reference": "洪司注〔2026〕1号", "count": "3",
                           "confirmed": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ClearanceReport, report.id).completed_ref == "洪司注〔2026〕1号"


def test_hr_sees_the_clearance_but_cannot_report(auth, leavers, province, make_user):
    hr = make_user("hr", province["360100"])
    auth.login(hr.username)
    assert auth.client.get("/certificates/clearance").status_code == 200
    assert auth.post("/certificates/clearance", {"unit_id": hr.unit_id}).status_code == 403


def test_another_citys_legal_section_cannot_reach_a_report(auth, db, leavers, legal, province,
                                                          make_user):
    report = clearance.create_report(legal, province["360100"], "南昌市司法局")
    db.session.commit()
    outsider = make_user("legal", province["360700"])
    auth.login(outsider.username)
    for url in (f"/certificates/clearance/reports/{report.id}",
                f"/certificates/clearance/reports/{report.id}.pdf",
                f"/certificates/clearance/reports/{report.id}.xlsx"):
        assert auth.client.get(url).status_code == 404
    assert auth.post(f"/certificates/clearance/reports/{report.id}/sent",
                     {"sent_on": "2026-06-15", "reference": "x"}).status_code == 404
    refused = auth.post("/certificates/clearance", {"unit_id": province["360100"].id})
    assert refused.status_code == 400
    assert len(db.session.scalars(select(ClearanceReport)).all()) == 1


def test_a_monthly_reminder_while_anyone_waits(runner, db, leavers, legal, province, make_user):
    far_legal = make_user("legal", province["360700"])
    for _ in range(2):
        assert runner.invoke(args=["jobs", "run", "certificates-clearance"]).exit_code == 0
    notes = {n.user_id: n.text for n in db.session.scalars(select(Notification))}
    assert notes == {legal.id: "定期清理：有 3 张已离岗人员的执法证待报送或待登记注销",
                     far_legal.id: "定期清理：有 1 张已离岗人员的执法证待报送或待登记注销"}


def test_no_reminder_when_nobody_waits(runner, db, province, make_user):
    make_user("legal", province["360100"])
    assert runner.invoke(args=["jobs", "run", "certificates-clearance"]).exit_code == 0
    assert db.session.scalars(select(Notification)).all() == []


def test_the_cancellation_report_gives_the_legal_section_whole_numbers_and_dates(
        auth, db, leavers, legal, province, make_user, make_officer, make_certificate, tmp_path):
    """The 司法行政部门 cancels by whole number and needs the day each holder left the post:
    the report to it carries both for the legal section, and the hand-out is audited."""
    off_post = make_officer(province["360102"], "导入离岗者", id_number=id_number(505),
                            on_post=False, status_changed_on=date(2026, 4, 1))
    make_certificate(off_post, "valid", number="赣A7")
    auth.login(legal.username)
    auth.post("/certificates/clearance", {"unit_id": legal.unit_id, "recipient": ""})
    report = db.session.scalar(select(ClearanceReport))
    sheet = load_workbook(io.BytesIO(auth.client.get(
        f"/certificates/clearance/reports/{report.id}.xlsx").data)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["调离者"][2] == id_number(501) and rows["导入离岗者"][2] == id_number(505)
    assert rows["调离者"][8] == "2026-03-01" and rows["导入离岗者"][8] == "2026-04-01"
    assert rows["调离者"][5:7] == ("行政执法证", "有效")
    text = pdf_text(auth.client.get(f"/certificates/clearance/reports/{report.id}.pdf").data,
                    tmp_path)
    assert id_number(501) in text.replace(" ", "")
    audited = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "id_number.disclose")).all()
    assert len(audited) == 2 and all(e.actor_name == legal.username for e in audited)
    auth.logout()
    leader = make_user("leader", province["360100"])
    auth.login(leader.username)
    masked = load_workbook(io.BytesIO(auth.client.get(
        f"/certificates/clearance/reports/{report.id}.xlsx").data)).active
    numbers = [r[2] for r in masked.iter_rows(min_row=2, values_only=True)]
    assert numbers and all("********" in n for n in numbers)


def refusal(call, *args, **kwargs) -> dict:
    with pytest.raises(clearance.services.CertificateError) as refused:
        call(*args, **kwargs)
    return refused.value.errors


def test_each_clearance_refusal_names_its_field(db, leavers, legal, province):
    report = clearance.create_report(legal, province["360100"], "南昌市司法局")
    n = clearance.to_cancel(report)
    assert refusal(clearance.record_cancellation, legal, report, "文号", confirmed=n) == {
        "reference": "报告尚未标记为已报送，不能登记注销"}
    clearance.mark_sent(legal, report, date(2026, 6, 15), "文号")
    assert refusal(clearance.mark_sent, legal, report, date(2026, 6, 15), "文号") == {
        "sent_on": "报告已于 2026-06-15 报送"}
    assert refusal(clearance.record_cancellation, legal, report, "  ", confirmed=n) == {
        "reference": "请填写司法行政部门的注销文号"}
    clearance.record_cancellation(legal, report, "注销文号", confirmed=n)
    assert refusal(clearance.record_cancellation, legal, report, "文号",
                   confirmed=clearance.to_cancel(report)) == {
        "reference": f"已于 {report.completed_on} 登记注销"}


def test_the_cancellation_is_audited_with_before_and_after(db, leavers, legal, province):
    report = clearance.create_report(legal, province["360100"], "南昌市司法局")
    clearance.mark_sent(legal, report, date(2026, 6, 15), "文号")
    before = report.snapshot()
    clearance.record_cancellation(legal, report, " 注销文号 ",
                                  confirmed=clearance.to_cancel(report))
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "clearance.cancelled"))
    assert (entry.actor_name, entry.before, entry.after) == (
        "legal-nc", json.loads(json.dumps(before, default=str)),
        json.loads(json.dumps(report.snapshot(), default=str)))
    assert report.completed_ref == "注销文号"


def test_recipients_at_each_level(make_unit):
    assert clearance.default_recipient(make_unit("360000", "江西省市场监督管理局")) == "江西省司法厅"
    assert clearance.default_recipient(make_unit("360102", "东湖区市场监管局")) == "东湖区司法局"


def test_a_report_is_audited_at_each_step_and_keeps_its_author(db, leavers, legal, province):
    city = province["360100"]
    with pytest.raises(clearance.services.CertificateError) as refused:
        clearance.create_report(legal, province["360700"], "")   # a city out of legal's scope
    assert refused.value.errors == {"unit": "该单位没有待报送注销的执法证"}
    report = clearance.create_report(legal, city, " 南昌市司法局 ")
    assert (report.recipient, report.created_by) == ("南昌市司法局", "legal-nc")
    # Certificates already in a report are not reported again: the province gets the rest.
    rest = clearance.create_report(CLI, province["top"], "")
    assert [c.number for c in rest.certificates] == ["赣G4"]
    before = report.snapshot()
    clearance.mark_sent(legal, report, date(2026, 6, 15), " 文号 ")
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "clearance_report", AuditEntry.actor_name == "legal-nc")
        .order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_name, e.entity_id, e.unit_id, e.entity_label) for e in entries] \
        == [(a, "legal-nc", report.id, city.id, f"注销报告 #{report.id} {city.name}")
            for a in ("clearance.create", "clearance.sent")]
    assert entries[0].before is None and entries[1].after["sent_ref"] == "文号"
    assert entries[1].before == json.loads(json.dumps(before, default=str))


def test_a_report_made_by_the_system_says_so(db, leavers, province):
    report = clearance.create_report(CLI, province["360702"], "")
    assert report.created_by == "cli" and [c.number for c in report.certificates] == ["赣G4"]


def test_a_unit_under_no_governments_bureau_is_reported_to_the_same_level_department(make_unit):
    """No unit at or above it is a level's bureau: the document names no particular bureau."""
    centre = make_unit("3609Z", "江西省食品检验中心", kind="直属单位")
    assert clearance.level_bureau(centre) is None
    assert clearance.default_recipient(centre) == "同级司法行政部门"


def test_an_autonomous_regions_bureau_reports_to_the_regions_judicial_department(make_unit):
    """A 自治区 is a province-level government: its judicial department is a 司法厅, not a 司法局."""
    region = make_unit("450000", "广西壮族自治区市场监督管理局", kind="省局")
    division = make_unit("450000F", "法规处", region, kind="处室")
    assert clearance.default_recipient(region) == "广西壮族自治区司法厅"
    assert clearance.default_recipient(division) == "广西壮族自治区司法厅"


def test_units_imported_without_a_kind_find_their_level_by_the_bureaus_name(make_unit):
    """Without kinds, a level's bureau is the nearest unit named …市场监督管理局: a 所 or a 科
    without a kind under it is not a bureau of its own and reports with its city."""
    top = make_unit("360000", "江西省市场监督管理局", kind=None)
    city = make_unit("360100", "南昌市市场监督管理局", top, kind=None)
    station = make_unit("360111S", "青山湖市场监管所", city, kind=None)
    section = make_unit("360000K", "法规科", top, kind=None)
    assert clearance.level_bureau(station) == city
    assert clearance.default_recipient(station) == "南昌市司法局"
    assert clearance.default_recipient(city) == "南昌市司法局"
    assert clearance.default_recipient(section) == "江西省司法厅"


def test_a_count_other_than_the_one_to_cancel_is_refused_beside_the_tick_box(db, leavers, legal,
                                                                            province):
    """The page shows the refusal next to the 我已核对 checkbox (the form's `confirmed` field)."""
    report = clearance.create_report(legal, province["360100"], "南昌市司法局")
    clearance.mark_sent(legal, report, date(2026, 6, 15), "文号")
    for confirmed in (None, clearance.to_cancel(report) - 1):
        assert refusal(clearance.record_cancellation, legal, report, "注销文号",
                       confirmed=confirmed) == {"confirmed": "请核对后勾选确认：将注销 3 本证件"}
