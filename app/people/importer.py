"""`flask import officers` / `flask export officers`: the roster as a spreadsheet."""
from collections.abc import Iterator

from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from app.core import audit, clock, idcrypt
from app.core.imports import (
    Column,
    Importer,
    ImportReport,
    RowError,
    a_date,
    choice,
    code_text,
    id_number,
    person_name,
    phone,
    text,
    yes_no,
)
from app.core.synonyms import EDUCATION, EDUCATIONS, PERSON_STATUS
from app.extensions import db
from app.org.models import Unit
from app.people import posts
from app.people.models import PERSON_STATUSES, STATUS_BY_LABEL, Officer, OfficerEvent
from app.people.services import REFUSED_ID, update_officer

HEADERS = ("姓名", "身份证号", "单位编码", "执法岗位", "人员状态", "状态变更日期",
           "执法岗位起始日期", "专业特长", "手机号", "学历", "法律专业", "法制审核人员",
           "法律职业资格")
# Column -> Officer field, for the optional columns.
FIELDS = {"人员状态": "status", "状态变更日期": "status_changed_on",
          "执法岗位起始日期": "post_since", "专业特长": "specialty", "手机号": "phone",
          "学历": "education", "法律专业": "legal_major", "法制审核人员": "legal_reviewer",
          "法律职业资格": "legal_qualification"}
DEFAULTS = {"status": "active", "legal_major": False, "legal_reviewer": False,
            "legal_qualification": False}
CHUNK = 1000
STORED = (Officer.id_number_hash, Officer.name, Officer.unit_id, Officer.on_post, Officer.status,
          Officer.status_changed_on, Officer.post_since, Officer.specialty, Officer.phone,
          Officer.education, Officer.legal_major, Officer.legal_reviewer,
          Officer.legal_qualification)


