"""Several certificates per officer: kinds in the import/export, one current per kind,
持证上岗 only from the 行政执法证, the pages listing every kind."""
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.certificates import services
from app.certificates.models import Certificate
from app.certificates.queries import all_for, current_for, uncertified_ids, valid_holder_ids
from app.core.actor import CLI
from tests.certificates.test_import import count, import_file, write_csv
from tests.conftest import id_number

HEADER = "身份证号,证件编号,发证机关,发证日期,有效期至,证件状态,执法类别,证件种类"


@pytest.fixture
def officers(province, make_officer):
    return [make_officer(province["360102"], f"人员{i}", id_number=id_number(300 + i),
                         on_post=True) for i in range(3)]


def kinds_of(db) -> dict[str, str]:
    return {c.number: c.kind for c in db.session.scalars(select(Certificate))}


def test_an_officer_holds_one_current_certificate_of_each_kind(runner, db, officers, tmp_path):
    a = id_number(300)
    lines = [HEADER,
             f"{a},赣E1,江西省人民政府,2024-01-01,2029-12-31,有效,食品安全,行政执法证",
             f"{a},赣J1,江西省人民政府,2024-01-01,2029-12-31,有效,,行政执法监督证",
             f"{a},赣T1,江西省市场监督管理局,2024-01-01,2029-12-31,暂扣,,特种设备安全行政执法证",
             f"{a},赣M1,江西省市场监督管理局,2024-01-01,2029-12-31,有效,,计量行政执法证",
             f"{id_number(301)},赣E2,江西省人民政府,2024-01-01,2029-12-31,有效,,"]   # blank: 行政执法证
    result = import_file(runner, write_csv(tmp_path / "k.csv", lines))
    assert "新增 5 条, 更新 0 条, 未变 0 条" in result.output, result.output
    assert kinds_of(db) == {"赣E1": "enforcement", "赣J1": "supervision",
                            "赣T1": "special_equipment", "赣M1": "metrology",
                            "赣E2": "enforcement"}
    assert "未变 5 条" in import_file(runner, write_csv(tmp_path / "k.csv", lines)).output


