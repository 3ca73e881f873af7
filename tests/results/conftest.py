"""Factories for results tests: an exam taken by known candidates with known answers, then closed."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.core.actor import CLI
from app.core.models import utcnow
from app.exams import services, taking
from app.exams.models import Attempt, PaperItem
from app.extensions import db as _db
from tests.exams.conftest import candidate, make_exam, province_bank  # noqa: F401

# Three single choices and two multiple choices, 10 points each: 50 in all, pass mark 30.
STATS_SECTIONS = [services.SectionData("single", 3, Decimal(10)),
                  services.SectionData("multiple", 2, Decimal(10))]


def shown(item: PaperItem, value):
    """A response in original letters (or 正确/错误, or a list of blanks) as the page sends it."""
    v = item.version
    if v.type in ("single", "multiple"):
        return "".join(sorted(chr(65 + item.option_order.index(c)) for c in value))
    return value


def paper(attempt: Attempt) -> list[PaperItem]:
    return list(_db.session.scalars(select(PaperItem).where(
        PaperItem.candidate_id == attempt.candidate_id).order_by(PaperItem.position)))


def sit(exam, officer, answers, now=None) -> Attempt:
    """Start, answer by position (original letters), submit. `answers` is {position: value}
    or a function of the paper's items returning one."""
    now = now or utcnow()
    attempt = taking.start(CLI, exam, officer, now)
    _db.session.flush()
    items = {i.position: i for i in paper(attempt)}
    if callable(answers):
        answers = answers(list(items.values()))
    for seq, (position, value) in enumerate(answers.items(), start=1):
        taking.save_answer(CLI, attempt, position, shown(items[position], value), seq, now)
    taking.submit(CLI, attempt, now)
    _db.session.commit()
    return attempt


def close(exam, minutes_ago: int = 1) -> None:
    """Move the exam's window into the past (as if time went by)."""
    now = utcnow()
    exam.opens_at = now - timedelta(hours=3)
    exam.closes_at = now - timedelta(minutes=minutes_ago)
    _db.session.commit()


# Position -> original letters for each of the five candidates of the statistics data set.
STATS_ANSWERS = [
    {1: "B", 2: "B", 3: "C", 4: "AC", 5: "AC"},   # A: 10+10+0+10+10 = 40
    {1: "B", 2: "B", 3: "C", 4: "A", 5: ""},      # B: 10+10+0+5+0  = 25
    {1: "B", 2: "B", 3: "B", 4: "A", 5: ""},      # C: 10+10+10+5+0 = 35
    {1: "B", 2: "A", 3: "B", 4: "AD", 5: ""},     # D: 10+0+10+0+0  = 20
    {1: "B", 2: "A", 3: "B", 4: "", 5: ""},       # E: 10+0+10+0+0  = 20
]


@pytest.fixture
def stats_exam(db, make_exam, candidate):  # noqa: F811  (fixtures imported above)
    """The known data set: a fixed, unshuffled paper, partial credit, five candidates."""
    def make(unit_codes=("360102",) * 5):
        users = [candidate(code) for code in unit_codes]
        exam = make_exam(sections=STATS_SECTIONS, mode="fixed", shuffle=False,
                         multiple_scoring="partial", officers=[u.officer for u in users])
        attempts = [sit(exam, u.officer, {p: a for p, a in answers.items() if a})
                    for u, answers in zip(users, STATS_ANSWERS, strict=True)]
        close(exam)
        return exam, users, attempts
    return make
