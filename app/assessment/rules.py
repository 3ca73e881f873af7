"""How a grade is proposed, in plain Python (hand-computed cases in tests/assessment).

score = 100 × Σ weight × value / Σ weight, over the indicators that apply to the officer
(value None: not applicable or not yet scored, left out of both sums). The proposed grade
is the best grade whose lowest score the score reaches; then every hard condition the
officer misses caps it: missing an indicator with a cap makes that cap the best possible
grade. A data indicator is missed below 1 (not fully met); a hand-scored one below
MANUAL_PASS.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MANUAL_PASS = Decimal(60)


@dataclass(frozen=True)
class Grade:
    name: str
    min_score: Decimal


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    weight: Decimal
    cap_grade: str | None = None
    manual: bool = False


@dataclass(frozen=True)
class Proposal:
    score: Decimal | None
    grade: str | None
    capped_by: tuple[str, ...]    # names of the hard conditions missed
    pending: tuple[str, ...]      # hand-scored indicators not yet scored


def to_share(measure: Measure, raw) -> Decimal | None:
    """A measured value as a share of full marks: data values are shares, hand scores 0-100."""
    if raw is None:
        return None
    return Decimal(str(raw)) / 100 if measure.manual else Decimal(str(raw))


def missed(measure: Measure, raw) -> bool:
    if raw is None:
        return False
    return Decimal(str(raw)) < (MANUAL_PASS if measure.manual else 1)


def score(measures: list[Measure], values: dict[str, object]) -> Decimal | None:
    applying = [(m.weight, to_share(m, values.get(m.code))) for m in measures
                if values.get(m.code) is not None and m.weight > 0]
    total = sum((w for w, _v in applying), Decimal(0))
    if not total:
        return None
    points = sum((w * v for w, v in applying), Decimal(0)) * 100 / total
    return points.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def grade_for(grades: list[Grade], points: Decimal | None) -> str | None:
    """The best grade (grades are best first) whose lowest score `points` reaches."""
    if points is None:
        return None
    return next((g.name for g in grades if points >= g.min_score), grades[-1].name)


def capped(grades: list[Grade], name: str | None, caps: list[str]) -> str | None:
    """`name`, or the worst of `caps` when that is worse."""
    order = {g.name: i for i, g in enumerate(grades)}
    worst = max((order[c] for c in caps if c in order), default=None)
    if name is None or worst is None:
        return name
    return grades[max(order[name], worst)].name


def propose(grades: list[Grade], measures: list[Measure], values: dict[str, object]) -> Proposal:
    points = score(measures, values)
    caps = [m for m in measures if m.cap_grade and missed(m, values.get(m.code))]
    name = capped(grades, grade_for(grades, points), [m.cap_grade for m in caps])
    pending = tuple(m.name for m in measures if m.manual and values.get(m.code) is None)
    return Proposal(points, name, tuple(m.name for m in caps), pending)
