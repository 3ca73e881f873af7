"""The indicators the system measures from its own data: a registry, one function each.

Each function takes the year's Context and returns {officer_id: value}: a share in [0, 1]
(1 = fully met), or None when the indicator does not apply to that officer (no exam seat,
no political-theory floor that year). Adding an indicator is one `@indicator`
function.
"""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select

from app.certificates.models import ENFORCEMENT, Certificate, CertificateEvent
from app.core.models import utcnow
from app.exams.models import Attempt, Exam, ExamCandidate
from app.extensions import db
from app.people.models import PostPeriod
from app.results import rates
from app.rotation.queries import rotation_checks
from app.training.compliance import Row

CHUNK = 900   # ids per IN list (SQLite's limit of bound parameters is far above; lists stay short)


@dataclass
class Context:
    """What every indicator may read: the year and the officers' compliance rows."""

    year: int
    rows: list[Row]
    cache: dict = field(default_factory=dict)

    @property
    def officer_ids(self) -> list[int]:
        return [r.officer_id for r in self.rows]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str          # the default name (the scheme may rename it)
    measure: Callable[[Context], dict[int, float | None]]


INDICATORS: dict[str, Indicator] = {}


def indicator(key: str, label: str):
    def register(measure):
        INDICATORS[key] = Indicator(key, label, measure)
        return measure
    return register


def _share(flag: bool | None) -> float | None:
    return None if flag is None else float(flag)


@indicator("hours", "培训学时达标")
def hours_met(ctx: Context) -> dict[int, float | None]:
    """The 60 hours (30 + 30, prorated): compliance.Row.compliant."""
    return {r.officer_id: _share(r.compliant) for r in ctx.rows}


@indicator("political", "政治理论学时完成")
def political_done(ctx: Context) -> dict[int, float | None]:
    """training.rules.political_done, through the compliance row (None: not required)."""
    return {r.officer_id: _share(r.political_done) for r in ctx.rows}


@indicator("exams_sat", "考试参考")
def exams_sat(ctx: Context) -> dict[int, float | None]:
    """Of the officer's seats in the year's closed exams (the quarterly ones, and a basic-law
    exam entered without a quarter), the share sat (参考, as in app/results/rates.py:
    submitted), a make-up sat counting for its exam."""
    return {oid: (sum(s.sat for s in seats) / len(seats)) if seats else None
            for oid, seats in _quarterly_seats(ctx).items()}


@indicator("exams_passed", "考试合格")
def exams_passed(ctx: Context) -> dict[int, float | None]:
    """Of the seats in the year's closed exams whose results are published, the share passed
    (合格, as in rates.py: graded and passed), a passed make-up counting for its exam."""
    found = {}
    for oid, seats in _quarterly_seats(ctx).items():
        published = [s for s in seats if s.published]
        found[oid] = sum(s.passed for s in published) / len(published) if published else None
    return found


@indicator("certificate", "执法证全年有效且未被暂扣")
def certificate_valid(ctx: Context) -> dict[int, float | None]:
    """A certificate valid over the officer's whole time on post in the year, never 暂扣,
    收回, 注销 or expired within it."""
    periods = _post_periods(ctx)
    certificates = defaultdict(list)
    for chunk in _chunks(ctx.officer_ids):
        for c in db.session.scalars(select(Certificate).where(
                Certificate.officer_id.in_(chunk), Certificate.kind == ENFORCEMENT,
                Certificate.number.is_not(None))):
            certificates[c.officer_id].append(c)
    events = _ending_events([c.id for cs in certificates.values() for c in cs])
    return {oid: float(all(any(_held_throughout(c, period, events.get(c.id, []))
                               for c in certificates.get(oid, []))
                           for period in periods[oid]) and bool(periods[oid]))
            for oid in ctx.officer_ids}


@indicator("rotation", "全员轮训检验合格")
def rotation_passed(ctx: Context) -> dict[int, float | None]:
    """Passed the check of every rotation programme of the year the officer is in; does not
    apply to an officer in none."""
    checks = rotation_checks(ctx.officer_ids, ctx.year)
    return {oid: _share(checks.get(oid)) for oid in ctx.officer_ids}


