"""`flask export questions`: xlsx, csv, json and YAML; every export re-imports unchanged."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db as _db
from app.questions.formats import parse_yaml_path
from app.questions.models import Question, QuestionVersion

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def varied_bank(make_question):
    """One question of each type, with the fields that are easy to lose on the way."""
    make_question("=SUM(A1) 这样以等号开头的题干<script>alert(1)</script>", difficulty=1,
                  options={"A": "-1", "B": "+2", "C": "@3"}, answer="C",
                  basis_law="中华人民共和国行政处罚法", basis_version="2021",
                  basis_article="第三十六条", explanation="两行的\n解析", tags=["时效", "追责"])
    make_question("下列属于行政处罚的有：", type="multiple",
                  options={"A": "警告", "B": "罚款", "C": "记过", "D": "没收违法所得"},
                  answer="ABD", category="legal_review", difficulty=5)
    make_question("食品经营者应当取得许可。", type="truefalse", answer="正确", category="food")
    make_question("当事人应当在____日内申请听证，____日内举行。", type="fill",
                  answer="五/5|四十五/45", category="basic", name="听证期限")
    make_question("简述听证程序的适用范围。", type="short", answer="较大数额罚款……\n第二行",
                  scoring_points=["较大数额罚款", "吊销许可证件"], category="basic")


def counts() -> tuple[int, int]:
    return (_db.session.scalar(select(func.count()).select_from(Question)),
            _db.session.scalar(select(func.count()).select_from(QuestionVersion)))


@pytest.mark.parametrize("fmt, name", [("xlsx", "bank.xlsx"), ("csv", "bank.csv"),
                                       ("yaml", "bank.yaml"), ("yaml", "folder/")])
def test_export_reimports_unchanged(runner, varied_bank, tmp_path, fmt, name):
    out = tmp_path / name
    exported = runner.invoke(args=["export", "questions", "--format", fmt, "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(args=["import", "questions", str(out)])
    assert "新增 0 条, 更新 0 条, 未变 5 条" in result.output, result.output
    assert counts() == (5, 5)


def test_yaml_folder_has_one_file_per_category(runner, varied_bank, tmp_path):
    runner.invoke(args=["export", "questions", "--format", "yaml", "--out", f"{tmp_path}/out/"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "basic.yaml", "food.yaml", "legal_review.yaml"]
    food = (tmp_path / "out" / "food.yaml").read_text(encoding="utf-8")
    assert food == ("category: food\nquestions:\n  - type: 判断\n    stem: 食品经营者应当取得许可。\n"
                    "    answer: 正确\n")


def test_yaml_to_stdout(runner, varied_bank):
    result = runner.invoke(args=["export", "questions", "--format", "yaml"])
    assert "stem: 简述听证程序的适用范围。" in result.output
    assert "    scoring_points:\n      - 较大数额罚款\n      - 吊销许可证件\n" in result.output


def test_export_to_an_empty_database_recreates_the_bank(runner, varied_bank, tmp_path, db):
    out = tmp_path / "bank.xlsx"
    runner.invoke(args=["export", "questions", "--format", "xlsx", "--out", str(out)])
    for question in db.session.scalars(select(Question)):
        db.session.delete(question)
    db.session.commit()
    result = runner.invoke(args=["import", "questions", str(out)])
    assert "新增 5 条" in result.output
    stem = db.session.scalar(select(QuestionVersion.stem).where(QuestionVersion.type == "single"))
    assert stem == "=SUM(A1) 这样以等号开头的题干<script>alert(1)</script>"
    fill = db.session.scalar(select(QuestionVersion).where(QuestionVersion.type == "fill"))
    assert fill.answer == "五/5|四十五/45"


def test_json_export_in_template_headers(runner, varied_bank):
    result = runner.invoke(args=["export", "questions", "--format", "json"])
    items = json.loads(result.output)
    assert len(items) == 5
    multiple = next(i for i in items if i["题型"] == "多选")
    assert (multiple["答案"], multiple["选项D"], multiple["专业类别"], multiple["难度"]) == (
        "ABD", "没收违法所得", "法制审核与执法程序", 5)
    single = next(i for i in items if i["题型"] == "单选")
    assert single["法律依据"] == "《中华人民共和国行政处罚法》(2021) 第三十六条"
    assert single["知识点"] == "时效、追责"


def test_yaml_export_is_for_questions_only(runner):
    result = runner.invoke(args=["export", "units", "--format", "yaml"])
    assert result.exit_code == 2
    assert "yaml 格式只用于 questions" in result.output


def test_question_bank_round_trips_through_xlsx(runner, tmp_path):
    runner.invoke(args=["import", "questions", str(ROOT / "question_bank")])
    out = tmp_path / "bank.xlsx"
    runner.invoke(args=["export", "questions", "--format", "xlsx", "--out", str(out)])
    result = runner.invoke(args=["import", "questions", str(out)])
    in_files = len(parse_yaml_path(ROOT / "question_bank").questions)
    assert f"新增 0 条, 更新 0 条, 未变 {in_files} 条" in result.output
