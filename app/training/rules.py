"""The rules of the hours, in plain Python: floors per year, whole months on post, proration.

The compliance query (compliance.py) computes the same in SQL; tests hold both to the
hand-computed cases.
"""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import select

from app.extensions import db
from app.training.models import DEFAULT_FLOORS, TrainingPolicy


@dataclass(frozen=True)
class Floors:
    public_law: Decimal
    business: Decimal
    total: Decimal
    # Political theory and party education: a precondition beside the 60, never inside it
    # (seed 004 (4)); 0 means the year asks for none.
    political: Decimal = Decimal(0)

    def prorated(self, months: int) -> "Floors":
        return Floors(prorate(self.public_law, months), prorate(self.business, months),
                      prorate(self.total, months), prorate(self.political, months))


def floors_for(year: int) -> Floors:
    """The year's floors, or 30 + 30 (total 60) when the year has no policy row."""
    policy = db.session.scalar(select(TrainingPolicy).where(TrainingPolicy.year == year))
    if policy is None:
        return Floors(*DEFAULT_FLOORS)
    return Floors(policy.public_law_hours, policy.business_hours, policy.total_hours,
                  policy.political_hours)


def political_done(hours, required) -> bool | None:
    """Whether the year's political-theory hours are completed: None when the year (or the
    officer's prorated share of it) asks for none. Every page and export asks this."""
    if Decimal(str(required)) <= 0:
        return None
    return Decimal(str(hours)) >= Decimal(str(required))


POLITICAL_LABELS = {True: "已完成", False: "未完成", None: "不要求"}


def political_label(done: bool | None) -> str:
    return POLITICAL_LABELS[done]


def first_full_month(year: int, start: date | None) -> int:
    """The first calendar month of `year` spent wholly on post (13: none)."""
    if start is None or start.year < year:
        return 1
    if start.year > year:
        return 13
    return start.month if start.day == 1 else start.month + 1


def last_full_month(year: int, left_on: date | None) -> int:
    """The last calendar month of `year` spent wholly on post (0: none).

    `left_on` is the first day off the post (the status change date), so the last day on post
    is the day before: whether that is a month's last day or not, the last whole month is the
    month before `left_on`'s month.
    """
    if left_on is None or left_on.year > year:
        return 12
    if left_on.year < year:
        return 0
    return left_on.month - 1


def months_on_post(year: int, start: date | None, left_on: date | None) -> int:
    """Whole months on post in `year`: calendar months spent on post from their first to
    their last day.

    On post from 2026-04-15: April is not whole, May..December are: 8 months.
    On post from 2026-04-01: April..December: 9. Left on 2026-10-01 (last day 30 September):
    January..September: 9. Left on 2026-09-20: January..August: 8.
    No start date means on post since before the year; no leaving date, still on post.
    """
    return max(0, last_full_month(year, left_on) - first_full_month(year, start) + 1)


def months_across(year: int, periods) -> int:
    """Whole months on post in `year` across the post periods, (start, first day off) pairs.

    On post Jan-Apr (left 1 May), off May-Aug, back on 1 September: 4 + 4 = 8 months.
    The periods never overlap (app/people/posts.py), and one ending the day the next begins
    is kept as a single period, so the months of the periods add up.
    """
    return min(12, sum(months_on_post(year, start, end) for start, end in periods))


def prorate(floor: Decimal, months: int) -> Decimal:
    """`floor` × months / 12, rounded up to the next half hour (30 h × 7/12 = 17.5 h)."""
    halves = (Decimal(floor) * 2 * months / 12).to_integral_value(rounding=ROUND_CEILING)
    return halves / 2


def gaps(hours: dict[str, Decimal], floors: Floors) -> list[tuple[str, Decimal]]:
    """What is short, by name: each category under its floor, then ("total", h) for what the
    total still misses beyond them. Their sum is `shortfall`."""
    public_law, business = hours.get("public_law", 0), hours.get("business", 0)
    found = [(code, floor - have) for code, floor, have in (
        ("public_law", floors.public_law, public_law), ("business", floors.business, business))
        if have < floor]
    beyond = shortfall(hours, floors) - sum((h for _c, h in found), Decimal(0))
    return found + ([("total", beyond)] if beyond > 0 else [])


def shortfall(hours: dict[str, Decimal], floors: Floors) -> Decimal:
    """The larger of the summed category shortfalls and the total's shortfall, never below 0."""
    public_law, business = hours.get("public_law", 0), hours.get("business", 0)
    by_category = (max(floors.public_law - public_law, 0)
                   + max(floors.business - business, 0))
    return max(by_category, floors.total - (public_law + business), Decimal(0))
