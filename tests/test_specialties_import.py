"""`flask import specialties` / `flask export specialties` and the web import, per INTERFACES.md."""
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.specialties.models import Specialty, find

HEADER = "代码,名称,排序,启用"


def write_csv(path, lines):
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    return path


def listing(db) -> list[tuple]:
    return [(s.code, s.name, s.sort_order, s.active)
            for s in db.session.scalars(select(Specialty).order_by(Specialty.code))]


def test_a_province_defines_its_list_and_a_second_import_changes_nothing(runner, db, tmp_path):
    path = write_csv(tmp_path / "s.csv", [HEADER, "tobacco,烟草专卖,30,是",
                                          "food,食品安全监管,1,否", "salt,食盐,,"])
    first = runner.invoke(args=["import", "specialties", str(path)])
    assert first.exit_code == 0, first.output
    assert "新增 2 条, 更新 1 条, 未变 0 条" in first.output
    assert (find("tobacco").name, find("tobacco").sort_order) == ("烟草专卖", 30)
    food = find("food")
    assert (food.name, food.sort_order, food.active) == ("食品安全监管", 1, False)
    assert (find("salt").sort_order, find("salt").active) == (0, True)
    again = runner.invoke(args=["import", "specialties", str(path)])
    assert "新增 0 条, 更新 0 条, 未变 3 条" in again.output
    # A blank optional cell keeps what is stored.
    blank = write_csv(tmp_path / "b.csv", [HEADER, "tobacco,烟草专卖,,"])
    assert "未变 1 条" in runner.invoke(args=["import", "specialties", str(blank)]).output
    assert find("tobacco").sort_order == 30
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "specialty.import")) == 3


def test_bad_rows_are_named_and_nothing_is_written(runner, db, tmp_path):
    before = listing(db)
    lines = [HEADER,
             "tobacco,烟草,1,是",           # row 2: fine
             "Tobacco Law,烟草法,1,是",     # row 3: code
             "salt,,2,是",                  # row 4: no name
             "tea,茶叶,第一,是",            # row 5: order
             "wine,酒类,3,可以",            # row 6: yes/no
             "tobacco,烟草二,4,是",         # row 7: key repeated
             "cigar,烟草,5,是",             # row 8: name repeated in the file
             "newfood,食品安全,6,是",       # row 9: name of a stored code
             "x" * 41 + ",长代码,1,是"]     # row 10: too long
    result = runner.invoke(args=["import", "specialties",
                                 str(write_csv(tmp_path / "s.csv", lines))])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("第")]
    assert errors == [
        "第3行: 代码: 只能由小写字母、数字和下划线组成",
        "第4行: 名称: 必填项为空",
        "第5行: 排序: 应为0到999的整数",
        "第6行: 启用: 应填“是”或“否”",
        "第7行: 代码: 与第2行重复",
        "第8行: 名称: 与第2行重复",
        "第9行: 名称: 名称“食品安全”已用于代码 food",
        "第10行: 代码: 长度不能超过40个字符",
    ]
    assert listing(db) == before


def test_the_export_reimports_unchanged(runner, db, tmp_path):
    db.session.add(Specialty(code="old", name="旧类别", sort_order=99, active=False))
    db.session.commit()
    out = tmp_path / "s.xlsx"
    assert runner.invoke(args=["export", "specialties", "--format", "xlsx", "--out", str(out)]
                         ).exit_code == 0
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0] == ("代码", "名称", "排序", "启用") and len(rows) == 19   # 17 + old
    assert ("old", "旧类别", 99, "否") in rows
    result = runner.invoke(args=["import", "specialties", str(out)])
    assert "新增 0 条, 更新 0 条, 未变 18 条" in result.output
    csv_out = runner.invoke(args=["export", "specialties", "--format", "csv"]).output
    path = tmp_path / "s.csv"
    path.write_text(csv_out, encoding="utf-8")
    assert "未变 18 条" in runner.invoke(args=["import", "specialties", str(path)]).output


def _upload(auth, data: bytes):
    return auth.post("/imports/specialties", {"file": (io.BytesIO(data), "s.csv")},
                     content_type="multipart/form-data", follow_redirects=True)


def test_the_admin_imports_from_the_web_and_others_may_not(auth, db, province, make_user):
    data = "\n".join([HEADER, "tobacco,烟草专卖,30,是"]).encode("utf-8")
    auth.login(make_user("legal", province["360100"]).username)
    assert auth.client.get("/imports/specialties").status_code == 403
    assert auth.client.get("/exports/specialties.xlsx").status_code == 200
    auth.logout()
    auth.login(make_user("admin").username)
    assert "新增 1 条" in _upload(auth, data).get_data(as_text=True)
    assert find("tobacco").name == "烟草专卖"
    page = auth.client.get("/specialties/").get_data(as_text=True)
    assert "/imports/specialties" in page
