"""`flask import certificates` / `flask export certificates` per INTERFACES.md."""
import io
import json

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate, CertificateEvent
from app.core.audit import AuditEntry
from tests.conftest import id_number

HEADER = "身份证号,证件编号,发证机关,发证日期,有效期至,证件状态,执法类别"


def write_csv(path, lines, encoding="utf-8"):
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def officers(province, make_officer):
    return [make_officer(province["360102"], f"人员{i}", id_number=id_number(300 + i),
                         on_post=True) for i in range(4)]


def good_rows():
    return [f"{id_number(300)},赣A001,江西省人民政府,2024-01-01,2029-12-31,有效,食品安全",
            f"{id_number(301)},赣A002,江西省人民政府,2023-05-01,2028-04-30,暂扣,",
            f"{id_number(302)},赣A003,江西省人民政府,2015-01-01,2020-12-31,过期,计量",
            f"{id_number(303).lower()},赣A004,南昌市人民政府,2016-01-01,2021-12-31,注销,"]


def import_file(runner, path):
    return runner.invoke(args=["import", "certificates", str(path)])


def test_a_good_file_imports_then_reimports_unchanged(runner, db, officers, tmp_path):
    path = write_csv(tmp_path / "c.csv", [HEADER, *good_rows()])
    first = import_file(runner, path)
    assert first.exit_code == 0, first.output
    assert "新增 4 条, 更新 0 条, 未变 0 条" in first.output
    assert "新增 0 条, 更新 0 条, 未变 4 条" in import_file(runner, path).output
    stored = {c.number: (c.officer_id, c.status, str(c.valid_until), c.categories)
              for c in db.session.scalars(select(Certificate))}
    assert stored == {"赣A001": (officers[0].id, "valid", "2029-12-31", "食品安全"),
                      "赣A002": (officers[1].id, "suspended", "2028-04-30", None),
                      "赣A003": (officers[2].id, "expired", "2020-12-31", "计量"),
                      "赣A004": (officers[3].id, "cancelled", "2021-12-31", None)}
    assert count(db, CertificateEvent) == 4 and count(db, AuditEntry) == 4


def test_bad_rows_write_nothing_and_each_is_named(runner, db, officers, make_officer,
                                                  make_certificate, province, tmp_path):
    other = make_officer(province["360103"], "他人")
    make_certificate(other, "valid", number="赣Z999")
    make_certificate(officers[3], "cancelled", number="赣Z100")
    lines = [HEADER,
             f"{id_number(300)},赣B001,江西省人民政府,2024-01-01,2029-12-31,有效,",   # 2 fine
             f"{id_number(301)},赣B002,江西省人民政府,2024-01-01,2023-12-31,有效,",   # 3 dates
             f"{id_number(399)},赣B003,江西省人民政府,2024-01-01,,有效,",             # 4 nobody
             f"{id_number(302)},赣Z999,江西省人民政府,2024-01-01,,有效,",             # 5 other's
             f"{id_number(303)},赣Z100,江西省人民政府,2024-01-01,2029-12-31,有效,",   # 6 注销→有效
             f"{id_number(300)},赣B001,江西省人民政府,2024-01-01,,有效,",             # 7 repeat
             f"{id_number(300)},赣B007,江西省人民政府,2024-01-01,,暂扣,",             # 8 2nd live
             f"{id_number(302)},赣B008,江西省人民政府,2024-01-01,2030-01-01,过期,",   # 9 not due
             f"{id_number(302)},,,2024-13-01,,作废,"]                                 # 10 cells
    result = import_file(runner, write_csv(tmp_path / "c.csv", lines))
    assert result.exit_code != 0
    assert [line for line in result.output.splitlines() if line.startswith("第")] == [
        "第3行: 有效期至: 有效期至不能早于发证日期",
        "第4行: 身份证号: 人员名册中没有此人，或不在您的管理范围内",
        "第5行: 证件编号: 该证件编号已属于其他人员",
        "第6行: 证件状态: 不能从“注销”变为“有效”（注销为最终状态）",
        "第7行: 证件编号: 与第2行重复",
        "第8行: 身份证号: 该人员已有在用或申领中的行政执法证 赣B001，一人只能有一张在用的行政执法证",
        "第9行: 证件状态: 有效期至未届满，证件状态不能为“过期”",
        "第10行: 证件编号: 必填项为空",
        "第10行: 发证机关: 必填项为空",
        "第10行: 发证日期: 日期格式应为 YYYY-MM-DD",
        "第10行: 证件状态: 应为以下之一: 有效/暂扣/收回/注销/过期",
    ]
    assert count(db, Certificate) == 2 and count(db, AuditEntry) == 0


