"""A question's citation is a reference into the library; the import refuses one that is not."""
from datetime import date

import pytest
from sqlalchemy import select

from app.laws.checks import problems
from app.questions.models import Question, QuestionVersion
from tests.laws.conftest import BANK

YAML = """category: competition
law: 中华人民共和国反不正当竞争法
version: '2025'
questions:
  - type: 判断
    stem: 经营者不得帮助他人实施混淆行为。
    answer: 正确
    article: 第七条第三款
  - type: 判断
    stem: 第四十二条并不存在。
    answer: 错误
    article: 第四十二条
  - type: 判断
    stem: 版本不在库中。
    answer: 错误
    version: '2017'
    article: 第一条
  - type: 判断
    stem: 第七条没有第四款。
    answer: 错误
    article: 第七条第四款
"""


def test_an_import_citing_an_article_not_in_that_version_is_refused_line_by_line(
        runner, library, tmp_path, db):
    path = tmp_path / "q.yaml"
    path.write_text(YAML, encoding="utf-8")
    result = runner.invoke(args=["import", "questions", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "第9行: article: q.yaml: 《中华人民共和国反不正当竞争法》（2025）没有第四十二条" in lines
    assert "第13行: article: q.yaml: 法条库中没有《中华人民共和国反不正当竞争法》的 2017 版本" in lines
    assert "第18行: article: q.yaml: 《中华人民共和国反不正当竞争法》（2025）第七条只有 3 款" in lines
    assert db.session.scalar(select(Question.id)) is None


def test_a_good_citation_is_stored_as_a_reference_with_its_clause(runner, library, tmp_path, db):
    path = tmp_path / "q.yaml"
    path.write_text(YAML.split("  - type: 判断\n    stem: 第四十二条")[0], encoding="utf-8")
    assert runner.invoke(args=["import", "questions", str(path)]).exit_code == 0
    version = db.session.scalar(select(QuestionVersion))
    assert version.law_article.label == "第七条" and version.basis_clause == 3
    assert version.law_article.version.year == "2025"
    assert "经营者不得帮助他人实施混淆行为" in version.law_article.clauses[2]


def _bank_laws() -> list[tuple[str, str]]:
    from app.questions.formats.yaml_bank import parse_yaml_path

    found = set()
    for path in sorted(BANK.rglob("*.yaml")):
        for q in parse_yaml_path(path).questions:
            found.add((q.basis_law, q.basis_version))
    return sorted(found)


@pytest.fixture(scope="module")
def bank_problems(app):
    """Every unresolved bank citation, by (law, version), with the library and bank loaded."""
    from app.core.actor import CLI
    from app.extensions import db
    from app.laws import services
    from app.questions import importer
    from tests.conftest import seed_specialties
    from tests.laws.conftest import LIBRARY

    with app.app_context():
        assert services.run_import(LIBRARY, CLI).ok
        report = importer.run(BANK, CLI)
        db.session.flush()
        # A citation of an article the library lacks refuses the whole import, line by line.
        found: dict = {"import": [str(e) for e in report.errors]}
        for p in problems(date(2025, 1, 1)):
            if "不是施行中的版本" not in p["problem"]:
                found.setdefault((p["law"], p["version"]), []).append(p)
        db.session.rollback()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            seed_specialties(conn)
    return found


@pytest.mark.parametrize("law_version", _bank_laws(), ids=lambda lv: f"{lv[0]}-{lv[1]}")
def test_every_bank_question_cites_an_article_the_library_holds(law_version, bank_problems):
    """Each bank citation names a law version and an article that the library holds."""
    law, version = law_version
    refused = [e for e in bank_problems["import"] if f"《{law}》（{version}）" in e
               or f"《{law}》的 {version}" in e]
    assert refused == []
    assert bank_problems.get(law_version, []) == []
