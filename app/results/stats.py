"""Item statistics: facility, discrimination, option choices, and flags in Chinese.

Definitions (hand-checkable, see tests/results/test_stats.py):
- facility (难度系数/通过率) P = mean over the candidates who had the item of score / points;
  an unanswered item scores 0; an answer still waiting for a grader is left out.
- discrimination (区分度) D = the upper-lower 27% index: the candidates who had the item are
  ranked by their total exam score (ties by attempt id), g = round(0.27 n) (at least 1),
  D = mean(score/points) of the top g − mean(score/points) of the bottom g. None when n < 2.
- flags, only from MIN_FLAG_N candidates up: P > 0.9 偏易, P < 0.3 偏难, D < 0 or a wrong
  option chosen more often than the key → 疑似答案有误, 0 ≤ D < 0.2 区分度偏低.
"""
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, select

from app.core.scoping import Scope, clause
from app.exams.models import Answer, Attempt, Exam, PaperItem
from app.extensions import db
from app.questions.models import QuestionVersion
from app.results import rates

MIN_FLAG_N = 5
EASY, HARD, LOW_D = 0.9, 0.3, 0.2
FLAG_EASY = "偏易：通过率高于90%"
FLAG_HARD = "偏难：通过率低于30%"
FLAG_KEY = "疑似答案有误：高分组得分反而较低或多数考生选了其他选项，请核对答案"
FLAG_LOW_D = "区分度偏低"


@dataclass
class Mark:
    """One candidate on one item."""

    attempt_id: int
    total: Decimal
    fraction: float
    response: str


@dataclass
class ItemStats:
    version: QuestionVersion
    n: int
    facility: float | None
    discrimination: float | None
    choices: list[tuple[str, int]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def facility(marks: list[Mark]) -> float | None:
    return sum(m.fraction for m in marks) / len(marks) if marks else None


def discrimination(marks: list[Mark]) -> float | None:
    """Upper 27% minus lower 27% facility (see the module docstring)."""
    n = len(marks)
    if n < 2:
        return None
    ranked = sorted(marks, key=lambda m: (-m.total, m.attempt_id))
    g = max(1, int(0.27 * n + 0.5))
    upper, lower = ranked[:g], ranked[-g:]
    return facility(upper) - facility(lower)


def choices(version: QuestionVersion, marks: list[Mark]) -> list[tuple[str, int]]:
    """How often each option (original letters) or 正确/错误 was chosen; blanks as 未作答."""
    if version.type in ("single", "multiple"):
        labels = sorted(version.options or {})
    elif version.type == "truefalse":
        labels = ["正确", "错误"]
    else:
        return []
    counts = Counter()
    for m in marks:
        picked = list(m.response) if version.type != "truefalse" else [m.response]
        counts.update(p for p in picked if p)
        counts["未作答"] += not m.response
    return [(label, counts[label]) for label in labels] + [("未作答", counts["未作答"])]


def flags(version: QuestionVersion, n: int, p: float | None, d: float | None,
          chosen: list[tuple[str, int]]) -> list[str]:
    if n < MIN_FLAG_N or p is None:
        return []
    found = []
    if p > EASY:
        found.append(FLAG_EASY)
    if p < HARD:
        found.append(FLAG_HARD)
    if (d is not None and d < 0) or _distractor_wins(version, chosen):
        found.append(FLAG_KEY)
    elif d is not None and d < LOW_D:
        found.append(FLAG_LOW_D)
    return found


def _distractor_wins(version: QuestionVersion, chosen: list[tuple[str, int]]) -> bool:
    """A single-answer item where some wrong option drew more candidates than the key."""
    if version.type not in ("single", "truefalse"):
        return False
    counts = dict(chosen)
    key_count = counts.get(version.answer, 0)
    return any(c > key_count for label, c in counts.items()
               if label not in (version.answer, "未作答"))


def item_stats(version: QuestionVersion, marks: list[Mark]) -> ItemStats:
    p, d = facility(marks), discrimination(marks)
    chosen = choices(version, marks)
    return ItemStats(version, len(marks), p, d, chosen, flags(version, len(marks), p, d, chosen))


# ---- loading -----------------------------------------------------------------------------------

def marks_of(where) -> dict[int, list[Mark]]:
    """version id -> marks, for the submitted attempts and paper items matching `where`."""
    rows = db.session.execute(
        select(PaperItem.version_id, PaperItem.points, Attempt.id, Attempt.score,
               Answer.score, Answer.response, Answer.needs_review)
        .join(Attempt, Attempt.candidate_id == PaperItem.candidate_id)
        .outerjoin(Answer, and_(Answer.item_id == PaperItem.id,
                                Answer.attempt_id == Attempt.id))
        .where(Attempt.state == "submitted", where)
        .order_by(PaperItem.position)).all()
    marks: dict[int, list[Mark]] = defaultdict(list)
    for version_id, points, attempt_id, total, score, response, review in rows:
        if review:
            continue
        fraction = float((score or 0) / points) if points else 0.0
        marks[version_id].append(Mark(attempt_id, total or Decimal(0), fraction, response or ""))
    return marks


def exam_items(exam: Exam, scope: Scope) -> list[ItemStats]:
    """Statistics of every question of an exam, over the candidates in scope."""
    marks = marks_of(and_(Attempt.exam_id == exam.id, clause(Attempt, scope)))
    versions = {v.id: v for v in db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.id.in_(list(marks))))}
    return [item_stats(versions[v], m) for v, m in marks.items()]


def question_exams(question_id: int, scope: Scope) -> list[tuple[Exam, ItemStats]]:
    """One question's statistics in each exam (in scope) that used any of its versions."""
    version_ids = select(QuestionVersion.id).where(QuestionVersion.question_id == question_id)
    exam_ids = db.session.scalars(select(PaperItem.exam_id).where(
        PaperItem.version_id.in_(version_ids)).distinct()).all()
    out = []
    for exam in db.session.scalars(select(Exam).where(Exam.id.in_(exam_ids))
                                   .order_by(Exam.opens_at)):
        marks = marks_of(and_(Attempt.exam_id == exam.id, clause(Attempt, scope),
                              PaperItem.version_id.in_(version_ids)))
        for version_id, m in marks.items():
            out.append((exam, item_stats(db.session.get(QuestionVersion, version_id), m)))
    return out


def summary(scores: list[Decimal], pass_mark: Decimal, total: Decimal) -> dict:
    """n, mean, sd (population), median, min, max, pass rate (per cent, rates.pass_rate)
    and a 10-bin distribution of the graded scores."""
    values = [float(s) for s in scores]
    bins = [0] * 10
    for v in values:
        bins[min(9, int(v / float(total) * 10)) if total else 0] += 1
    step = float(total) / 10 if total else 10
    return {
        "n": len(values),
        "mean": statistics.fmean(values) if values else None,
        "sd": statistics.pstdev(values) if len(values) > 1 else None,
        "median": statistics.median(values) if values else None,
        "min": min(values, default=None), "max": max(values, default=None),
        "passed": sum(1 for s in scores if s >= pass_mark),
        "pass_rate": rates.pass_rate(sum(1 for s in scores if s >= pass_mark), len(values)),
        "bins": bins,
        "bin_labels": [f"{step * i:g}–{step * (i + 1):g}" for i in range(10)],
    }
