"""The quarterly plan: one action makes the year's four exams for every category from a template.

An exam the bank can fill is scheduled (published) with its talent-pool
candidates; one it cannot stays a draft, and the outcome says why. Running
the plan twice adds nothing the second time.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.core.clock import to_utc
from app.exams import drawing, services
from app.exams.models import Exam
from app.extensions import db
from app.org.models import Unit
from app.specialties.models import all_specialties

# The default paper: 100 points in 90 minutes.
DEFAULT_SECTIONS = (
    services.SectionData("single", 20, Decimal(2)),
    services.SectionData("multiple", 10, Decimal(3)),
    services.SectionData("truefalse", 15, Decimal(2)),
)


@dataclass
class PlanTemplate:
    day: int = 15               # of the quarter's last month
    start: time = time(9, 0)
    open_days: int = 7
    time_limit_minutes: int = 90
    pass_mark: Decimal = Decimal(60)
    sections: tuple = DEFAULT_SECTIONS


@dataclass
class PlanOutcome:
    scheduled: list[Exam] = field(default_factory=list)
    drafts: list[tuple[Exam, str]] = field(default_factory=list)
    existing: int = 0


def quarter_window(year: int, quarter: int, t: PlanTemplate) -> tuple[datetime, datetime]:
    opens = datetime.combine(datetime(year, quarter * 3, t.day).date(), t.start)
    closes = opens + timedelta(days=t.open_days, hours=9)
    return to_utc(opens), to_utc(closes)


def create_year_plan(actor, year: int, unit: Unit, template: PlanTemplate,
                     now: datetime) -> PlanOutcome:
    outcome = PlanOutcome()
    existing = {(e.specialty_id, e.quarter) for e in db.session.scalars(select(Exam).where(
        Exam.year == year, Exam.unit_id == unit.id, Exam.kind == "regular",
        Exam.status != "cancelled"))}
    for specialty in all_specialties():
        for quarter in range(1, 5):
            if (specialty.id, quarter) in existing:
                outcome.existing += 1
                continue
            opens, closes = quarter_window(year, quarter, template)
            if closes <= now:
                continue
            kind = "基本法律法规知识考试" if specialty.code == "basic" else f"{specialty.name}专业考试"
            exam = services.create_exam(actor, services.ExamData(
                name=f"{year}年第{quarter}季度{kind}", specialty=specialty, unit=unit, year=year,
                quarter=quarter, opens_at=opens, closes_at=closes,
                time_limit_minutes=template.time_limit_minutes, pass_mark=template.pass_mark,
                sections=list(template.sections)))
            problems = drawing.shortages(exam)
            if problems:
                outcome.drafts.append((exam, "；".join(problems)))
                continue
            services.schedule(actor, exam, now)
            services.add_candidates(actor, exam, services.pool_officers(exam), now)
            outcome.scheduled.append(exam)
    return outcome
