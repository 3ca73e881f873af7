"""The officers import contract of INTERFACES.md, through `flask import` and the web."""
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.people.models import Officer, OfficerEvent
from tests.conftest import id_number

HEADER = "姓名,身份证号,单位编码,执法岗位,人员状态,状态变更日期,执法岗位起始日期,专业特长,手机号,学历,法律专业"
# Exports and the template: the old columns in their order, then the optional staffing ones.
FULL_HEADER = HEADER.split(",") + ["法制审核人员", "法律职业资格"]


def write_csv(path, lines, encoding="utf-8"):
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def good_rows(n=3, unit="360102"):
    return [f"人员{i},{id_number(100 + i)},{unit},是,在岗,,2020-01-01,食品安全,1380000{i:04d},本科,否"
            for i in range(n)]


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_good_file_imports_then_reimports_unchanged(runner, db, province, tmp_path):
    path = write_csv(tmp_path / "o.csv", [HEADER, *good_rows(3)])
    first = runner.invoke(args=["import", "officers", str(path)])
    assert first.exit_code == 0, first.output
    assert "新增 3 条, 更新 0 条, 未变 0 条" in first.output
    again = runner.invoke(args=["import", "officers", str(path)])
    assert "新增 0 条, 更新 0 条, 未变 3 条" in again.output
    assert count(db, Officer) == 3
    assert count(db, AuditEntry) == 3


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row(runner, db, province, tmp_path):
    lines = [HEADER, *good_rows(2),
             "坏人,360102198001010011,360102,是,在岗,,,,,,",        # row 4: check digit
             f"无单位,{id_number(7)},999999,是,在岗,,,,,,",           # row 5: unknown unit
             f"乱填,{id_number(8)},360102,也许,休假,2024-13-01,,,abc,,",  # row 6: four bad cells
             f"重复,{id_number(100)},360102,是,在岗,,,,,,",           # row 7: repeats row 2
             ",,,,,,,,,,"]                                            # blank: skipped
    result = runner.invoke(args=["import", "officers", str(write_csv(tmp_path / "o.csv", lines))])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("第")]
    assert errors == [
        "第4行: 身份证号: 身份证号无效（校验码错误）",
        "第5行: 单位编码: 单位 999999 不存在或不在您的管理范围内",
        "第6行: 执法岗位: 应填“是”或“否”",
        "第6行: 人员状态: 应为以下之一: 在岗/调离执法岗位/退休/辞职/其他",
        "第6行: 状态变更日期: 日期格式应为 YYYY-MM-DD",
        "第6行: 手机号: 手机号格式不正确",
        "第7行: 身份证号: 与第2行重复",
    ]
    assert count(db, Officer) == 0 and count(db, AuditEntry) == 0


def test_missing_required_column_is_reported_on_row_1(runner, db, province, tmp_path):
    path = write_csv(tmp_path / "o.csv", ["姓名,身份证号,单位编码", f"甲,{id_number(1)},360102"])
    result = runner.invoke(args=["import", "officers", str(path)])
    assert result.exit_code != 0
    assert "第1行: 执法岗位: 缺少必填列" in result.output


def test_dry_run_counts_but_writes_nothing(runner, db, province, tmp_path):
    path = write_csv(tmp_path / "o.csv", [HEADER, *good_rows(2)])
    result = runner.invoke(args=["import", "officers", str(path), "--dry-run"])
    assert result.exit_code == 0 and "试运行" in result.output and "新增 2 条" in result.output
    assert count(db, Officer) == 0


