"""`flask import units`: the organisation tree from a spreadsheet."""
from sqlalchemy import select

from app.core import audit
from app.core.imports import Column, Importer, ImportReport, RowError, choice, code_text, text
from app.extensions import db
from app.org.models import UNIT_KINDS, Unit
from app.org.services import move_subtree

HEADERS = ("单位编码", "单位名称", "上级单位编码", "单位类型")


class UnitImporter(Importer):
    kind = "units"
    key_label = "单位编码"
    columns = (
        Column("单位编码", True, code_text(32)),
        Column("单位名称", True, text(100)),
        Column("上级单位编码", False, code_text(32)),
        Column("单位类型", False, choice({k: k for k in UNIT_KINDS})),
    )

    def __init__(self) -> None:
        self.existing = {u.code: u for u in db.session.scalars(select(Unit))}

    def key(self, record: dict) -> str:
        return record["单位编码"]

    def check_file(self, records: list[tuple[int, dict]]) -> list[RowError]:
        parents = {r["单位编码"]: self._parent_code(r) for _n, r in records}
        for code, unit in self.existing.items():
            parents.setdefault(code, unit.parent.code if unit.parent else None)
        errors = []
        for number, record in records:
            parent = record["上级单位编码"]
            if parent and parent not in parents:
                errors.append(RowError(number, "上级单位编码", f"单位 {parent} 不存在"))
            elif _in_cycle(record["单位编码"], parents):
                errors.append(RowError(number, "上级单位编码", "上下级关系形成循环"))
        return errors

    def _parent_code(self, record: dict) -> str | None:
        """The parent the row leaves: its cell, else (a blank cell) the stored one."""
        unit = self.existing.get(record["单位编码"])
        if record["上级单位编码"] or unit is None or unit.parent is None:
            return record["上级单位编码"]
        return unit.parent.code

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report = ImportReport()
        for done, record in enumerate(_parents_first(records), start=1):
            self._write_one(record, actor, report)
            step(done)
        return report

    def _write_one(self, record: dict, actor, report: ImportReport) -> None:
        code, parent_code = record["单位编码"], self._parent_code(record)
        parent = self.existing.get(parent_code) if parent_code else None
        unit = self.existing.get(code)
        if unit is None:
            unit = Unit(code=code, name=record["单位名称"], kind=record["单位类型"], parent=parent)
            db.session.add(unit)
            db.session.flush()
            unit.refresh_path()
            self.existing[code] = unit
            report.created += 1
            audit.record(actor, "unit.import", "unit", unit.id, label=unit.name,
                         unit_id=unit.id, after=unit.snapshot())
            return
        before = unit.snapshot()
        moved = unit.parent is not parent
        unit.name, unit.parent = record["单位名称"], parent
        unit.kind = record["单位类型"] or unit.kind
        if moved:
            move_subtree(unit)
        if unit.snapshot() == before:
            report.unchanged += 1
            return
        report.updated += 1
        audit.record(actor, "unit.import", "unit", unit.id, label=unit.name, unit_id=unit.id,
                     before=before, after=unit.snapshot())


def _in_cycle(code: str, parents: dict[str, str | None]) -> bool:
    seen, current = set(), code
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _parents_first(records: list[dict]) -> list[dict]:
    """Order rows so that a parent named in the file is written before its children."""
    by_code = {r["单位编码"]: r for r in records}
    ordered, placed = [], set()

    def place(record: dict) -> None:
        code = record["单位编码"]
        if code in placed:
            return
        parent = by_code.get(record["上级单位编码"])
        if parent is not None:
            place(parent)
        placed.add(code)
        ordered.append(record)

    for record in records:
        place(record)
    return ordered


def export_rows(stmt=None) -> list[list]:
    """Rows in the import's own headers; `stmt` narrows the units (a scope)."""
    stmt = stmt if stmt is not None else select(Unit)
    units = db.session.scalars(stmt.order_by(Unit.path)).all()
    return [[u.code, u.name, u.parent.code if u.parent else None, u.kind] for u in units]
