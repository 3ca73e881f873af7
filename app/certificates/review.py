"""The review list (复核名单): holders of a live certificate whom the legal section should look at.

Two reasons put someone on it: missing the year's training floors, and failing two
exams in a row. The list only flags; the legal section decides (withhold, take
back, cancel, with a reason). The system never changes a certificate by itself,
except for expiry.
"""
from dataclasses import dataclass, field

from sqlalchemy.orm import contains_eager

from app.certificates.models import LIVE, Certificate
from app.certificates.queries import in_scope
from app.core.scoping import Scope
from app.extensions import db
from app.people.models import Officer

MISSED_FLOORS = "未达到年度培训学时要求"
FAILED_EXAMS = "连续两次考试不合格"


def missed_training_floors(scope: Scope, year: int, unit=None) -> set[int] | None:
    """Officers in scope who miss the year's training floors; None while training is absent."""
    if not installed("app.training"):
        return None
    from app.training.compliance import Query, stream

    query = Query(year=year, scope=scope, unit=unit, missing=True)
    return {row.officer_id for row in stream(query)}


def failed_two_exams_in_a_row(officer_ids: set[int]) -> set[int]:
    """Officers whose last two graded exams were both failed; an empty set without exams.

    A hook onto the exams module, which is built beside this one: it uses
    `app.exams.queries.failed_twice_in_a_row(officer_ids) -> set[int]` when that
    exists, and answers "nobody" while it does not, so this module works alone.
    """
    if not installed("app.exams"):
        return set()
    from app.exams.queries import failed_twice_in_a_row

    return set(failed_twice_in_a_row(officer_ids))


def installed(package: str) -> bool:
    """True when the app registers the package's models (it is wired in, with its tables).

    Importing a module built beside this one before then would add tables the
    database does not have yet.
    """
    from app import MODEL_MODULES

    return f"{package}.models" in MODEL_MODULES


@dataclass
class ReviewRow:
    certificate: Certificate
    reasons: list[str] = field(default_factory=list)

    @property
    def officer(self) -> Officer:
        return self.certificate.officer


@dataclass
class ReviewList:
    rows: list[ReviewRow]
    training_known: bool
    exams_known: bool


def review_list(scope: Scope, year: int) -> ReviewList:
    """Live certificates whose holder missed the floors of `year` or failed two exams in a row."""
    missed = missed_training_floors(scope, year)
    certificates = list(db.session.scalars(
        in_scope(scope).join(Officer.unit)
        .options(contains_eager(Certificate.officer).contains_eager(Officer.unit))
        .where(Certificate.status.in_(LIVE)).order_by(Officer.unit_id, Officer.name)))
    failed = failed_two_exams_in_a_row({c.officer_id for c in certificates})
    rows = []
    for certificate in certificates:
        reasons = [MISSED_FLOORS] if missed and certificate.officer_id in missed else []
        if certificate.officer_id in failed:
            reasons.append(FAILED_EXAMS)
        if reasons:
            rows.append(ReviewRow(certificate, reasons))
    return ReviewList(rows, missed is not None, installed("app.exams"))


def readiness(officer: Officer, year: int) -> dict[str, bool | None]:
    """What the application page shows: training floors met in `year`; exams not failed twice
    in a row. None: that module is not there to say."""
    missed = missed_training_floors(Scope(everything=True), year, officer.unit)
    training = None if missed is None else officer.id not in missed
    exams = None
    if installed("app.exams"):
        exams = officer.id not in failed_two_exams_in_a_row({officer.id})
    return {"training": training, "exams": exams}
