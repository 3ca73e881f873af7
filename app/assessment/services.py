"""What changes the assessment: the legal section's scheme, a unit's hand scores, a unit
leader's confirmed grade. Plain values and an explicit actor; audited; the caller commits."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from app.assessment.indicators import INDICATORS
from app.assessment.models import (
    AssessmentDecision,
    AssessmentGrade,
    AssessmentIndicator,
    AssessmentScheme,
    AssessmentScore,
)
from app.assessment.queries import officer_row
from app.assessment.scheme import scheme_for, stored_scheme
from app.core import audit, clock
from app.core.scoping import Scope
from app.extensions import db
from app.people.models import Officer

MANUAL = "manual"


class AssessmentError(ValueError):
    """Refused, with messages in Chinese by field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class IndicatorLine:
    kind: str            # a key of INDICATORS, or "manual"
    name: str
    weight: Decimal
    cap_grade: str | None = None


def save_scheme(actor, year: int, grades: list[tuple[str, Decimal]],
                lines: list[IndicatorLine]) -> AssessmentScheme:
    """The year's scheme, replaced whole (last year's may still change: it is assessed in
    January)."""
    _check_scheme(year, grades, lines)
    scheme = stored_scheme(year)
    before = scheme.snapshot() if scheme else None
    if scheme is None:
        scheme = AssessmentScheme(year=year)
        db.session.add(scheme)
    scheme.grades.clear()
    scheme.indicators.clear()
    db.session.flush()
    scheme.grades.extend(AssessmentGrade(position=i, name=n, min_score=low)
                         for i, (n, low) in enumerate(grades))
    scheme.indicators.extend(_indicator_rows(lines))
    db.session.flush()
    audit.record(actor, "assessment.scheme.set", "assessment_scheme", scheme.id,
                 label=str(year), before=before, after=scheme.snapshot())
    return scheme


def _indicator_rows(lines: list[IndicatorLine]) -> list[AssessmentIndicator]:
    rows, manual = [], 0
    for i, line in enumerate(lines):
        if line.kind == MANUAL:
            manual += 1
        code = f"manual_{manual}" if line.kind == MANUAL else line.kind
        rows.append(AssessmentIndicator(position=i, code=code, name=line.name,
                                        weight=line.weight, cap_grade=line.cap_grade or None))
    return rows


def _check_scheme(year: int, grades: list[tuple[str, Decimal]], lines: list[IndicatorLine]):
    errors = {}
    if year < clock.today().year - 1:
        errors["year"] = "只能设置上一年度及以后年度的考核方案"
    names = [n for n, _low in grades]
    lows = [low for _n, low in grades]
    if len(grades) < 2 or len(set(names)) != len(names) or not all(names):
        errors["grades"] = "至少设置两个等次，名称不能重复"
    elif any(low < 0 or low > 100 for low in lows) or lows != sorted(set(lows), reverse=True):
        errors["grades"] = "各等次的最低分应在0-100之间，并从高到低排列、互不相同"
    kinds = [line.kind for line in lines if line.kind != MANUAL]
    if not lines or len(set(kinds)) != len(kinds) or \
            any(k not in INDICATORS for k in kinds):
        errors["indicators"] = "至少设置一项指标，系统指标不能重复"
    elif any(line.weight < 0 or line.weight > 100 for line in lines) or \
            sum(line.weight for line in lines) <= 0:
        errors["indicators"] = "权重应在0-100之间，且合计大于0"
    elif any(line.cap_grade and line.cap_grade not in names for line in lines) or \
            any(not line.name.strip() for line in lines):
        errors["indicators"] = "每项指标须有名称，封顶等次须为已设置的等次"
    if errors:
        raise AssessmentError(errors)


def _on_post(actor, officer: Officer, year: int):
    """The officer's sheet line, if the actor's scope covers the officer and the officer was
    on a post in the year; else refused (the views answer 404 first)."""
    scope = Scope.of(actor)
    if not scope.covers_unit(officer.unit):
        raise AssessmentError({"officer": "无权考核该人员"})
    scheme, row = officer_row(year, scope, officer)
    if row is None:
        raise AssessmentError({"officer": "该人员本年度不在执法岗位，不参加考核"})
    return scheme, row


def score_manual(actor, officer: Officer, year: int, code: str, score: Decimal) -> None:
    """A unit's hand score (0-100) of one officer on a manual indicator."""
    scheme, _row = _on_post(actor, officer, year)
    if code not in {m.code for m in scheme.manual}:
        raise AssessmentError({"code": "该指标不由单位评分"})
    if score is None or score < 0 or score > 100:
        raise AssessmentError({"score": "评分应在0-100之间"})
    row = db.session.scalar(select(AssessmentScore).where(
        AssessmentScore.year == year, AssessmentScore.officer_id == officer.id,
        AssessmentScore.code == code))
    before = {"score": float(row.score)} if row else None
    if row is None:
        row = AssessmentScore(year=year, officer_id=officer.id, code=code)
        db.session.add(row)
    row.score, row.unit_id, row.scored_by_id = score, officer.unit_id, getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "assessment.score", "assessment_score", row.id,
                 label=f"{officer.name} {year} {code}", unit_id=officer.unit_id,
                 before=before, after={"code": code, "score": float(score)})


def confirm(actor, officer: Officer, year: int, grade: str, reason: str) -> AssessmentDecision:
    """The unit leader's grade: the proposal, or another with a reason (audited)."""
    scheme, row = _on_post(actor, officer, year)
    reason = (reason or "").strip()
    if grade not in scheme.grade_names:
        raise AssessmentError({"grade": "请选择考核方案中的等次"})
    if grade != row.proposal.grade and not reason:
        raise AssessmentError({"reason": "确认的等次与系统建议不同，请填写理由"})
    decision = row.decision
    before = decision.snapshot() if decision else None
    if decision is None:
        decision = AssessmentDecision(year=year, officer_id=officer.id)
        db.session.add(decision)
    decision.unit_id, decision.proposed_grade = officer.unit_id, row.proposal.grade
    decision.grade, decision.reason = grade, reason[:500]
    decision.confirmed_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "assessment.confirm", "assessment_decision", decision.id,
                 label=f"{officer.name} {year}", unit_id=officer.unit_id,
                 before=before, after=decision.snapshot())
    return decision


def current_scheme_lines(year: int) -> tuple[list[tuple[str, Decimal]], list[IndicatorLine]]:
    """The year's scheme as form lines (the stored one, or the defaults)."""
    scheme = scheme_for(year)
    return ([(g.name, g.min_score) for g in scheme.grades],
            [IndicatorLine(MANUAL if m.manual else m.code, m.name, m.weight, m.cap_grade)
             for m in scheme.measures])