def test_a_second_current_certificate_of_the_same_kind_is_refused(runner, db, officers,
                                                                  tmp_path, make_certificate):
    make_certificate(officers[0], "valid", number="赣J0", kind="supervision")
    a = id_number(300)
    lines = [HEADER,
             f"{a},赣J9,江西省人民政府,2024-01-01,2029-12-31,有效,,行政执法监督证",
             f"{a},赣E9,江西省人民政府,2024-01-01,2029-12-31,有效,,行政执法证",
             f"{a},赣X9,江西省人民政府,2024-01-01,2029-12-31,有效,,执法证"]
    result = import_file(runner, write_csv(tmp_path / "k.csv", lines))
    assert [line for line in result.output.splitlines() if line.startswith("第")] == [
        "第2行: 身份证号: 该人员已有在用或申领中的行政执法监督证 赣J0，一人只能有一张在用的行政执法监督证",
        "第4行: 证件种类: 应为以下之一: 行政执法证/行政执法监督证/特种设备安全行政执法证/计量行政执法证",
    ]
    assert count(db, Certificate) == 1
    # The table itself refuses two current certificates of one kind.
    db.session.add(Certificate(officer=officers[0], number="赣J8", status="valid",
                               kind="supervision"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_an_import_never_changes_the_kind_and_a_blank_keeps_it(runner, db, officers, tmp_path,
                                                                make_certificate):
    make_certificate(officers[0], "valid", number="赣J0", kind="supervision",
                     valid_until=None)
    a = id_number(300)
    changed = [HEADER, f"{a},赣J0,江西省人民政府,2024-01-01,,有效,,行政执法证"]
    result = import_file(runner, write_csv(tmp_path / "k.csv", changed))
    assert "第2行: 证件种类: 该证件编号已登记为行政执法监督证，不能改为其他种类" in result.output
    blank = [HEADER, f"{a},赣J0,江西省人民政府,2024-01-01,2030-01-01,有效,,"]
    assert "更新 1 条" in import_file(runner, write_csv(tmp_path / "k.csv", blank)).output
    assert kinds_of(db) == {"赣J0": "supervision"}


def test_export_carries_the_kind_and_reimports_unchanged(runner, db, officers, tmp_path,
                                                         make_certificate):
    make_certificate(officers[0], "valid", number="赣E1")
    make_certificate(officers[0], "valid", number="赣M1", kind="metrology")
    rows = json.loads(runner.invoke(args=["export", "certificates", "--format", "json"]).output)
    assert [(r["证件编号"], r["证件种类"]) for r in rows] == [("赣E1", "行政执法证"),
                                                          ("赣M1", "计量行政执法证")]
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        assert runner.invoke(args=["export", "certificates", "--format", fmt,
                                   "--out", str(out)]).exit_code == 0
        assert "新增 0 条, 更新 0 条, 未变 2 条" in import_file(runner, out).output


def test_only_the_enforcement_certificate_counts_for_holding_one(db, officers, make_certificate):
    """持证上岗: a valid 行政执法监督证 or sector certificate alone is not a 行政执法证."""
    supervisor, sector, both = officers
    make_certificate(supervisor, "valid", number="赣J1", kind="supervision")
    make_certificate(sector, "valid", number="赣T1", kind="special_equipment")
    make_certificate(both, "valid", number="赣E3")
    make_certificate(both, "suspended", number="赣J3", kind="supervision")
    assert valid_holder_ids([o.id for o in officers]) == {both.id}
    assert uncertified_ids(officers) == {supervisor.id, sector.id}
    assert current_for(supervisor) is None
    assert current_for(supervisor, "supervision").number == "赣J1"
    assert [c.number for c in all_for(both)] == ["赣E3", "赣J3"]


def test_applying_for_a_second_kind_is_allowed_but_not_a_second_of_one_kind(
        db, officers, make_certificate):
    officer = officers[0]
    make_certificate(officer, "valid", number="赣E1")
    applied = services.apply(CLI, officer, kind="supervision")
    assert (applied.kind, applied.status) == ("supervision", "applied")
    assert applied.events[0].reason == "申领行政执法监督证"
    with pytest.raises(services.CertificateError, match="已有一张申领中的行政执法监督证"):
        services.apply(CLI, officer, kind="supervision")
    with pytest.raises(services.CertificateError, match="未知的证件种类"):
        services.apply(CLI, officer, kind="driving")


def test_the_list_filters_and_exports_by_kind(auth, db, officers, make_user, make_certificate,
                                              province):
    make_certificate(officers[0], "valid", number="赣E1")
    make_certificate(officers[1], "valid", number="赣J1", kind="supervision")
    auth.login(make_user("hr", province["360102"]).username)
    page = auth.client.get("/certificates/?kind=supervision").get_data(as_text=True)
    assert "赣J1" in page and "赣E1" not in page and "行政执法监督证" in page
    sheet = load_workbook(io.BytesIO(auth.client.get("/certificates/export.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "证件种类"
    assert sorted((r[3], r[-1]) for r in rows[1:]) == [("赣E1", "行政执法证"),
                                                      ("赣J1", "行政执法监督证")]


# As an attacker: the kinds open no door the unit scope keeps shut.

@pytest.fixture
def world(province, make_officer, make_user, make_certificate):
    mine, theirs = province["360102"], province["360702"]
    holder = make_officer(mine, "本县持证人", id_number=id_number(620), on_post=True)
    colleague = make_officer(mine, "同事", id_number=id_number(621), on_post=True)
    outsider = make_officer(theirs, "外县持证人", id_number=id_number(622, "360702"),
                            on_post=True)
    return {
        "clerk": make_user("hr", mine), "holder": holder, "outsider": outsider,
        "officer": make_user("officer", mine, officer=holder),
        "own": [make_certificate(holder, "valid", number="赣本E"),
                make_certificate(holder, "valid", number="赣本J", kind="supervision"),
                make_certificate(holder, "revoked", number="赣本T", kind="special_equipment")],
        "colleague": make_certificate(colleague, "valid", number="赣同J", kind="supervision"),
        "theirs": make_certificate(outsider, "valid", number="赣外M", kind="metrology"),
    }


def test_the_officer_sees_all_their_certificates_and_nobody_elses(auth, world):
    auth.login(world["officer"].username)
    page = auth.client.get("/officers/me").get_data(as_text=True)
    for number in ("赣本E", "赣本J", "赣本T"):
        assert number in page
    assert "行政执法监督证" in page and "特种设备安全行政执法证" in page
    assert "赣同J" not in page and "赣外M" not in page
    for own in world["own"]:
        assert auth.client.get(f"/certificates/{own.id}").status_code == 200
    assert auth.client.get(f"/certificates/{world['colleague'].id}").status_code == 404
    assert auth.client.get(f"/certificates/{world['theirs'].id}").status_code == 404
    assert auth.client.get("/certificates/?kind=supervision").status_code == 403
    assert auth.client.get(f"/certificates/apply/{world['holder'].id}?kind=supervision"
                           ).status_code == 403


def test_a_clerk_sees_no_other_countys_certificate_of_any_kind(auth, db, world):
    auth.login(world["clerk"].username)
    listing = auth.client.get("/certificates/?kind=metrology").get_data(as_text=True)
    assert "赣外M" not in listing
    everything = auth.client.get("/certificates/?kind=").get_data(as_text=True)
    assert "赣同J" in everything and "赣外M" not in everything
    assert auth.client.get(f"/certificates/{world['theirs'].id}").status_code == 404
    assert auth.client.get(f"/certificates/apply/{world['outsider'].id}?kind=metrology"
                           ).status_code == 404
    assert auth.post(f"/certificates/apply/{world['outsider'].id}",
                     {"kind": "metrology"}).status_code == 404
    sheet = load_workbook(io.BytesIO(auth.client.get(
        "/certificates/export.xlsx?kind=metrology").data)).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == []


def test_a_made_up_kind_is_refused_and_writes_nothing(auth, db, world):
    auth.login(world["clerk"].username)
    before = count(db, Certificate)
    response = auth.post(f"/certificates/apply/{world['holder'].id}", {"kind": "driving"})
    assert response.status_code == 200
    assert 'id="kind-error">不是有效的选择。' in response.get_data(as_text=True)
    assert count(db, Certificate) == before
    # The holder has no 计量 certificate: applying for one works, once.
    ok = auth.post(f"/certificates/apply/{world['holder'].id}", {"kind": "metrology"})
    assert ok.status_code == 302
    again = auth.post(f"/certificates/apply/{world['holder'].id}", {"kind": "metrology"})
    assert "一人只能有一张在用或申领中的计量行政执法证" in again.get_data(as_text=True)
    assert count(db, Certificate) == before + 1
