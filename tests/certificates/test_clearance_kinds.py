"""The clearance covers every certificate not yet 注销 (every kind; 有效, 暂扣, 收回 or past its
date) of a departed holder, and names the judicial department of the holder's level."""
import json
from datetime import date

import pytest
from sqlalchemy import select

from app.certificates import clearance
from app.certificates.models import Certificate
from tests.conftest import id_number


@pytest.fixture
def departed(db, province, make_officer, make_certificate):
    """A retired holder with one certificate in every status and kind, and a stayer."""
    gone = make_officer(province["360102"], "退休者", id_number=id_number(601),
                        status="retired", status_changed_on=date(2026, 2, 1))
    stayer = make_officer(province["360102"], "在岗者", id_number=id_number(602), on_post=True)
    for number, status, kind, until in (
            ("赣E1", "revoked", "enforcement", date(2029, 12, 31)),      # 收回, not 注销
            ("赣J1", "valid", "supervision", date(2029, 12, 31)),
            ("赣T1", "suspended", "special_equipment", date(2029, 12, 31)),
            ("赣M1", "expired", "metrology", date(2025, 12, 31)),         # 过期 by the job
            ("赣M2", "valid", "metrology", date(2026, 1, 31)),            # past its date, job lags
            ("赣E0", "cancelled", "enforcement", date(2024, 12, 31))):    # 注销: closed
        make_certificate(gone, status, number=number, kind=kind, valid_until=until,
                         issued_on=date(2020, 1, 1))
    make_certificate(gone, "applied", kind="enforcement")                 # never issued
    make_certificate(stayer, "revoked", number="赣S1")                     # holder still enforces
    return gone


