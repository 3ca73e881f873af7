"""The review of a paper (答卷回顾): the candidate's answers beside the key and explanation.

Only ever built after access.review_open() said yes; per-item scores count as
key material too (a right/wrong mark on a choice question gives the key away).
"""
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from app.exams.models import Answer, Attempt, PaperItem
from app.exams.taking import shown_value
from app.extensions import db
from app.laws.citations import cited_article
from app.questions.formats.answers import format_basis


@dataclass
class ReviewItem:
    position: int
    type: str
    type_label: str
    stem: str
    options: list[tuple[str, str]]
    response: str
    key: str
    score: str
    points: str
    right: bool
    explanation: str
    basis: str
    article_title: str = ""
    article_clauses: list[str] = field(default_factory=list)
    article_clause: int | None = None


def _shown(item: PaperItem, stored: str) -> str:
    value = shown_value(item, stored)
    return " | ".join(value) if isinstance(value, list) else str(value or "")


def items(attempt: Attempt) -> list[ReviewItem]:
    rows = db.session.execute(
        select(PaperItem, Answer).outerjoin(
            Answer, (Answer.item_id == PaperItem.id) & (Answer.attempt_id == attempt.id))
        .where(PaperItem.candidate_id == attempt.candidate_id)
        .order_by(PaperItem.position)).all()
    out = []
    for item, answer in rows:
        v = item.version
        options = [(chr(65 + i), v.options[letter])
                   for i, letter in enumerate(item.option_order or [])]
        key = _shown(item, v.answer) if v.type != "fill" else v.answer.replace("|", " | ")
        score = answer.score if answer is not None and answer.score is not None else 0
        out.append(ReviewItem(
            item.position, v.type, v.type_label, v.stem, options,
            _shown(item, answer.response) if answer else "", key, f"{score.normalize():f}"
            if score else "0", f"{item.points.normalize():f}", score == item.points,
            v.explanation or "", format_basis(v.basis_law, v.basis_version, v.basis_article),
            *cited_article(v)))
    return out


def as_json(attempt: Attempt) -> list[dict]:
    return [asdict(i) for i in items(attempt)]
