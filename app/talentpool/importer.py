"""`flask import talent` / `flask export talent`: pool membership as a spreadsheet.

Rows the legal section (or the command line) imports are approved at once;
rows an HR clerk imports are nominations the legal section then decides.
An officer off the post is still imported (the pool keeps the membership for
when they return) with a warning: the draw's eligibility never picks them.
"""
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core import audit
from app.core.imports import (
    CellError,
    Column,
    Importer,
    ImportReport,
    RowError,
    cell_text,
    choice,
    id_number,
    text,
)
from app.core.models import utcnow
from app.core.scoping import Scope
from app.extensions import db
from app.people.models import Officer
from app.specialties.models import Specialty
from app.talentpool.models import LEVEL_BY_LABEL, LEVELS, TalentMember
from app.talentpool.queries import members

HEADERS = ("身份证号", "专业类别", "等级", "备注")
DIRECT_ROLES = ("legal", "admin")


class TalentImporter(Importer):
    kind = "talent"
    key_label = "专业类别"

    def __init__(self, actor) -> None:
        self.actor, self.scope = actor, Scope.of(actor)
        self.specialties = {}
        for s in db.session.scalars(select(Specialty)):
            self.specialties[s.code] = self.specialties[s.name] = s
        self.columns = (Column("身份证号", True, id_number),
                        Column("专业类别", True, self._specialty),
                        Column("等级", False, choice(LEVEL_BY_LABEL)),
                        Column("备注", False, text(200)))
        self.officers: dict[str, Officer] = {}

    def _specialty(self, value: object) -> Specialty:
        found = self.specialties.get(cell_text(value))
        if found is None:
            names = "/".join(s.name for s in dict.fromkeys(self.specialties.values()) if s.active)
            raise CellError(f"专业类别“{cell_text(value)}”不存在，应为以下之一: {names}")
        if not found.active:
            raise CellError(f"专业类别“{found.name}”已停用")
        return found

    def key(self, record: dict) -> tuple:
        return record["身份证号"], record["专业类别"].id

    def check(self, number: int, record: dict) -> list[RowError]:
        officer = db.session.scalar(select(Officer).options(joinedload(Officer.unit))
                                    .where(Officer.id_number_matches(record["身份证号"])))
        if officer is None or not self.scope.covers_unit(officer.unit):
            return [RowError(number, "身份证号", "人员名册中没有此人或不在您的管理范围内")]
        if not officer.enforcing:
            self.warnings.append(RowError(number, "身份证号",
                                          f"{officer.name}不在执法岗位或不在岗，已入库但不会被抽取"))
        self.officers[officer.id_number] = officer
        return []

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report, entries = ImportReport(), []
        state = "approved" if getattr(actor, "is_system", False) or \
            getattr(actor, "role", None) in DIRECT_ROLES else "nominated"
        existing = self._existing()
        for n, record in enumerate(records, start=1):
            officer = self.officers[record["身份证号"]]
            member = existing.get((officer.id, record["专业类别"].id))
            entry = self._create(officer, record, state) if member is None else \
                self._update(member, record)
            if member is None:
                report.created += 1
            elif entry:
                report.updated += 1
            else:
                report.unchanged += 1
            if entry:
                entries.append(entry)
            step(n)
        audit.record_many(entries)
        return report

    def _existing(self) -> dict[tuple[int, int], TalentMember]:
        ids = [o.id for o in self.officers.values()]
        rows = db.session.scalars(select(TalentMember).where(TalentMember.officer_id.in_(ids)))
        return {(m.officer_id, m.specialty_id): m for m in rows}

    def _create(self, officer: Officer, record: dict, state: str) -> dict:
        member = TalentMember(officer=officer, specialty=record["专业类别"],
                              level=record["等级"] or "backbone", note=record["备注"],
                              state=state, nominated_by_id=getattr(self.actor, "id", None))
        if state == "approved":
            member.decided_at, member.decided_by_id = utcnow(), getattr(self.actor, "id", None)
        db.session.add(member)
        db.session.flush()
        return self._entry(member, None)

    def _update(self, member: TalentMember, record: dict) -> dict | None:
        before = member.snapshot()
        # A blank cell keeps what is stored.
        if record["等级"] is not None:
            member.level = record["等级"]
        if record["备注"] is not None:
            member.note = record["备注"]
        after = member.snapshot()
        return None if after == before else self._entry(member, before)

    def _entry(self, member: TalentMember, before: dict | None) -> dict:
        return audit.entry(self.actor, "talent.import", "talent_member", member.id,
                           label=f"{member.officer.name} · {member.specialty.name}",
                           unit_id=member.officer.unit_id, before=before, after=member.snapshot())


def export_rows(scope: Scope) -> Iterator[list]:
    """Members not rejected, in the import's own headers (re-imports unchanged)."""
    stmt = members(scope).where(TalentMember.state != "rejected").order_by(None).order_by(
        TalentMember.id)
    for m in db.session.scalars(stmt):
        yield [m.officer.id_number, m.specialty.name, LEVELS[m.level], m.note]
