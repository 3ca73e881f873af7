"""The post history: periods on an enforcement post, kept in step with the roster's changes.

Moving an officer off the post (or out of the service) closes the open period; putting her
back opens a new one, so that the months of every stretch count (app/training/rules.py).
`Officer.on_post` and `Officer.post_since` stay as the roster shows them: the current flag and
the start of the last period.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from app.core import clock
from app.extensions import db
from app.people.models import Officer, PostPeriod, initial_period


@dataclass(frozen=True)
class Before:
    """The fields of an officer that the periods follow, as they were before a change."""

    enforcing: bool
    post_since: date | None
    status_changed_on: date | None

    @classmethod
    def of(cls, officer: Officer) -> "Before":
        return cls(officer.enforcing, officer.post_since, officer.status_changed_on)


def last_period(officer: Officer) -> PostPeriod | None:
    periods = sorted(officer.post_periods, key=lambda p: (p.start_on or date.min, p.id or 0))
    return periods[-1] if periods else None


def follow(officer: Officer, before: Before, left_on: date | None = None) -> date | None:
    """Open, close or correct the periods after `officer` was changed; returns the day the
    post changed (first day off, or first day back), None when it did not.

    `left_on` is the first day off the post when a form gives it; otherwise the status change
    date when it was changed with this edit, otherwise today.
    """
    status_given = officer.status_changed_on != before.status_changed_on
    if before.enforcing and not officer.enforcing:
        _correct(officer, before, status_given)   # a start corrected in the same edit
        end = officer.status_changed_on if officer.status != "active" else (
            left_on or (officer.status_changed_on if status_given else None) or clock.today())
        return _close(officer, end)
    if officer.enforcing and not before.enforcing:
        wanted = officer.post_since if officer.post_since != before.post_since else (
            officer.status_changed_on if status_given else None)
        return _open(officer, wanted)
    _correct(officer, before, status_given)
    return None


def _close(officer: Officer, end: date) -> date | None:
    last = last_period(officer)
    if last is None or not last.is_open:
        return None
    last.end_on = max(end, last.start_on) if last.start_on else end
    return last.end_on


def _open(officer: Officer, wanted: date | None) -> date:
    """A new period from `wanted` when it lies after the last period's end, else from today;
    a period ending the day the new one starts is reopened (one stretch, no month lost)."""
    last = last_period(officer)
    floor = last.end_on if last is not None else None
    start = wanted if wanted is not None and (floor is None or wanted >= floor) else clock.today()
    if last is not None and last.end_on == start:
        last.end_on = None
        officer.post_since = last.start_on
        return start
    officer.post_periods.append(PostPeriod(start_on=start, end_on=None))
    officer.post_since = start
    return start


def _correct(officer: Officer, before: Before, status_given: bool) -> None:
    """Same post state: a new 执法岗位起始日期 corrects the last period's start (when it stays
    after the period before it); a new leaving date of someone out of the service moves the
    end of the period it closed."""
    last = last_period(officer)
    if last is None:
        return
    if officer.post_since != before.post_since:
        earlier = [p.end_on for p in officer.post_periods if p is not last and p.end_on]
        fits = officer.post_since is None or (
            (not earlier or officer.post_since >= max(earlier))
            and (last.end_on is None or officer.post_since <= last.end_on))
        if fits:
            last.start_on = officer.post_since
        else:
            officer.post_since = last.start_on
    if (status_given and officer.status != "active" and last.end_on is not None
            and last.end_on == before.status_changed_on and officer.status_changed_on):
        last.end_on = officer.status_changed_on


def insert_initial(rows: list[tuple[int, dict]]) -> None:
    """The first periods of officers written by a bulk insert: (officer id, their values)."""
    periods = []
    for officer_id, v in rows:
        period = initial_period(v.get("on_post"), v.get("status"), v.get("post_since"),
                                v.get("status_changed_on"))
        if period is not None:
            periods.append({"officer_id": officer_id, "start_on": period[0],
                            "end_on": period[1]})
    if periods:
        db.session.execute(insert(PostPeriod), periods)


def periods_of(officer_ids: list[int]) -> dict[int, list[tuple[date | None, date | None]]]:
    """Each officer's periods as (start, end), in order (one query)."""
    found: dict[int, list] = {oid: [] for oid in officer_ids}
    if not officer_ids:
        return found
    for oid, start, end in db.session.execute(
            select(PostPeriod.officer_id, PostPeriod.start_on, PostPeriod.end_on)
            .where(PostPeriod.officer_id.in_(officer_ids)).order_by(PostPeriod.id)):
        found[oid].append((start, end))
    return found


def fill_missing() -> int:
    """Give every officer without any period the one its roster row implies (after a bulk
    insert that did not return ids, e.g. the demo data); returns how many were added."""
    has_period = select(PostPeriod.id).where(PostPeriod.officer_id == Officer.id).exists()
    rows = [(oid, {"on_post": on_post, "status": status, "post_since": since,
                   "status_changed_on": changed})
            for oid, on_post, status, since, changed in db.session.execute(
                select(Officer.id, Officer.on_post, Officer.status, Officer.post_since,
                       Officer.status_changed_on).where(~has_period))]
    insert_initial(rows)
    return len(rows)
