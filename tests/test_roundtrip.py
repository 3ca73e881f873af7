"""Export then import changes nothing (issue 18, item 5): every kind, on the demo province,
through `flask export KIND` and `flask import KIND`, as xlsx and as csv."""
import pytest
from sqlalchemy import select

from app.people.models import Officer

KINDS = ("units", "officers", "training", "questions", "certificates", "talent")


@pytest.fixture
def demo(runner, db):
    result = runner.invoke(args=["demo-data", "--officers", "120"])
    assert result.exit_code == 0, result.output


def export_then_import(runner, kind, path):
    exported = runner.invoke(args=["export", kind, "--format", path.suffix[1:], "--out", str(path)])
    assert exported.exit_code == 0, exported.output
    return runner.invoke(args=["import", kind, str(path)])


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_reimports_as_zero_created_zero_updated(demo, runner, tmp_path, kind):
    for fmt in ("xlsx", "csv"):
        result = export_then_import(runner, kind, tmp_path / f"{kind}.{fmt}")
        assert result.exit_code == 0, (fmt, result.output)
        assert "新增 0 条, 更新 0 条, 未变 " in result.output, (fmt, result.output)
        assert "未变 0 条" not in result.output


def test_values_the_formula_guard_protects_come_back_unguarded(demo, runner, db, tmp_path):
    officer = db.session.scalar(select(Officer).order_by(Officer.id))
    officer.specialty = "-"
    officer.phone = None
    db.session.commit()
    result = export_then_import(runner, "officers", tmp_path / "officers.xlsx")
    assert "新增 0 条, 更新 0 条" in result.output, result.output
    db.session.expire_all()
    assert db.session.get(Officer, officer.id).specialty == "-"


def test_a_blank_optional_cell_keeps_the_stored_value(demo, runner, db, tmp_path):
    officer = db.session.scalar(select(Officer).where(Officer.phone.is_not(None))
                                .order_by(Officer.id))
    phone, education = officer.phone, officer.education
    path = tmp_path / "one.csv"
    path.write_text("姓名,身份证号,单位编码,执法岗位,人员状态,状态变更日期,手机号,学历\n"
                    f"{officer.name},{officer.id_number},{officer.unit.code},"
                    f"{'是' if officer.on_post else '否'},,,,\n", encoding="utf-8")
    result = runner.invoke(args=["import", "officers", str(path)])
    assert "新增 0 条, 更新 0 条, 未变 1 条" in result.output, result.output
    db.session.expire_all()
    kept = db.session.get(Officer, officer.id)
    assert (kept.phone, kept.education) == (phone, education)


def test_blank_optional_question_cells_keep_the_stored_values(runner, db, tmp_path):
    from openpyxl import Workbook

    from app.questions.models import QuestionVersion

    headers = ["题型", "题干", "选项A", "选项B", "答案", "专业类别", "难度", "解析"]

    def write(difficulty, explanation):
        book = Workbook()
        book.active.append(headers)
        book.active.append(["单选", "处罚决定书应当在几日内送达？", "七日", "十日", "A", "食品安全",
                            difficulty, explanation])
        book.save(tmp_path / "q.xlsx")
        return runner.invoke(args=["import", "questions", str(tmp_path / "q.xlsx")])

    assert "新增 1 条" in write(4, "行政处罚法第六十一条").output
    again = write(None, None)
    assert "新增 0 条, 更新 0 条, 未变 1 条" in again.output, again.output
    version = db.session.scalar(select(QuestionVersion))
    assert (version.difficulty, version.explanation) == (4, "行政处罚法第六十一条")