# --- exams -------------------------------------------------------------------------------

@dataclass
class Seat:
    sat: bool
    passed: bool
    published: bool


def _quarterly_seats(ctx: Context) -> dict[int, list[Seat]]:
    """Per officer, one Seat per closed regular exam of the year (computed once)."""
    if "seats" not in ctx.cache:
        ctx.cache["seats"] = _load_seats(ctx)
    return ctx.cache["seats"]


def _load_seats(ctx: Context) -> dict[int, list[Seat]]:
    exams = list(db.session.scalars(select(Exam).where(
        Exam.year == ctx.year, Exam.status == "scheduled")))
    closed = rates.closed_exam_ids(exams, utcnow())
    regular = {e.id: e for e in exams if e.kind == "regular" and e.id in closed}
    makeups = {e.id: e for e in exams if e.kind == "makeup" and e.parent_id in regular}
    seats = defaultdict(dict)
    for chunk in _chunks(ctx.officer_ids):
        stmt = select(ExamCandidate.exam_id, ExamCandidate.officer_id, Attempt.state,
                      Attempt.passed).outerjoin(Attempt, Attempt.candidate_id == ExamCandidate.id) \
            .where(ExamCandidate.officer_id.in_(chunk),
                   ExamCandidate.exam_id.in_(list(regular) + list(makeups)))
        for exam_id, oid, state, passed in db.session.execute(stmt):
            exam = regular.get(exam_id) or makeups[exam_id]
            key = exam.parent_id if exam.kind == "makeup" else exam.id
            seat = seats[oid].setdefault(key, Seat(False, False,
                                                   regular[key].results_published_at is not None))
            seat.sat |= state == "submitted"
            seat.passed |= bool(passed) and exam.results_published_at is not None
    # A make-up seat alone (no seat in its exam) is not a seat of the officer's year.
    return {oid: list(by_exam.values()) for oid, by_exam in seats.items()} | \
        {oid: [] for oid in ctx.officer_ids if oid not in seats}


# --- certificates ------------------------------------------------------------------------

def _post_periods(ctx: Context) -> dict[int, list[tuple[date, date]]]:
    """Each officer's stretches on post within the year (app/people PostPeriod), first to
    last day; an officer on post no day of the year has none."""
    jan1, dec31 = date(ctx.year, 1, 1), date(ctx.year, 12, 31)
    found = {oid: [] for oid in ctx.officer_ids}
    for chunk in _chunks(ctx.officer_ids):
        for p in db.session.scalars(select(PostPeriod).where(PostPeriod.officer_id.in_(chunk))):
            start = max(jan1, p.start_on or jan1)
            end = min(dec31, p.end_on - timedelta(days=1)) if p.end_on else dec31
            if start <= end:
                found[p.officer_id].append((start, end))
    return found


ENDING = ("suspended", "revoked", "cancelled", "expired")


def _ending_events(certificate_ids: list[int]) -> dict[int, list[CertificateEvent]]:
    found = defaultdict(list)
    for chunk in _chunks(certificate_ids):
        for e in db.session.scalars(select(CertificateEvent).where(
                CertificateEvent.certificate_id.in_(chunk),
                or_(*[CertificateEvent.to_status == s for s in ENDING]))):
            found[e.certificate_id].append(e)
    return found


def _held_throughout(c: Certificate, period: tuple[date, date],
                     events: list[CertificateEvent]) -> bool:
    start, end = period
    if c.issued_on is None or c.issued_on > start:
        return False
    if c.valid_until is not None and c.valid_until < end:
        return False
    if any(e.effective_on <= end and (e.effective_on >= start or e.to_status != "suspended")
           for e in events):
        return False   # withheld in the period, or ended before its end
    return c.status == "valid" or any(e.effective_on > end for e in events)


def _chunks(ids: list[int]):
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]
