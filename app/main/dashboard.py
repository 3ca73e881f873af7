"""The figures on each role's home page: one small function per role, always scoped to the user.

Every figure is read through the domain query modules (training compliance, exams,
certificates, talent pool) with `Scope.of(user)`, so a home page never shows more than
the lists behind its links.
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.certificates import queries as certificates
from app.core import clock
from app.core.models import utcnow
from app.core.scoping import Scope, scoped
from app.exams import queries as exams
from app.exams.models import Attempt, Exam, ExamCandidate
from app.extensions import db
from app.learning import queries as learning
from app.main.queries import home_figures
from app.results import rates
from app.talentpool import queries as talent
from app.training import compliance
from app.training import queries as training
from app.training.models import TrainingSession

RECENT_DRAWS = 5


@dataclass
class Chart:
    """What static/charts.js draws: a bar or doughnut chart from labels and values."""

    kind: str                 # "bar" (horizontal, 0-100 %), "doughnut"
    title: str
    labels: list[str]
    values: list[float]
    unit: str = ""

    def spec(self) -> dict:
        return {"kind": self.kind, "title": self.title, "labels": self.labels,
                "values": self.values, "unit": self.unit}


def figures_for(user) -> dict:
    """The home page's figures for the user's role."""
    builders = {"officer": officer_home, "hr": hr_home, "legal": legal_home,
                "leader": leader_home}
    return builders.get(user.role, admin_home)(user)


# --- officer -------------------------------------------------------------------------------

def officer_home(user) -> dict:
    officer = user.officer
    now = utcnow()
    return {"officer": officer, "year": training.officer_year(officer, clock.today().year),
            "seat": next_seat(officer.id, now), "now": now,
            "certificate": certificates.current_for(officer), "today": clock.today(),
            "warning_days": certificates.EXPIRY_WARNING_DAYS,
            "courses": learning.officer_courses(officer.id, clock.today())}


def next_seat(officer_id: int, now: datetime) -> ExamCandidate | None:
    """The officer's open exam not yet handed in, else the next one to open."""
    seats = [s for s in exams.seats_of(officer_id) if s.closes_at > now
             and not (s.attempt and s.attempt.state == "submitted")]
    return min(seats, key=lambda s: s.opens_at, default=None)


# --- HR ------------------------------------------------------------------------------------

def hr_home(user) -> dict:
    scope, today = Scope.of(user), clock.today()
    whole, groups = _compliance(scope, user.unit, today.year)
    return {"year": today.year, "whole": whole, "groups": groups,
            "compliance_chart": _rate_chart(groups),
            "sessions_this_month": sessions_held_in_month(scope, today),
            "pending_submissions": _count(training.submissions(scope, "pending"))}


def sessions_held_in_month(scope: Scope, day: date) -> int:
    first = day.replace(day=1)
    return _count(scoped(TrainingSession, scope).where(TrainingSession.start_date >= first,
                                                       TrainingSession.start_date <= day))


# --- legal section -------------------------------------------------------------------------

def legal_home(user) -> dict:
    scope, today, now = Scope.of(user), clock.today(), utcnow()
    whole, _groups = _compliance(scope, user.unit, today.year)
    waiting = certificates.waiting_certificates(scope).where(
        certificates.Certificate.report_id.is_(None))
    return {"year": today.year, "whole": whole, "open_exams": open_exams(scope, now),
            "grading": grading_queue(scope), "clearance_waiting": _count(waiting),
            "citation_reviews": open_review_count(),
            "draws": list(db.session.scalars(talent.draws(scope).limit(RECENT_DRAWS))),
            "staffing": staffing_trend(user)}


def open_review_count() -> int:
    from app.laws.queries import open_review_count as count

    return count()


def open_exams(scope: Scope, now: datetime) -> list[Exam]:
    stmt = exams.exams(scope).where(Exam.status == "scheduled", Exam.opens_at <= now,
                                    Exam.closes_at > now)
    return list(db.session.scalars(stmt))


