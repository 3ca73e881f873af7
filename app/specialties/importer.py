"""`flask import specialties` / `flask export specialties`: the province's list as a spreadsheet.

The key is 代码. A name belongs to one code: a name used by another code,
in the file or in the database, is refused at its row. A blank 排序 or 启用
keeps the stored value (a new category gets 0 and 是).
"""
import re
from collections.abc import Iterator

from sqlalchemy import select

from app.core import audit
from app.core.imports import CellError, Column, Importer, ImportReport, RowError, text, yes_no
from app.core.scoping import Scope
from app.extensions import db
from app.specialties.models import Specialty

HEADERS = ("代码", "名称", "排序", "启用")
_CODE = re.compile(r"[a-z0-9_]+")


def code(value: object) -> str:
    result = text(40)(value)
    if not _CODE.fullmatch(result):
        raise CellError("只能由小写字母、数字和下划线组成")
    return result


def sort_order(value: object) -> int:
    try:
        number = float(str(value).strip())
    except ValueError as exc:
        raise CellError("应为0到999的整数") from exc
    if not number.is_integer() or not 0 <= number <= 999:
        raise CellError("应为0到999的整数")
    return int(number)


class SpecialtyImporter(Importer):
    kind = "specialties"
    key_label = "代码"
    columns = (
        Column("代码", True, code),
        Column("名称", True, text(50)),
        Column("排序", False, sort_order),
        Column("启用", False, yes_no),
    )

    def __init__(self) -> None:
        self.existing = {s.code: s for s in db.session.scalars(select(Specialty))}

    def key(self, record: dict) -> str:
        return record["代码"]

    def check_file(self, records: list[tuple[int, dict]]) -> list[RowError]:
        """A name belongs to one code: within the file, and against the stored list (a
        rename onto a name another code still holds is refused, not swapped)."""
        stored = {s.name: c for c, s in self.existing.items()}
        first: dict[str, int] = {}
        errors = []
        for number, record in records:
            name = record["名称"]
            holder = stored.get(name, record["代码"])
            if name in first:
                errors.append(RowError(number, "名称", f"与第{first[name]}行重复"))
            elif holder != record["代码"]:
                errors.append(RowError(number, "名称", f"名称“{name}”已用于代码 {holder}"))
            first.setdefault(name, number)
        return errors

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report, entries = ImportReport(), []
        for n, record in enumerate(records, start=1):
            specialty = self.existing.get(record["代码"])
            before = _snapshot(specialty) if specialty else None
            specialty = self._apply(specialty, record)
            after = _snapshot(specialty)
            if before is None:
                report.created += 1
            elif before != after:
                report.updated += 1
            else:
                report.unchanged += 1
            if before != after:
                entries.append(audit.entry(actor, "specialty.import", "specialty", specialty.id,
                                           label=specialty.name, before=before, after=after))
            step(n)
        audit.record_many(entries)
        return report

    def _apply(self, specialty: Specialty | None, record: dict) -> Specialty:
        if specialty is None:
            specialty = Specialty(code=record["代码"], sort_order=0, active=True)
            db.session.add(specialty)
        specialty.name = record["名称"]
        if record["排序"] is not None:
            specialty.sort_order = record["排序"]
        if record["启用"] is not None:
            specialty.active = record["启用"]
        db.session.flush()
        return specialty


def _snapshot(s: Specialty) -> dict:
    return {"code": s.code, "name": s.name, "sort_order": s.sort_order, "active": s.active}


def export_rows(_scope: Scope) -> Iterator[list]:
    """Every category, active or not, in the import's own headers (re-imports unchanged)."""
    stmt = select(Specialty).order_by(Specialty.sort_order, Specialty.id)
    for s in db.session.scalars(stmt):
        yield [s.code, s.name, s.sort_order, "是" if s.active else "否"]