def test_gb18030_csv_and_xlsx_with_real_dates_import(runner, db, province, tmp_path):
    gb = write_csv(tmp_path / "gb.csv", [HEADER, *good_rows(1)], encoding="gb18030")
    assert runner.invoke(args=["import", "officers", str(gb)]).exit_code == 0
    book = Workbook()
    book.active.append(HEADER.split(","))
    from datetime import datetime
    book.active.append(["李四", id_number(200).lower(), "360103", "否", "退休",
                        datetime(2025, 6, 30), datetime(2010, 1, 1), None, None, None, "是"])
    book.save(tmp_path / "o.xlsx")
    result = runner.invoke(args=["import", "officers", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 0, result.output
    officer = db.session.scalar(select(Officer).where(Officer.name == "李四"))
    assert officer.id_number == id_number(200).upper()
    assert (officer.status, str(officer.status_changed_on), officer.on_post) == (
        "retired", "2025-06-30", False)


def test_a_changed_row_updates_and_keeps_history(runner, db, province, tmp_path):
    path = write_csv(tmp_path / "o.csv", [HEADER, *good_rows(1)])
    runner.invoke(args=["import", "officers", str(path)])
    moved = good_rows(1, unit="360103")[0].replace("在岗,,", "调离执法岗位,2026-03-01,")
    result = runner.invoke(args=["import", "officers", str(write_csv(path, [HEADER, moved]))])
    assert "更新 1 条" in result.output
    officer = db.session.scalar(select(Officer))
    kinds = [(e.kind, e.before, e.after) for e in db.session.scalars(
        select(OfficerEvent).where(OfficerEvent.officer_id == officer.id).order_by(OfficerEvent.id))]
    assert kinds == [("created", None, "360102"), ("transfer", "360102", "360103"),
                     ("status", "在岗", "调离执法岗位")]
    update = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "officer.update"))
    assert update.before["unit_code"] == "360102" and update.after["unit_code"] == "360103"


def test_a_column_left_out_keeps_stored_values(runner, db, province, tmp_path):
    runner.invoke(args=["import", "officers", str(write_csv(tmp_path / "a.csv",
                                                            [HEADER, *good_rows(1)]))])
    short = write_csv(tmp_path / "b.csv", ["姓名,身份证号,单位编码,执法岗位",
                                           f"人员0,{id_number(100)},360102,是"])
    assert "未变 1 条" in runner.invoke(args=["import", "officers", str(short)]).output
    assert db.session.scalar(select(Officer.phone)) == "13800000000"


def test_export_reimports_unchanged(runner, db, province, tmp_path):
    runner.invoke(args=["import", "officers", str(write_csv(tmp_path / "a.csv",
                                                            [HEADER, *good_rows(4)]))])
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        assert runner.invoke(args=["export", "officers", "--format", fmt,
                                   "--out", str(out)]).exit_code == 0
        result = runner.invoke(args=["import", "officers", str(out)])
        assert "新增 0 条, 更新 0 条, 未变 4 条" in result.output, result.output


def test_export_json_has_the_import_headers(runner, db, province, tmp_path):
    import json

    runner.invoke(args=["import", "officers", str(write_csv(tmp_path / "a.csv",
                                                            [HEADER, *good_rows(1)]))])
    rows = json.loads(runner.invoke(args=["export", "officers", "--format", "json"]).output)
    assert list(rows[0]) == FULL_HEADER and rows[0]["执法岗位起始日期"] == "2020-01-01"


def _upload(auth, kind, name, data, dry_run=False):
    form = {"file": (io.BytesIO(data), name)}
    if dry_run:
        form["dry_run"] = "y"
    return auth.post(f"/imports/{kind}", form, content_type="multipart/form-data",
                     follow_redirects=True)


def test_web_import_by_a_county_clerk_refuses_rows_of_another_county(
        auth, db, province, make_user):
    auth.login(make_user("hr", province["360102"]).username)
    data = "\n".join([HEADER, *good_rows(1),
                      f"外县,{id_number(300)},360702,是,在岗,,,,,,"]).encode("utf-8-sig")
    page = _upload(auth, "officers", "o.csv", data).get_data(as_text=True)
    assert "第3行: 单位编码: 单位 360702 不存在或不在您的管理范围内" in page
    assert count(db, Officer) == 0


def test_web_import_reports_counts_and_its_progress(auth, db, province, make_user):
    auth.login(make_user("hr", province["360100"]).username)
    data = "\n".join([HEADER, *good_rows(3)]).encode("utf-8")
    page = _upload(auth, "officers", "o.csv", data)
    assert "新增 3 条" in page.get_data(as_text=True)
    job_id = page.request.path.rsplit("/", 1)[1]
    status = auth.client.get(f"/jobs/{job_id}/status").get_json()
    assert status["finished"] and status["done"] == status["total"] > 0


def test_web_upload_of_a_non_spreadsheet_is_refused(auth, db, province, make_user):
    auth.login(make_user("hr", province["360100"]).username)
    page = _upload(auth, "officers", "o.xlsx", b"MZ\x90\x00 not a zip").get_data(as_text=True)
    assert "不是有效的 Excel" in page
    page = _upload(auth, "officers", "o.exe", b"whatever").get_data(as_text=True)
    assert "只接受 .xlsx 或 .csv 文件" in page


