"""Fixtures: the law library as the repository holds it, and small law files."""
from pathlib import Path

import pytest

from app.core.actor import CLI
from app.extensions import db as _db
from app.laws import services

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


from tests.questions.conftest import make_question  # noqa: E402,F401 - shared fixture
