"""Changes to officers: add, edit, transfer, change status; each keeps history and audit."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.core import audit, clock
from app.core.scoping import Scope
from app.extensions import db
from app.org.models import Unit
from app.people import posts
from app.people.models import PERSON_STATUSES, Officer, OfficerEvent

# The one answer for a number the actor may not add: it must not tell whether it exists elsewhere.
REFUSED_ID = "该身份证号不能由本单位导入，调入请走调动流程"
EDITABLE = ("name", "unit", "on_post", "post_since", "status", "status_changed_on",
            "specialty", "education", "legal_major", "phone", "legal_reviewer",
            "legal_qualification")


class OfficerError(ValueError):
    """A change the roster cannot take; the message is for the user."""


@dataclass
class OfficerData:
    """The editable fields of an officer, as a form or an import row gives them."""

    name: str
    id_number: str
    unit: Unit
    on_post: bool = True
    post_since: date | None = None
    status: str = "active"
    status_changed_on: date | None = None
    specialty: str | None = None
    education: str | None = None
    legal_major: bool = False
    phone: str | None = None
    legal_reviewer: bool = False
    legal_qualification: bool = False


def officer_by_id_number(number: str) -> Officer | None:
    return db.session.scalar(select(Officer).where(Officer.id_number_matches(number)))


def create_officer(actor, data: OfficerData) -> Officer:
    existing = officer_by_id_number(data.id_number)
    if existing is not None:
        # Say nothing of an officer the actor may not see: transfers have their own flow.
        raise OfficerError("该身份证号已在人员名册中" if Scope.of(actor).covers_unit(existing.unit)
                           else REFUSED_ID)
    officer = Officer(id_number=data.id_number,
                      **{f: getattr(data, f) for f in EDITABLE})
    if officer.status != "active" and officer.status_changed_on is None:
        officer.status_changed_on = clock.today()
    db.session.add(officer)
    db.session.flush()
    db.session.add(OfficerEvent(officer=officer, kind="created", after=data.unit.code,
                                effective_on=clock.today(), actor_id=getattr(actor, "id", None)))
    audit.record(actor, "officer.create", "officer", officer.id, label=officer.name,
                 unit_id=officer.unit_id, after=officer.snapshot())
    return officer


def update_officer(actor, officer: Officer, changes: dict) -> bool:
    """Apply `changes` (field -> value; "post_left_on", the first day off the post, is not a
    field but closes the post period on that day); record history, post periods and audit.
    True if anything changed."""
    changes = dict(changes)
    left_on = changes.pop("post_left_on", None)
    before, was = officer.snapshot(), posts.Before.of(officer)
    events = history_for(officer, changes)
    for event in events:
        event.actor_id = getattr(actor, "id", None)
        officer.events.append(event)
    for field, value in changes.items():
        setattr(officer, field, value)
    if changes.get("status", officer.status) != before["status"] and not changes.get(
            "status_changed_on"):
        officer.status_changed_on = clock.today()
    moved_on = posts.follow(officer, was, left_on)
    for event in events:
        if event.kind == "post" and moved_on is not None:
            event.effective_on = moved_on   # the day of the period's start or end
    after = officer.snapshot()
    if after == before:
        return False
    audit.record(actor, "officer.update", "officer", officer.id, label=officer.name,
                 unit_id=officer.unit_id, before=before, after=after)
    return True


def history_for(officer: Officer, changes: dict) -> list[OfficerEvent]:
    """The events a change makes: a transfer, a status change, a change of post."""
    events = []
    unit = changes.get("unit", officer.unit)
    if unit.id != officer.unit_id:
        events.append(OfficerEvent(kind="transfer", before=officer.unit.code, after=unit.code,
                                   effective_on=clock.today()))
    status = changes.get("status", officer.status)
    if status != officer.status:
        events.append(OfficerEvent(
            kind="status", before=PERSON_STATUSES[officer.status], after=PERSON_STATUSES[status],
            effective_on=changes.get("status_changed_on") or clock.today()))
    on_post = changes.get("on_post", officer.on_post)
    if on_post != officer.on_post:
        events.append(OfficerEvent(
            kind="post", before=_yes_no(officer.on_post), after=_yes_no(on_post),
            effective_on=changes.get("post_since") or clock.today()))
    return events


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"