def test_template_download_has_the_contract_headers(auth, db, province, make_user):
    from openpyxl import load_workbook

    auth.login(make_user("hr", province["360100"]).username)
    data = auth.client.get("/imports/officers/template.xlsx").data
    header = [c.value for c in next(load_workbook(io.BytesIO(data)).active.iter_rows())]
    assert header == FULL_HEADER


def test_a_city_clerk_cannot_take_over_an_officer_of_another_city(
        auth, db, province, make_officer, make_user):
    """Issue 14 (2): 南昌 HR renamed a 九江 officer and moved her into 南昌 by import."""
    theirs = make_officer(province["360702"], name="九江人")
    number = theirs.id_number
    auth.login(make_user("hr", province["360100"]).username)
    row = f"改名,{number},360102,是,在岗,,,,,,"
    unknown_bad = f"无此人,{number[:-1]}0,360102,是,在岗,,,,,,"   # a wrong check digit
    for dry_run in (True, False):
        page = _upload(auth, "officers", "o.csv", "\n".join([HEADER, row]).encode("utf-8"),
                       dry_run=dry_run).get_data(as_text=True)
        assert "第2行: 身份证号: 该身份证号不能由本单位导入，调入请走调动流程" in page
        assert "360702" not in page and "九江人" not in page
    page = _upload(auth, "officers", "o.csv", "\n".join([HEADER, unknown_bad]).encode("utf-8"),
                   dry_run=True).get_data(as_text=True)
    assert "第2行: 身份证号:" in page
    db.session.expire_all()
    officer = db.session.get(Officer, theirs.id)
    assert (officer.name, officer.unit_id) == ("九江人", province["360702"].id)
    assert count(db, Officer) == 1


def test_a_clerk_still_updates_officers_of_the_own_scope_and_the_cli_imports_anything(
        runner, auth, db, province, make_officer, make_user, tmp_path):
    mine = make_officer(province["360102"], name="本县人")
    theirs = make_officer(province["360702"], name="外市人")
    auth.login(make_user("hr", province["360100"]).username)
    data = "\n".join([HEADER, f"本县新名,{mine.id_number},360103,是,在岗,,,,,,"]).encode("utf-8")
    assert "更新 1 条" in _upload(auth, "officers", "o.csv", data).get_data(as_text=True)
    path = write_csv(tmp_path / "t.csv", [HEADER, f"调入,{theirs.id_number},360102,是,在岗,,,,,,"])
    result = runner.invoke(args=["import", "officers", str(path)])
    assert result.exit_code == 0 and "更新 1 条" in result.output, result.output
    db.session.expire_all()
    assert db.session.get(Officer, theirs.id).unit_id == province["360102"].id


def test_adding_an_officer_of_another_city_by_hand_says_nothing_of_them(
        auth, db, province, make_officer, make_user):
    theirs = make_officer(province["360702"], name="外市人")
    auth.login(make_user("hr", province["360100"]).username)
    page = auth.post("/officers/new", data={
        "name": "新人", "id_number": theirs.id_number, "unit_id": province["360102"].id,
        "on_post": "y", "status": "active"}).get_data(as_text=True)
    assert "该身份证号不能由本单位导入" in page and "已在人员名册中" not in page


def test_an_uploaded_roster_is_deleted_once_imported_and_never_backed_up(
        auth, app, db, province, make_user, runner, tmp_path):
    """The uploaded file holds whole 身份证号 in the clear: it lives only until its import, and
    a backup never copies the import folder."""
    from pathlib import Path

    auth.login(make_user("hr", province["360100"]).username)
    data = "\n".join([HEADER, *good_rows(2)]).encode("utf-8")
    imports = Path(app.config["UPLOAD_DIR"]) / "imports"
    before = set(imports.glob("*")) if imports.exists() else set()
    _upload(auth, "officers", "o.csv", data, dry_run=True)
    waiting = set(imports.glob("*")) - before
    assert len(waiting) == 1       # kept for the confirmation after the dry run
    (imports / "left-over.csv").write_bytes(data)
    page = _upload(auth, "officers", "o.csv", data).get_data(as_text=True)
    assert "新增 2 条" in page
    assert set(imports.glob("*")) - before - waiting == {imports / "left-over.csv"}
    out = tmp_path / "backup"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    assert not (out / "uploads" / "imports").exists()
    assert not any(good_rows(1)[0].split(",")[1].encode() in p.read_bytes()
                   for p in out.rglob("*") if p.is_file())
