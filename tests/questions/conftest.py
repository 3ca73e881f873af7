"""Factories for the question bank tests: a question, and a template file from rows."""
from pathlib import Path

import pytest

from app.core.actor import CLI
from app.core.tables import write_csv, write_xlsx
from app.questions import services
from app.questions.formats import ParsedQuestion
from app.questions.formats.rows import HEADERS
from app.specialties.models import find


@pytest.fixture
def make_question(db):
    def make(stem: str = "违法行为在几年内未被发现的，不再给予行政处罚？", *,
             category: str = "basic", **fields):
        fields.setdefault("type", "single")
        if fields["type"] in ("single", "multiple"):
            fields.setdefault("options", {"A": "一年", "B": "二年", "C": "三年", "D": "五年"})
        fields.setdefault("answer", {"single": "B", "multiple": "AB", "truefalse": "正确",
                                     "fill": "七日/7日", "short": "参考答案"}[fields["type"]])
        question = services.create_question(CLI, find(category),
                                            ParsedQuestion(stem=stem, category=category, **fields))
        db.session.commit()
        return question
    return make


def template_row(**cells) -> list:
    """A template row (HEADERS order) from keyword cells named by header."""
    return [cells.get(header, "") for header in HEADERS]


@pytest.fixture
def write_template(tmp_path):
    """Write rows ({header: value} dicts) as an .xlsx or .csv template file."""
    def write(rows: list[dict], name: str = "questions.xlsx", headers=HEADERS,
              encoding: str = "utf-8-sig") -> Path:
        path = tmp_path / name
        values = [[row.get(h, "") for h in headers] for row in rows]
        if name.endswith(".xlsx"):
            path.write_bytes(write_xlsx(list(headers), values))
        else:
            path.write_bytes(write_csv(list(headers), values).encode(encoding))
        return path
    return write