def test_a_second_live_certificate_next_to_a_stored_one_is_refused(
        runner, db, officers, make_certificate, tmp_path):
    make_certificate(officers[0], "valid", number="赣OLD")
    line = f"{id_number(300)},赣NEW,江西省人民政府,2026-01-01,2031-12-31,有效,"
    result = import_file(runner, write_csv(tmp_path / "c.csv", [HEADER, line]))
    assert "第2行: 身份证号: 该人员已有在用或申领中的行政执法证 赣OLD，一人只能有一张在用的行政执法证" in result.output
    # Cancelling the old one in the same file makes room for the new one.
    old = f"{id_number(300)},赣OLD,江西省人民政府,2024-01-01,2029-12-31,注销,"
    result = import_file(runner, write_csv(tmp_path / "c.csv", [HEADER, old, line]))
    assert "新增 1 条, 更新 1 条, 未变 0 条" in result.output, result.output
    event = db.session.scalar(select(CertificateEvent).where(CertificateEvent.action == "cancel"))
    assert (event.from_status, event.to_status, event.reason) == ("valid", "cancelled", "批量导入")


def test_an_allowed_status_change_is_recorded_as_its_transition(
        runner, db, officers, make_certificate, tmp_path):
    make_certificate(officers[0], "valid", number="赣S1")
    line = f"{id_number(300)},赣S1,江西省人民政府,2024-01-01,2029-12-31,暂扣,"
    assert "更新 1 条" in import_file(runner, write_csv(tmp_path / "c.csv", [HEADER, line])).output
    assert [e.action for e in db.session.scalar(select(Certificate)).events] == ["suspend"]


def test_an_hr_clerk_imports_only_their_own_countys_people(auth, db, officers, province,
                                                           make_officer, make_user):
    outsider = make_officer(province["360702"], "外县", id_number=id_number(390, "360702"))
    clerk = make_user("hr", province["360102"])
    auth.login(clerk.username)
    data = "\n".join([HEADER, f"{outsider.id_number},赣X1,江西省人民政府,2024-01-01,,有效,"])
    response = auth.post("/imports/certificates",
                         {"file": (io.BytesIO(data.encode()), "c.csv")},
                         content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    assert "第2行: 身份证号: 人员名册中没有此人，或不在您的管理范围内" in response.get_data(as_text=True)
    assert count(db, Certificate) == 0


def test_export_reimports_unchanged_in_every_format(runner, db, officers, tmp_path):
    import_file(runner, write_csv(tmp_path / "c.csv", [HEADER, *good_rows()]))
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        assert runner.invoke(args=["export", "certificates", "--format", fmt,
                                   "--out", str(out)]).exit_code == 0
        assert "新增 0 条, 更新 0 条, 未变 4 条" in import_file(runner, out).output
    rows = json.loads(runner.invoke(args=["export", "certificates", "--format", "json"]).output)
    assert list(rows[0]) == [*HEADER.split(","), "证件种类"]   # a file without it still imports
    assert rows[2] == {"身份证号": id_number(302), "证件编号": "赣A003", "发证机关": "江西省人民政府",
                       "发证日期": "2015-01-01", "有效期至": "2020-12-31", "证件状态": "过期",
                       "执法类别": "计量", "证件种类": "行政执法证"}
