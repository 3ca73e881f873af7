"""Who may see a whole 身份证号, in one place for every page, export, PDF, JSON, job and search.

HR sees the whole number of the officers in its scope, and so does the command line (it runs
on the server with the administrator's rights and its exports re-import unchanged); everyone
else sees the masked form (360102********1234) and may not search by a whole number, since
trying numbers one birth date at a time recovers the masked digits. Every hand-out of whole
numbers is written to the audit log once per page, download or job: who, what, how many.

One document needs more: the cancellation report (注销报告) to the 司法行政部门, which cancels
certificates by the holder's whole number, so the legal section that sends it sees whole numbers
there too (CANCELLATION), audited like every other hand-out.
"""
from collections.abc import Iterable, Iterator

from app.core import audit, idcard
from app.core.scoping import Scope

ID_HEADER = "身份证号"
CANCELLATION = "cancellation"
# Who sees whole numbers, by purpose: None is every page, export and job.
FULL_NUMBER_ROLES = {None: {"hr"}, CANCELLATION: {"hr", "legal"}}


def sees_full_numbers(actor, purpose: str | None = None) -> bool:
    """Whole numbers for the officers of the actor's own scope (every list is scoped)."""
    return bool(getattr(actor, "is_system", False)) or \
        (getattr(actor, "is_authenticated", False)
         and getattr(actor, "role", None) in FULL_NUMBER_ROLES[purpose])


def shows_full(actor, unit) -> bool:
    """Whole number of an officer of `unit` for this actor."""
    return sees_full_numbers(actor) and Scope.of(actor).covers_unit(unit)


NO_NUMBER_SEARCH = "只有人事科可以按身份证号查找人员，请按姓名或单位选择"


def may_search_by_number(actor) -> bool:
    """Only who sees whole numbers may look one up: for anyone else it is a guessing oracle."""
    return sees_full_numbers(actor)


class Disclosure:
    """The whole numbers one page, download or job hands out, audited once by record()."""

    def __init__(self, actor, what: str, purpose: str | None = None) -> None:
        self.actor, self.what, self.count = actor, what, 0
        self.full = sees_full_numbers(actor, purpose)
        self.officer_id: int | None = None
        self._scope = Scope.of(actor) if self.full else None

    def shown(self, officer) -> str:
        """One officer's number as this actor may see it."""
        if self.full and self._scope.covers_unit(officer.unit):
            self.count += 1
            self.officer_id = officer.id
            return officer.id_number
        return officer.id_number_masked

    def number(self, number: str) -> str:
        """A number from a list already narrowed to the actor's scope."""
        if self.full:
            self.count += 1
            return number
        return idcard.mask(number) if number else number

    def rows(self, headers: Iterable[str], rows: Iterable[list]) -> Iterator[list]:
        """Export rows with their 身份证号 column as this actor may see it."""
        headers = list(headers)
        if ID_HEADER not in headers:
            yield from rows
            return
        at = headers.index(ID_HEADER)
        for row in rows:
            row = list(row)
            row[at] = self.number(row[at])
            yield row

    def record(self) -> None:
        """Audit the whole numbers handed out, if any (the caller commits)."""
        if self.count:
            audit.record(self.actor, "id_number.disclose", "officer",
                         self.officer_id if self.count == 1 else None,
                         label=self.what, after={"what": self.what, "count": self.count})
