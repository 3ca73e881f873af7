"""The two rules of a rotation programme, as plain functions over plain values.

Completion: every required session attended and, when the programme sets required hours,
at least that many hours in its sessions. A programme without sessions completes nobody.
Panel check: the average of the jurors' scores (two decimals, half up), passed at or above
the pass mark; while a juror has not scored, the result waits (None).
"""
from collections.abc import Collection, Mapping
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def completed(session_ids: Collection[int], required_ids: Collection[int],
              attended: Mapping[int, Decimal], required_hours: Decimal | None) -> bool:
    """`attended`: session id -> hours the officer has in it."""
    if not session_ids:
        return False
    if not set(required_ids) <= set(attended):
        return False
    hours = sum((h for s, h in attended.items() if s in session_ids), Decimal(0))
    return required_hours is None or hours >= required_hours


def average(scores: Collection[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(CENT, rounding=ROUND_HALF_UP)


def panel_result(scores: Collection[Decimal], jurors: int,
                 pass_mark: Decimal) -> bool | None:
    """True/False once every juror has scored, else None."""
    if jurors == 0 or len(scores) < jurors:
        return None
    return average(scores) >= pass_mark


def exam_result(passes: Collection[bool | None]) -> bool | None:
    """The officer's attempts at the exam and its make-ups: one pass is enough; a graded
    fail stands until a make-up is passed; no graded attempt is no result yet."""
    if any(p is True for p in passes):
        return True
    return False if any(p is False for p in passes) else None
