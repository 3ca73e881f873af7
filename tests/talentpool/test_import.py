"""`flask import talent` / `flask export talent` per INTERFACES.md."""
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.specialties.models import DEFAULTS
from app.talentpool.models import TalentMember

HEADER = "身份证号,专业类别,等级,备注"


def write_csv(path, lines):
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    return path


def members(db) -> list[tuple]:
    return [(m.officer.name, m.specialty.code, m.level, m.state, m.note)
            for m in db.session.scalars(select(TalentMember).order_by(TalentMember.id))]


def test_a_good_file_imports_approved_then_reimports_unchanged(runner, db, province,
                                                              make_officer, tmp_path):
    a, b = make_officer(province["360102"], "甲"), make_officer(province["360702"], "乙")
    path = write_csv(tmp_path / "t.csv", [HEADER, f"{a.id_number},食品安全,专家,擅长餐饮",
                                          f"{a.id_number},drugs,,",
                                          f"{b.id_number.lower()},计量,骨干,"])
    first = runner.invoke(args=["import", "talent", str(path)])
    assert first.exit_code == 0, first.output
    assert "新增 3 条, 更新 0 条, 未变 0 条" in first.output
    assert members(db) == [("甲", "food", "expert", "approved", "擅长餐饮"),
                           ("甲", "drugs", "backbone", "approved", None),
                           ("乙", "metrology", "backbone", "approved", None)]
    again = runner.invoke(args=["import", "talent", str(path)])
    assert "新增 0 条, 更新 0 条, 未变 3 条" in again.output
    changed = write_csv(tmp_path / "t2.csv", [HEADER, f"{a.id_number},food,骨干,擅长餐饮"])
    assert "更新 1 条" in runner.invoke(args=["import", "talent", str(changed)]).output
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "talent.import")) == 4


def test_bad_rows_are_named_and_nothing_is_written(runner, db, province, make_officer, tmp_path):
    a = make_officer(province["360102"], "甲")
    retired = make_officer(province["360102"], "退休者", status="retired")
    lines = [HEADER,
             f"{a.id_number},食品安全,骨干,",           # row 2: fine
             "360102198001010011,食品安全,骨干,",        # row 3: check digit
             f"{a.id_number},烹饪,骨干,",                # row 4: unknown specialty
             f"{a.id_number},food,大师,",                # row 5: repeats row 2 and bad level
             f"{retired.id_number},计量,,",              # row 6: off post: a warning only
             "110101199003070038,计量,,",                # row 7: not on the roster
             f"{a.id_number},food,专家,"]                # row 8: repeats row 2 (by code)
    result = runner.invoke(args=["import", "talent", str(write_csv(tmp_path / "t.csv", lines))])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("第")]
    assert errors == [
        "第3行: 身份证号: 身份证号无效（校验码错误）",
        "第4行: 专业类别: 专业类别“烹饪”不存在，应为以下之一: " + "/".join(n for _c, n in DEFAULTS),
        "第5行: 等级: 应为以下之一: 骨干/专家",
        "第7行: 身份证号: 人员名册中没有此人或不在您的管理范围内",
        "第8行: 专业类别: 与第2行重复",
    ]
    assert members(db) == []


def test_an_officer_off_post_is_imported_with_a_warning_and_never_drawn(
        runner, db, pool, province, make_officer, tmp_path):
    import json

    left = make_officer(province["360702"], "调离者", on_post=False)
    retired = make_officer(province["360703"], "退休者", status="retired")
    path = write_csv(tmp_path / "t.csv", [HEADER, f"{left.id_number},食品安全,骨干,",
                                          f"{retired.id_number},food,专家,"])
    result = runner.invoke(args=["import", "talent", str(path)])
    assert result.exit_code == 0, result.output
    assert "提示 第2行: 身份证号: 调离者不在执法岗位或不在岗，已入库但不会被抽取" in result.output
    assert "提示 第3行: 身份证号: 退休者不在执法岗位或不在岗，已入库但不会被抽取" in result.output
    assert "新增 2 条" in result.output
    assert ("调离者", "food", "backbone", "approved", None) in members(db)
    # The pool has 9 eligible members outside 360102; the two off post never join them.
    drawn = runner.invoke(args=["draw", "--specialty", "食品安全", "--inspected-unit", "360102",
                                "--size", "9", "--seed", "5", "--dry-run", "--format", "json"])
    data = json.loads(drawn.output)
    assert data["eligible_count"] == 9
    assert {m["name"] for m in data["members"]}.isdisjoint({"调离者", "退休者"})
    too_many = runner.invoke(args=["draw", "--specialty", "食品安全", "--inspected-unit",
                                   "360102", "--size", "10", "--dry-run"])
    assert too_many.exit_code != 0


def test_the_export_reimports_unchanged(runner, db, pool, tmp_path):
    out = tmp_path / "talent.xlsx"
    assert runner.invoke(args=["export", "talent", "--format", "xlsx", "--out", str(out)]
                         ).exit_code == 0
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0] == ("身份证号", "专业类别", "等级", "备注") and len(rows) == 13
    result = runner.invoke(args=["import", "talent", str(out)])
    assert "新增 0 条, 更新 0 条, 未变 12 条" in result.output


def test_an_hr_clerks_import_nominates_only_within_their_county(db, province, make_officer,
                                                                make_user, tmp_path):
    from app.importing import import_file

    clerk = make_user("hr", province["360102"])
    mine, theirs = make_officer(province["360102"], "本县"), make_officer(province["360702"], "外县")
    bad = write_csv(tmp_path / "bad.csv", [HEADER, f"{theirs.id_number},food,,"])
    report = import_file("talent", bad, clerk)
    assert [str(e) for e in report.errors] == [
        "第2行: 身份证号: 人员名册中没有此人或不在您的管理范围内"]
    good = write_csv(tmp_path / "good.csv", [HEADER, f"{mine.id_number},food,,"])
    assert import_file("talent", good, clerk).ok
    assert members(db) == [("本县", "food", "backbone", "nominated", None)]


def test_the_web_import_shows_the_warning(auth, db, province, make_officer, make_user):
    left = make_officer(province["360102"], "调离者", on_post=False)
    auth.login(make_user("legal", province["360100"]).username)
    data = f"{HEADER}\n{left.id_number},食品安全,骨干,\n".encode()
    page = auth.post("/imports/talent", {"file": (io.BytesIO(data), "t.csv")},
                     content_type="multipart/form-data", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "新增 1 条" in text
    assert "提示 第2行: 身份证号: 调离者不在执法岗位或不在岗，已入库但不会被抽取" in text
