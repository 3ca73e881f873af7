"""Imports that name officers by 身份证号 (issue 14, item 2): an officer outside the importer's
scope is answered exactly like a number nobody has, so a dry run tells nothing of other units."""
import io

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.talentpool.models import TalentMember
from app.training.models import Attendance
from tests.conftest import id_number

ROWS = {
    "training": ("培训名称,培训类别,开始日期,结束日期,身份证号,学时,主办单位编码",
                 "法律培训,公共法律知识,2026-03-01,2026-03-01,{number},4,360102", Attendance),
    "certificates": ("身份证号,证件编号,发证机关,发证日期", "{number},赣X0001,江西省人民政府,2024-01-01",
                     Certificate),
    "talent": ("身份证号,专业类别", "{number},食品安全", TalentMember),
}


def _dry_run_says(auth, kind, number):
    data = "\n".join([ROWS[kind][0], ROWS[kind][1].format(number=number)]).encode("utf-8")
    response = auth.post(f"/imports/{kind}", {"file": (io.BytesIO(data), "f.csv"),
                                               "dry_run": "y"},
                         content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    return [line for line in page.splitlines() if "第2行" in line]


@pytest.mark.parametrize("kind", sorted(ROWS))
def test_an_officer_of_another_city_reads_like_nobody(auth, db, province, make_officer,
                                                      make_user, kind):
    theirs = make_officer(province["360702"], name="外市人")
    user = make_user("legal" if kind == "talent" else "hr", province["360100"])
    auth.login(user.username)
    elsewhere = _dry_run_says(auth, kind, theirs.id_number)
    nobody = _dry_run_says(auth, kind, id_number(9999))
    assert elsewhere and elsewhere == nobody
    assert "外市人" not in "".join(elsewhere) and "360702" not in "".join(elsewhere)
    model = ROWS[kind][2]
    assert db.session.scalar(select(func.count()).select_from(model)) == 0
