"""What a rate means, in one place for every page, export, PDF and chart.

参考率 (participation rate): those who sat the exam (submitted) of its candidates.
合格率 (pass rate): those who passed of those who sat and were graded.
Neither is given while a window of the exam is still open: a rate over the first
few who finished says nothing about the exam.
"""
from datetime import datetime

from app.exams.models import Exam
from app.results.access import last_windows_close


def percent(part: int, whole: int) -> float | None:
    """part of whole in per cent, or None when there is nothing to divide by."""
    return 100 * part / whole if whole else None


def pass_rate(passed: int, graded: int) -> float | None:
    return percent(passed, graded)


def participation_rate(sat: int, candidates: int) -> float | None:
    return percent(sat, candidates)


def closed_exam_ids(exams: list[Exam], now: datetime) -> set[int]:
    """The exams whose every window, accommodated ones included, has closed."""
    closes = last_windows_close(exams)
    return {e.id for e in exams if e.status == "scheduled" and now >= closes[e.id]}