def test_every_uncancelled_certificate_of_every_kind_is_listed(runner, departed):
    result = runner.invoke(args=["certificates", "clearance", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted((r["certificate_number"], r["kind"], r["status"]) for r in rows) == [
        ("赣E1", "行政执法证", "收回"), ("赣J1", "行政执法监督证", "有效"),
        ("赣M1", "计量行政执法证", "过期"), ("赣M2", "计量行政执法证", "有效"),
        ("赣T1", "特种设备安全行政执法证", "暂扣")]
    assert {r["left_post_on"] for r in rows} == {"2026-02-01"}
    assert set(rows[0]) == {"id_number_masked", "name", "unit_code", "certificate_number",
                            "kind", "status", "person_status", "left_post_on"}


def test_the_report_cancels_all_of_them(db, departed, province, make_user):
    legal = make_user("legal", province["360100"])
    report = clearance.create_report(legal, province["360100"], "")
    assert sorted(c.number for c in report.certificates) == ["赣E1", "赣J1", "赣M1", "赣M2",
                                                             "赣T1"]
    assert clearance.to_cancel(report) == 5
    clearance.mark_sent(legal, report, date(2026, 6, 15), "洪市监法〔2026〕9号")
    assert clearance.record_cancellation(legal, report, "东司注〔2026〕2号", confirmed=5) == 5
    db.session.commit()
    statuses = {c.number: c.status for c in db.session.scalars(select(Certificate))
                if c.number}
    assert statuses == {"赣E1": "cancelled", "赣J1": "cancelled", "赣T1": "cancelled",
                        "赣M1": "cancelled", "赣M2": "cancelled", "赣E0": "cancelled",
                        "赣S1": "revoked"}
    result_rows = clearance.clearance_rows(clearance.Scope.of(legal))
    assert result_rows == []


@pytest.fixture
def tree(make_unit):
    """Jiangxi as the demo builds it: units named as offices name them."""
    top = make_unit("T360000", "江西省市场监督管理局", kind="省局")
    city = make_unit("T360100", "南昌市市场监督管理局", top, kind="设区市局")
    county = make_unit("T360102", "东湖区市场监督管理局", city, kind="县区局")
    return {
        "top": top, "city": city, "county": county,
        "省稽查局": make_unit("T360000-04", "执法稽查局", top, kind="执法稽查局"),
        "法规处": make_unit("T360000-02", "法规处", top, kind="处室"),
        "市稽查局": make_unit("T360100-03", "执法稽查局", city, kind="执法稽查局"),
        "市稽查局全称": make_unit("T360100-09", "南昌市市场监督管理局执法稽查局", city,
                             kind="执法稽查局"),
        "法规科": make_unit("T360100-01", "法规科", city, kind="科室"),
        "所": make_unit("T360102-01", "东湖城关市场监管所", county, kind="市场监管所"),
        "县": make_unit("T360121", "南昌县市场监督管理局", city, kind="县区局"),
        "县所": make_unit("T360121-01", "南昌县莲塘市场监管所", make_unit(
            "T360121-00", "南昌县市场监督管理局莲塘分局", None, kind=None), kind="市场监管所"),
    }


@pytest.mark.parametrize("unit, recipient", [
    ("top", "江西省司法厅"), ("省稽查局", "江西省司法厅"), ("法规处", "江西省司法厅"),
    ("city", "南昌市司法局"), ("市稽查局", "南昌市司法局"), ("市稽查局全称", "南昌市司法局"),
    ("法规科", "南昌市司法局"), ("county", "东湖区司法局"), ("所", "东湖区司法局"),
    ("县", "南昌县司法局"),
    # A kindless parent whose name is not a government level's bureau gives no level:
    ("县所", "同级司法行政部门"),
])
def test_each_unit_reports_to_the_judicial_department_of_its_level(tree, unit, recipient):
    assert clearance.default_recipient(tree[unit]) == recipient


def test_a_kindless_imported_bureau_is_known_by_its_name(make_unit):
    county = make_unit("K360123", "安义县市场监督管理局", kind=None)
    office = make_unit("K360123-01", "安义县龙津市场监管所", county, kind=None)
    assert clearance.default_recipient(office) == "安义县司法局"


def test_the_clearance_page_names_each_rows_department(auth, db, tree, make_officer,
                                                      make_certificate, make_user):
    gone = make_officer(tree["所"], "所里退休", id_number=id_number(611),
                        status="retired", status_changed_on=date(2026, 2, 1))
    inspector = make_officer(tree["市稽查局"], "稽查调离", id_number=id_number(612),
                             status="transferred", status_changed_on=date(2026, 3, 1))
    make_certificate(gone, "revoked", number="赣R1")
    make_certificate(inspector, "valid", number="赣R2", kind="supervision")
    auth.login(make_user("legal", tree["city"]).username)
    page = auth.client.get("/certificates/clearance").get_data(as_text=True)
    assert "东湖区司法局" in page and "南昌市司法局" in page
    assert "赣R1" in page and "收回" in page and "行政执法监督证" in page
    report = auth.post("/certificates/clearance", {"unit_id": tree["市稽查局"].id,
                                                   "recipient": ""})
    assert report.status_code == 302
    made = db.session.scalar(select(clearance.ClearanceReport))
    assert made.recipient == "南昌市司法局"
    assert [c.number for c in made.certificates] == ["赣R2"]


def test_the_report_pdf_names_each_kind_and_status(db, departed, province, make_user, tmp_path):
    from app.certificates import documents
    from tests.browser.journeys import ARTIFACTS
    from tests.certificates.test_clearance import pdf_text

    report = clearance.create_report(make_user("legal", province["360100"]), province["360100"],
                                     "")
    data, missing = documents.report_pdf(report)
    assert missing == set()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "clearance-report-kinds.pdf").write_bytes(data)   # looked at as a PNG
    text = pdf_text(data, tmp_path).replace("\n", "")
    assert "关于注销1名人员5本行政执法证件的报告" in text    # one holder, five certificates
    assert "下列1名人员已调离执法岗位" in text
    for word in ("行政执法监督证", "计量行政执法证", "收回", "过期", "暂扣"):
        assert word in text, word