def grading_queue(scope: Scope) -> dict:
    """Handed-in attempts in scope with answers waiting for a person, and those answers."""
    stmt = scoped(Attempt, scope, select(func.count(), func.coalesce(
        func.sum(Attempt.pending_manual), 0))).where(Attempt.state == "submitted",
                                                     Attempt.pending_manual > 0)
    attempts, answers = db.session.execute(stmt).one()
    return {"attempts": attempts, "answers": int(answers)}


# --- leader --------------------------------------------------------------------------------

def leader_home(user) -> dict:
    scope, today = Scope.of(user), clock.today()
    whole, groups = _compliance(scope, user.unit, today.year)
    latest = latest_exam_result(scope, utcnow())
    certs = certificate_figures(scope, today)
    return {"year": today.year, "whole": whole, "groups": groups, "exam": latest,
            "certificates": certs, "compliance_chart": _rate_chart(groups),
            "certificate_chart": Chart("doughnut", _("Certificates"), *_certificate_slices(certs)),
            "staffing": staffing_trend(user)}


def staffing_trend(user) -> list:
    """The unit subtree's staffing figures year on year (app/staffing)."""
    from app.staffing.queries import years

    return years(user.unit)


@dataclass
class ExamResult:
    exam: Exam
    candidates: int
    submitted: int
    graded: int
    passed: int

    @property
    def rate(self) -> float | None:
        return rates.pass_rate(self.passed, self.graded)

    @property
    def participation(self) -> float | None:
        return rates.participation_rate(self.submitted, self.candidates)


def latest_exam_result(scope: Scope, now: datetime) -> ExamResult | None:
    """The most recently closed exam with candidates in scope, counted over those candidates."""
    closed = db.session.scalars(exams.exams(scope).where(
        Exam.status == "scheduled", Exam.closes_at <= now).order_by(None)
        .order_by(Exam.closes_at.desc(), Exam.id.desc()).limit(5)).all()
    exam = next((e for e in closed if e.id in rates.closed_exam_ids(closed, now)), None)
    if exam is None:
        return None
    seats = _count(scoped(ExamCandidate, scope).where(ExamCandidate.exam_id == exam.id))
    attempts = scoped(Attempt, scope).where(Attempt.exam_id == exam.id,
                                            Attempt.state == "submitted")
    return ExamResult(exam, seats, _count(attempts),
                      _count(attempts.where(Attempt.passed.is_not(None))),
                      _count(attempts.where(Attempt.passed.is_(True))))


def certificate_figures(scope: Scope, today: date) -> dict:
    by_status = certificates.counts_by_status(scope)
    expiring = _count(certificates.in_scope(scope).where(certificates.expiring_clause(today)))
    return {"valid": by_status.get("valid", 0), "expiring": expiring,
            "suspended": by_status.get("suspended", 0),
            "applied": by_status.get("applied", 0),
            "days": certificates.EXPIRY_WARNING_DAYS}


def _certificate_slices(certs: dict) -> tuple[list[str], list[int]]:
    return ([_("Valid, not expiring soon"), _("Expiring within %(d)s days", d=certs["days"]),
             _("Withheld"), _("Applied for")],
            [certs["valid"] - certs["expiring"], certs["expiring"], certs["suspended"],
             certs["applied"]])


# --- admin ---------------------------------------------------------------------------------

def admin_home(user) -> dict:
    return home_figures(user)


# --- shared --------------------------------------------------------------------------------

def _compliance(scope: Scope, unit, year: int):
    """This year's totals for the user's unit subtree and per unit directly below it."""
    root = None if scope.everything else unit
    return compliance.totals(compliance.Query(year, scope, root), root)


def _rate_chart(groups) -> Chart:
    return Chart("bar", _("Compliance rate by unit"), [g.name for g in groups],
                 [g.rate for g in groups], "%")


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
