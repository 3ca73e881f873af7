"""Named reads of results, always through the reader's scope."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.clock import to_local
from app.core.scoping import Scope, clause, subtree_ids
from app.exams import queries as exam_queries
from app.exams.models import Attempt, Exam, ExamCandidate
from app.extensions import db
from app.org.models import Unit
from app.results import rates, stats
from app.results.models import KeyFix


@dataclass
class Row:
    """One candidate's line on the results pages, the export and the score sheet."""

    seat: ExamCandidate
    attempt: Attempt | None
    rank: int | None = None

    @property
    def sat(self) -> bool:
        return self.attempt is not None and self.attempt.state == "submitted"

    @property
    def graded(self) -> bool:
        return self.sat and self.attempt.passed is not None

    @property
    def status(self) -> str:
        if self.attempt is None:
            return "缺考"
        if not self.sat:
            return "答题中"
        if not self.graded:
            return "待评分"
        return "合格" if self.attempt.passed else "不合格"


def rows(exam: Exam, scope: Scope, unit: Unit | None = None) -> list[Row]:
    """Every seat in scope (optionally within a unit's subtree), ranked by score."""
    seats = exam_queries.candidates(exam, scope)
    if unit is not None:
        seats = [s for s in seats if s.officer.unit.path.startswith(unit.path)]
    out = [Row(s, s.attempt) for s in seats]
    out.sort(key=lambda r: (not r.graded, -(r.attempt.score if r.graded else 0),
                            r.seat.officer.name, r.seat.id))
    rank, last = 0, None
    for i, row in enumerate(r for r in out if r.graded):
        if row.attempt.score != last:
            rank, last = i + 1, row.attempt.score
        row.rank = rank
    return out


def summary(exam: Exam, result_rows: list[Row], closed: bool) -> dict:
    """The exam's figures; no rates while a window is still open (`closed` False)."""
    graded = [r.attempt.score for r in result_rows if r.graded]
    out = stats.summary(graded, exam.pass_mark, exam.total_points)
    out.update(candidates=len(result_rows), sat=sum(r.sat for r in result_rows),
               absent=sum(r.attempt is None for r in result_rows),
               pending=sum(r.sat and not r.graded for r in result_rows))
    out["participation_rate"] = rates.participation_rate(out["sat"], out["candidates"])
    if not closed:
        out["pass_rate"] = out["participation_rate"] = None
    return out


def by_unit(result_rows: list[Row], closed: bool) -> list[dict]:
    """Per unit of enrolment: candidates, sat, passed, rates (none while a window is open),
    mean; best pass rate first."""
    groups: dict[int, list[Row]] = defaultdict(list)
    for r in result_rows:
        groups[r.seat.unit_id].append(r)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(groups))))}
    out = []
    for unit_id, members in groups.items():
        graded = [r.attempt.score for r in members if r.graded]
        passed = sum(1 for r in members if r.graded and r.attempt.passed)
        sat = sum(r.sat for r in members)
        out.append({"unit": units[unit_id], "candidates": len(members), "sat": sat,
                    "passed": passed,
                    "pass_rate": rates.pass_rate(passed, len(graded)) if closed else None,
                    "participation_rate": rates.participation_rate(sat, len(members))
                    if closed else None,
                    "mean": sum(graded) / len(graded) if graded else None})
    out.sort(key=lambda u: (-(u["pass_rate"] or 0), -(u["mean"] or 0), u["unit"].code))
    return out


def absentees(result_rows: list[Row]) -> list[Row]:
    return [r for r in result_rows if r.attempt is None]


def exams_with_results(scope: Scope, year: int | None = None) -> list[Exam]:
    """Scheduled exams visible in scope (organised there or with candidates there)."""
    stmt = exam_queries.exams(scope, year).where(Exam.status == "scheduled")
    return list(db.session.scalars(stmt.limit(300)))


def key_fixes(exam: Exam) -> list[KeyFix]:
    return list(db.session.scalars(select(KeyFix).where(KeyFix.exam_id == exam.id)
                                   .order_by(KeyFix.at.desc())))


def history(officer_id: int) -> list[ExamCandidate]:
    """The officer's exams (scheduled ones), newest first, with attempts."""
    return exam_queries.seats_of(officer_id)


def quarter_of(exam: Exam) -> tuple[int, int]:
    local = to_local(exam.opens_at)
    return exam.year, exam.quarter or (local.month - 1) // 3 + 1


def trend(scope: Scope, unit: Unit | None, specialty_id: int | None) -> list[dict]:
    """Per quarter, over published exams: candidates, sat, passed, pass rate, mean % of total."""
    stmt = (select(ExamCandidate).join(Exam, Exam.id == ExamCandidate.exam_id)
            .where(Exam.status == "scheduled", Exam.results_published_at.is_not(None),
                   clause(ExamCandidate, scope))
            .options(joinedload(ExamCandidate.exam), joinedload(ExamCandidate.attempt)))
    if unit is not None:
        stmt = stmt.where(ExamCandidate.unit_id.in_(subtree_ids(unit.path)))
    if specialty_id:
        stmt = stmt.where(Exam.specialty_id == specialty_id)
    groups: dict[tuple[int, int], list[ExamCandidate]] = defaultdict(list)
    for seat in db.session.scalars(stmt).unique():
        groups[quarter_of(seat.exam)].append(seat)
    return [_quarter_row(key, seats) for key, seats in sorted(groups.items())]


def _quarter_row(key: tuple[int, int], seats: list[ExamCandidate]) -> dict:
    graded = [s for s in seats if s.attempt is not None and s.attempt.passed is not None]
    passed = sum(1 for s in graded if s.attempt.passed)
    percents = [float(s.attempt.score / s.exam.total_points * 100) for s in graded
                if s.exam.total_points]
    return {"label": f"{key[0]}年Q{key[1]}", "candidates": len(seats), "sat": len(graded),
            "passed": passed, "pass_rate": rates.pass_rate(passed, len(graded)),
            "participation_rate": rates.participation_rate(
                sum(1 for s in seats if s.attempt is not None and s.attempt.state == "submitted"),
                len(seats)),
            "mean_pct": sum(percents) / len(percents) if percents else None}


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = float(value)
    return f"{value:.{digits}f}"


def figures(exams: list[Exam], scope: Scope, now) -> dict[int, dict]:
    """Per exam, over the seats in scope: candidates, graded, passed, pass rate (none while a
    window is open), mean score."""
    exam_ids = [e.id for e in exams]
    closed = rates.closed_exam_ids(exams, now)
    from sqlalchemy import case, func
    stmt = (select(ExamCandidate.exam_id, func.count(ExamCandidate.id),
                   func.count(Attempt.passed), func.sum(case((Attempt.passed.is_(True), 1),
                                                             else_=0)),
                   func.avg(case((Attempt.passed.is_not(None), Attempt.score))))
            .outerjoin(Attempt, Attempt.candidate_id == ExamCandidate.id)
            .where(ExamCandidate.exam_id.in_(exam_ids), clause(ExamCandidate, scope))
            .group_by(ExamCandidate.exam_id))
    # An exam with no seat in scope (none yet, or none of this county's) shows zeros.
    found = {e: {"candidates": 0, "graded": 0, "passed": 0, "pass_rate": None, "mean": None}
             for e in exam_ids}
    found.update({e: {"candidates": c, "graded": g, "passed": p or 0,
                      "pass_rate": rates.pass_rate(p or 0, g) if e in closed else None,
                      "mean": m}
                  for e, c, g, p, m in db.session.execute(stmt)})
    return found
