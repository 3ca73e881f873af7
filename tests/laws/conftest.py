"""Fixtures: the law library as the repository holds it, and small law files."""
from pathlib import Path

import pytest

from app.core.actor import CLI
from app.extensions import db as _db
from app.laws import services
from app.questions import services as bank_services
from app.questions.formats import ParsedQuestion
from app.specialties.models import find

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "law_library"
BANK = ROOT / "question_bank"


@pytest.fixture
def library(db):
    report = services.run_import(LIBRARY, CLI)
    assert report.ok, report.errors[:5]
    _db.session.commit()
    return report


def law_file(law: str, year: str, effective: str, articles: dict[int, str], **meta) -> str:
    from app.laws.numbers import label

    head = [f"law: {law}", f'version: "{year}"', f"promulgated: {effective}",
            f"effective: {effective}"] + [f"{k}: {v}" for k, v in meta.items()]
    body = [f"{label(n)} {text}" for n, text in sorted(articles.items())]
    return "---\n" + "\n".join(head) + "\n---\n## 第一章 总则\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture
def write_law(tmp_path):
    def write(name: str, *args, **kwargs) -> Path:
        path = tmp_path / name
        path.write_text(law_file(*args, **kwargs), encoding="utf-8")
        return path
    return write


LAW = "中华人民共和国某某法"
OLD = {1: "为了规范市场秩序，制定本法。",
       2: "经营者应当如实明码标价，不得在标价之外加价出售商品。",
       3: "违反本法第二条规定的，处五万元以下的罚款。",
       4: "行业协会可以制定本行业的自律公约，报有关部门备案。"}
NEW = {1: "为了规范市场秩序，制定本法。",
       2: "平台经营者应当公示平台内经营者的收费项目和标准。",
       3: "经营者应当如实明码标价，不得在标价之外加价出售商品。",
       4: "违反本法第三条规定的，处十万元以下的罚款。"}


@pytest.fixture
def cited(db, write_law):
    report = services.run_import(write_law("old.md", LAW, "2020", "2020-01-01", OLD), CLI)
    assert report.ok, report.errors
    questions = {}
    for number in (1, 2, 3, 4):
        questions[number] = bank_services.create_question(CLI, find("basic"), ParsedQuestion(
            type="truefalse", stem=f"关于第{number}条的判断题。", answer="正确",
            basis_law=LAW, basis_version="2020", basis_article=f"第{'一二三四'[number - 1]}条"))
    db.session.commit()
    return questions


from tests.questions.conftest import make_question  # noqa: E402,F401 - shared fixture
