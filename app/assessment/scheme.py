"""A year's scheme as plain values: the stored one, or the defaults when the year has none."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from app.assessment.indicators import INDICATORS
from app.assessment.models import AssessmentScheme
from app.assessment.rules import Grade, Measure
from app.extensions import db

DEFAULT_GRADES = (("优秀", 90), ("合格", 70), ("基本合格", 60), ("不合格", 0))
# (code, weight, cap): missing the 60 hours or holding no valid certificate all year caps
# the grade at 基本合格; political theory not done, at 合格. Rotation applies only to the
# officers of a programme of the year (the score is the weighted share of what applies).
DEFAULT_INDICATORS = (("hours", 40, "基本合格"), ("political", 10, "合格"),
                      ("exams_sat", 15, None), ("exams_passed", 20, None),
                      ("certificate", 15, "基本合格"), ("rotation", 10, None))


@dataclass(frozen=True)
class Scheme:
    year: int
    grades: list[Grade]
    measures: list[Measure]
    stored: bool

    @property
    def grade_names(self) -> list[str]:
        return [g.name for g in self.grades]

    @property
    def manual(self) -> list[Measure]:
        return [m for m in self.measures if m.manual]


def stored_scheme(year: int) -> AssessmentScheme | None:
    return db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == year))


def scheme_for(year: int) -> Scheme:
    row = stored_scheme(year)
    if row is None:
        return default_scheme(year)
    grades = [Grade(g.name, g.min_score) for g in row.grades]
    measures = [Measure(i.code, i.name, i.weight, i.cap_grade, i.manual) for i in row.indicators]
    return Scheme(year, grades, measures, True)


def default_scheme(year: int) -> Scheme:
    grades = [Grade(name, Decimal(low)) for name, low in DEFAULT_GRADES]
    measures = [Measure(code, INDICATORS[code].label, Decimal(weight), cap)
                for code, weight, cap in DEFAULT_INDICATORS]
    return Scheme(year, grades, measures, False)