class OfficerImporter(Importer):
    kind = "officers"
    key_label = "身份证号"
    columns = (
        Column("姓名", True, person_name(50)),
        Column("身份证号", True, id_number),
        Column("单位编码", True, code_text(32)),
        Column("执法岗位", True, yes_no),
        Column("人员状态", False, choice(STATUS_BY_LABEL, PERSON_STATUS)),
        Column("状态变更日期", False, a_date),
        Column("执法岗位起始日期", False, a_date),
        Column("专业特长", False, text(100)),
        Column("手机号", False, phone),
        Column("学历", False, choice({e: e for e in EDUCATIONS}, EDUCATION)),
        Column("法律专业", False, yes_no),
        Column("法制审核人员", False, yes_no),
        Column("法律职业资格", False, yes_no),
    )

    def __init__(self, scope_units: dict[str, Unit] | None = None) -> None:
        """`scope_units` limits the units rows may name and the officers rows may update (an HR
        clerk's subtree): an officer stored elsewhere comes in only by the transfer flow."""
        self.everything = scope_units is None
        self.units = scope_units if scope_units is not None else {
            u.code: u for u in db.session.scalars(select(Unit))}

    def key(self, record: dict) -> str:
        return record["身份证号"]

    def check(self, number: int, record: dict) -> list[RowError]:
        if record["单位编码"] not in self.units:
            return [RowError(number, "单位编码", f"单位 {record['单位编码']} 不存在或不在您的管理范围内")]
        return []

    def check_file(self, records: list[tuple[int, dict]]) -> list[RowError]:
        """Refuse rows naming an officer outside the scope, with the words of any refused ID:
        nothing tells whether the number exists elsewhere or where."""
        if self.everything:
            return []
        outside, ids = set(), {u.id for u in self.units.values()}
        for start in range(0, len(records), CHUNK):
            numbers = [r["身份证号"] for _n, r in records[start:start + CHUNK]]
            outside |= {h for h, unit_id in db.session.execute(
                select(Officer.id_number_hash, Officer.unit_id)
                .where(Officer.id_number_in(numbers))) if unit_id not in ids}
        digest = idcrypt.current().digest
        return [RowError(n, "身份证号", REFUSED_ID) for n, r in records
                if digest(r["身份证号"]) in outside]

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report = ImportReport()
        for start in range(0, len(records), CHUNK):
            self._write_chunk(records[start:start + CHUNK], actor, report)
            step(min(start + CHUNK, len(records)))
        return report

    def _write_chunk(self, chunk: list[dict], actor, report: ImportReport) -> None:
        digest = idcrypt.current().digest
        by_hash = {digest(r["身份证号"]): r for r in chunk}
        stored = {row.id_number_hash: row for row in db.session.execute(
            select(Officer.id, *STORED).where(Officer.id_number_hash.in_(by_hash)))}
        new = [r for h, r in by_hash.items() if h not in stored]
        self._create(new, actor)
        report.created += len(new)
        changed = {stored[h].id: r for h, r in by_hash.items()
                   if h in stored and self._differs(r, stored[h])}
        report.unchanged += len(chunk) - len(new) - len(changed)
        for officer in db.session.scalars(select(Officer).options(joinedload(Officer.unit))
                                          .where(Officer.id.in_(changed))):
            update_officer(actor, officer, self._changes(changed[officer.id], officer))
            report.updated += 1
        db.session.flush()

    def _differs(self, record: dict, row) -> bool:
        """Whether importing `record` would change the stored row (read as plain columns)."""
        wanted = {"name": record["姓名"], "unit_id": self.units[record["单位编码"]].id,
                  "on_post": record["执法岗位"]}
        for column, field in FIELDS.items():
            if record[column] is not None:
                wanted[field] = record[column]
        return any(getattr(row, field) != value for field, value in wanted.items())

    def _values(self, record: dict) -> dict:
        values = {"name": record["姓名"], "unit_id": self.units[record["单位编码"]].id,
                  "on_post": record["执法岗位"], **Officer.id_columns(record["身份证号"])}
        for column, field in FIELDS.items():
            value = record[column]
            values[field] = DEFAULTS.get(field) if value is None else value
        if values["status"] != "active" and values["status_changed_on"] is None:
            values["status_changed_on"] = clock.today()
        return values

    def _changes(self, record: dict, officer: Officer) -> dict:
        changes = {"name": record["姓名"], "unit": self.units[record["单位编码"]],
                   "on_post": record["执法岗位"]}
        for column, field in FIELDS.items():
            if record[column] is not None:   # a blank cell keeps what is stored
                changes[field] = record[column]
        return changes

    def _create(self, records: list[dict], actor) -> None:
        if not records:
            return
        rows = [self._values(r) for r in records]
        ids = db.session.execute(
            insert(Officer).returning(Officer.id, Officer.id_number, sort_by_parameter_order=True),
            rows).all()
        posts.insert_initial([(oid, row) for (oid, _num), row in zip(ids, rows, strict=True)])
        today, actor_id = clock.today(), getattr(actor, "id", None)
        codes = {r["身份证号"]: r["单位编码"] for r in records}
        db.session.execute(insert(OfficerEvent), [
            {"officer_id": oid, "kind": "created", "after": codes[num], "effective_on": today,
             "actor_id": actor_id} for oid, num in ids])
        audit.record_many([
            audit.entry(actor, "officer.import", "officer", oid, label=row["name"],
                        unit_id=row["unit_id"], after=_snapshot(row, codes[num]))
            for (oid, num), row in zip(ids, rows, strict=True)])


def _snapshot(values: dict, unit_code: str) -> dict:
    return {"name": values["name"], "id_number": values["id_number_masked"],
            "unit_code": unit_code, "on_post": values["on_post"],
            "status": values["status"], "specialty": values["specialty"]}


def export_rows(stmt=None) -> Iterator[list]:
    """Rows in the import's own headers, so that the export re-imports unchanged."""
    stmt = stmt if stmt is not None else select(Officer)
    stmt = stmt.options(joinedload(Officer.unit)).order_by(Officer.id)
    for officer in db.session.scalars(stmt.execution_options(yield_per=2000)):
        yield [officer.name, officer.id_number, officer.unit.code, _yes_no(officer.on_post),
               PERSON_STATUSES[officer.status], officer.status_changed_on, officer.post_since,
               officer.specialty, officer.phone, officer.education, _yes_no(officer.legal_major),
               _yes_no(officer.legal_reviewer), _yes_no(officer.legal_qualification)]


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"
