"""Enumerated columns: the documented synonyms are accepted, anything else is refused with the
allowed values listed (issue 18, item 9)."""
from sqlalchemy import select

from app.core import synonyms
from app.people.models import Officer
from app.training.models import TrainingSession
from tests.conftest import id_number

HEADER = "姓名,身份证号,单位编码,执法岗位,人员状态,学历,法律专业"


def run(runner, tmp_path, kind, lines):
    path = tmp_path / f"{kind}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", kind, str(path)])
    return result, [line for line in result.output.splitlines() if line.startswith("第")]


def test_documented_synonyms_are_stored_as_the_allowed_value(runner, db, province, tmp_path):
    result, errors = run(runner, tmp_path, "officers", [
        HEADER,
        f"甲,{id_number(1)},360102,Y,在职,大学本科,√",
        f"乙,{id_number(2)},360102,N,调离,大学专科,×",
        f"丙,{id_number(3)},360102,是,在岗,硕士,0"])
    assert errors == [] and result.exit_code == 0, result.output
    stored = {o.name: (o.on_post, o.status, o.education, o.legal_major)
              for o in db.session.scalars(select(Officer))}
    assert stored == {"甲": (True, "active", "本科", True),
                      "乙": (False, "transferred", "大专", False),
                      "丙": (True, "active", "硕士研究生", False)}


def test_other_values_are_refused_with_the_allowed_values(runner, db, province, tmp_path):
    result, errors = run(runner, tmp_path, "officers", [
        HEADER, f"甲,{id_number(1)},360102,也许,休假,研究生,"])
    assert result.exit_code != 0
    assert errors == [
        "第2行: 执法岗位: 应填“是”或“否”",
        "第2行: 人员状态: 应为以下之一: 在岗/调离执法岗位/退休/辞职/其他",
        "第2行: 学历: 应为以下之一: " + "/".join(synonyms.EDUCATIONS),
    ]
    assert db.session.scalar(select(Officer)) is None


def test_training_category_and_mode_synonyms(runner, db, province, make_officer, tmp_path):
    make_officer(province["360102"], id_number=id_number(1))
    result, errors = run(runner, tmp_path, "training", [
        "培训名称,培训类别,开始日期,结束日期,身份证号,学时,主办单位编码,培训方式",
        f"执法实务,业务知识,2026-03-05,2026-03-05,{id_number(1)},4,360102,线上培训"])
    assert errors == [], result.output
    session = db.session.scalar(select(TrainingSession))
    assert (session.category, session.mode) == ("business", "online")


def test_a_shortened_specialty_name_is_refused_with_the_categories(runner, db, province,
                                                                  make_officer, tmp_path):
    officer = make_officer(province["360102"], on_post=True)
    _result, errors = run(runner, tmp_path, "talent", ["身份证号,专业类别,等级",
                                                       f"{officer.id_number},食品,骨干"])
    assert len(errors) == 1
    assert errors[0].startswith("第2行: 专业类别: 专业类别“食品”不存在，应为以下之一: ")
    assert "食品安全" in errors[0]


def test_every_synonym_names_an_allowed_value():
    from app.people.models import STATUS_BY_LABEL
    from app.training.models import CATEGORY_BY_LABEL, MODE_BY_LABEL

    for mapping, allowed in ((synonyms.EDUCATION, synonyms.EDUCATIONS),
                             (synonyms.PERSON_STATUS, STATUS_BY_LABEL),
                             (synonyms.TRAINING_CATEGORY, CATEGORY_BY_LABEL),
                             (synonyms.TRAINING_MODE, MODE_BY_LABEL)):
        assert set(mapping.values()) <= set(allowed)
        assert not set(mapping) & set(allowed)
