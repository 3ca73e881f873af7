"""`flask import training` / `flask export training`, and a session's sign-in sheet.

The bulk file has one row per attendance: (培训名称, 开始日期, 主办单位编码) names the session,
(session, 身份证号) the attendance. Rows of one session must agree on its other columns.
"""
from collections.abc import Iterator
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload

from app.core import audit, idcard
from app.core.imports import (
    Column,
    Importer,
    ImportReport,
    RowError,
    a_date,
    choice,
    code_text,
    half_hours,
    id_number,
    normalise_name,
    person_name,
    text,
)
from app.core.scoping import Scope, clause, scoped
from app.core.synonyms import TRAINING_CATEGORY, TRAINING_MODE
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.training.models import (
    CATEGORIES,
    CATEGORY_BY_LABEL,
    MODE_BY_LABEL,
    MODES,
    ONLINE_FORMAT,
    Attendance,
    TrainingSession,
)
from app.training.services import hours_problem

HEADERS = ("培训名称", "培训类别", "开始日期", "结束日期", "身份证号", "学时", "主办单位编码",
           "培训方式", "培训内容")
SESSION_FIELDS = ("培训类别", "结束日期", "培训方式", "培训内容")
SIGN_IN_HEADERS = ("姓名", "单位编码", "身份证号", "学时")


def officers_in(scope: Scope) -> dict[str, tuple[int, int, str]]:
    """ID number -> (officer id, unit id, name) for every officer the actor may see."""
    stmt = select(Officer.id_number, Officer.id, Officer.unit_id, Officer.name) \
        .where(clause(Officer, scope))
    return {number: (oid, uid, name) for number, oid, uid, name in db.session.execute(stmt)}


def _officer_problem(number: int, record: dict, officers: dict) -> list[RowError]:
    if record["身份证号"] not in officers:
        return [RowError(number, "身份证号", "人员名册中没有该身份证号，或不在您的管理范围内")]
    return []


class TrainingImporter(Importer):
    kind = "training"
    key_label = "身份证号"
    columns = (
        Column("培训名称", True, text(200)),
        Column("培训类别", True, choice(CATEGORY_BY_LABEL, TRAINING_CATEGORY)),
        Column("开始日期", True, a_date),
        Column("结束日期", True, a_date),
        Column("身份证号", True, id_number),
        Column("学时", True, half_hours),
        Column("主办单位编码", False, code_text(32)),
        Column("培训方式", False, choice(MODE_BY_LABEL, TRAINING_MODE)),
        Column("培训内容", False, text(2000)),
    )

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.units = {u.code: u.id for u in db.session.scalars(scoped(Unit, scope))}
        self.officers = officers_in(scope)

    def key(self, record: dict) -> tuple:
        return (*self.session_key(record), record["身份证号"])

    @staticmethod
    def session_key(record: dict) -> tuple:
        return record["培训名称"], record["开始日期"], record["主办单位编码"] or ""

    def check(self, number: int, record: dict) -> list[RowError]:
        errors = _officer_problem(number, record, self.officers)
        if record["结束日期"] < record["开始日期"]:
            errors.append(RowError(number, "结束日期", "结束日期不能早于开始日期"))
        else:
            problem = hours_problem(record["学时"], record["开始日期"], record["结束日期"])
            if problem:
                errors.append(RowError(number, "学时", problem))
        errors.extend(self._unit_problem(number, record["主办单位编码"]))
        return errors

    def _unit_problem(self, number: int, code: str | None) -> list[RowError]:
        if code is None:
            if self.scope.everything:
                return []
            return [RowError(number, "主办单位编码", "必填项为空")]
        if code not in self.units:
            return [RowError(number, "主办单位编码", f"单位 {code} 不存在或不在您的管理范围内")]
        return []

    def check_file(self, records: list[tuple[int, dict]]) -> list[RowError]:
        """Rows of one session must describe it the same way."""
        first: dict[tuple, dict] = {}
        errors = []
        for number, record in records:
            seen = first.setdefault(self.session_key(record), record)
            for column in SESSION_FIELDS:
                if column in self.present and seen[column] != record[column]:
                    errors.append(RowError(number, column, "同一培训的各行此项应一致"))
        return errors

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report = ImportReport()
        groups: dict[tuple, list[dict]] = {}
        for record in records:
            groups.setdefault(self.session_key(record), []).append(record)
        sessions = self._sessions(list(groups), actor, groups, report)
        self._attendance(groups, sessions, actor, report)
        step(len(records))
        return report

    def _existing(self, keys: list[tuple]) -> dict[tuple, TrainingSession]:
        found = {}
        titles = sorted({k[0] for k in keys})
        for start in range(0, len(titles), 500):
            stmt = select(TrainingSession).options(joinedload(TrainingSession.unit)) \
                .where(TrainingSession.title.in_(titles[start:start + 500]),
                       TrainingSession.study_format != ONLINE_FORMAT)
            for s in db.session.scalars(stmt):
                found[(s.title, s.start_date, s.unit.code if s.unit else "")] = s
        return found

    def _sessions(self, keys, actor, groups, report) -> dict[tuple, TrainingSession]:
        existing = self._existing(keys)
        result, entries = {}, []
        for key in keys:
            rows = groups[key]
            session = existing.get(key) or TrainingSession(
                title=key[0], start_date=key[1], unit_id=self.units.get(key[2]) if key[2] else None,
                hours=Decimal(0))
            before = session.snapshot() if session.id else None
            self._fill(session, rows[0])
            session.hours = max([session.hours, *(r["学时"] for r in rows)])
            if session.id is None:
                db.session.add(session)
            db.session.flush()
            db.session.refresh(session, ["unit"])
            if before != session.snapshot():
                action = "training.session.import" if before is None else "training.session.update"
                entries.append(audit.entry(actor, action, "training_session", session.id,
                                           label=session.title, unit_id=session.unit_id,
                                           before=before, after=session.snapshot()))
                if before is not None:
                    report.updated += 1
            result[key] = session
        audit.record_many(entries)
        return result

    def _fill(self, session: TrainingSession, record: dict) -> None:
        session.category = record["培训类别"]
        session.end_date = record["结束日期"]
        session.year = session.end_date.year
        # A blank cell keeps what is stored.
        if record["培训方式"] is not None or session.mode is None:
            session.mode = record["培训方式"] or "offline"
        if record["培训内容"] is not None or session.content is None:
            session.content = record["培训内容"] or ""
        if session.study_format is None:
            session.study_format = "专题培训"
        for attendance in session.attendances if session.id else []:
            attendance.year, attendance.category = session.year, session.category

    def _attendance(self, groups, sessions, actor, report) -> None:
        ids = [s.id for s in sessions.values()]
        existing = {}
        for start in range(0, len(ids), 500):
            stmt = select(Attendance).where(Attendance.session_id.in_(ids[start:start + 500]))
            existing.update({(a.session_id, a.officer_id): a for a in db.session.scalars(stmt)})
        new, entries = [], []
        for key, rows in groups.items():
            session = sessions[key]
            for record in rows:
                officer_id, unit_id, name = self.officers[record["身份证号"]]
                found = existing.get((session.id, officer_id))
                values = {"session_id": session.id, "officer_id": officer_id,
                          "hours": record["学时"], "year": session.year,
                          "category": session.category}
                _upsert(found, values, new, entries, report, actor, unit_id,
                        f"{session.title} · {name}", record["身份证号"])
        if new:
            db.session.execute(insert(Attendance), new)
        audit.record_many(entries)
        db.session.flush()


def _upsert(found, values, new, entries, report, actor, unit_id, label, number) -> None:
    """Create or update one attendance, counting it; the audit entry goes to `entries`."""
    masked = idcard.mask(number)
    if found is None:
        new.append(values)
        report.created += 1
        entries.append(audit.entry(actor, "training.attendance.import", "training_attendance",
                                   None, label=label, unit_id=unit_id,
                                   after={"officer": masked, "hours": float(values["hours"]),
                                          "session_id": values["session_id"]}))
    elif Decimal(found.hours) != Decimal(values["hours"]):
        entries.append(audit.entry(actor, "training.attendance.update", "training_attendance",
                                   found.id, label=label, unit_id=unit_id,
                                   before={"hours": float(found.hours)},
                                   after={"hours": float(values["hours"])}))
        found.hours = values["hours"]
        report.updated += 1
    else:
        report.unchanged += 1


def officers_by_unit_and_name(scope: Scope) -> dict[tuple[str, str], list[str]]:
    """(unit code, name) -> ID numbers of the officers of that name in that unit."""
    stmt = select(Unit.code, Officer.name, Officer.id_number).join(Officer.unit) \
        .where(clause(Officer, scope))
    found: dict[tuple[str, str], list[str]] = {}
    for code, name, number in db.session.execute(stmt):
        found.setdefault((code, normalise_name(name)), []).append(number)
    return found


class SignInImporter(Importer):
    """A sign-in sheet (签到表) for one session: 姓名 with 单位编码 (a name is looked up in its
    unit; two of the same name there are reported, never guessed) or with 身份证号; a blank
    学时 is the session's hours, as in the form that adds one attendee."""

    kind = "sign-in"
    key_label = "身份证号"
    columns = (Column("身份证号", False, id_number), Column("姓名", True, person_name(50)),
               Column("单位编码", False, text(50)), Column("学时", False, half_hours))

    def __init__(self, session: TrainingSession, scope: Scope) -> None:
        self.session = session
        self.officers = officers_in(scope)
        self.by_name = officers_by_unit_and_name(scope)

    def parse_row(self, number: int, row: dict) -> tuple[dict, list[RowError]]:
        record, errors = super().parse_row(number, row)
        if not errors:
            errors = self._identify(number, record)
        if record.get("学时") is None:
            record["学时"] = self.session.hours
        return record, errors

    def _identify(self, number: int, record: dict) -> list[RowError]:
        """Fill in the ID number from unit code and name when the row has none."""
        if record["身份证号"]:
            return []
        if not record["单位编码"]:
            return [RowError(number, "身份证号", "请填写身份证号，或填写单位编码以按姓名查找")]
        found = self.by_name.get((record["单位编码"], normalise_name(record["姓名"])), [])
        if not found:
            return [RowError(number, "姓名", f"单位 {record['单位编码']} 中没有名为"
                                             f"{record['姓名']}的人员，或不在您的管理范围内")]
        if len(found) > 1:
            return [RowError(number, "姓名", f"单位 {record['单位编码']} 中有{len(found)}名"
                                             f"{record['姓名']}，请填写身份证号以区分")]
        record["身份证号"] = found[0]
        return []

    def key(self, record: dict) -> str:
        return record["身份证号"]

    def check(self, number: int, record: dict) -> list[RowError]:
        errors = _officer_problem(number, record, self.officers)
        if not errors and normalise_name(self.officers[record["身份证号"]][2]) != \
                normalise_name(record["姓名"]):
            errors.append(RowError(number, "姓名", "姓名与人员名册不符"))
        problem = hours_problem(record["学时"], self.session.start_date, self.session.end_date)
        if problem is None and record["学时"] > self.session.hours:
            problem = f"个人学时不能超过培训学时（{self.session.hours}）"
        if problem:
            errors.append(RowError(number, "学时", problem))
        return errors

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report, new, entries = ImportReport(), [], []
        session = self.session
        existing = {a.officer_id: a for a in session.attendances}
        for record in records:
            officer_id, unit_id, name = self.officers[record["身份证号"]]
            values = {"session_id": session.id, "officer_id": officer_id,
                      "hours": record["学时"], "year": session.year, "category": session.category}
            _upsert(existing.get(officer_id), values, new, entries, report, actor, unit_id,
                    f"{session.title} · {name}", record["身份证号"])
        if new:
            db.session.execute(insert(Attendance), new)
        audit.record_many(entries)
        db.session.flush()
        step(len(records))
        return report


def export_count(scope: Scope) -> int:
    """How many rows export_rows(scope) yields."""
    return db.session.scalar(select(func.count()).select_from(Attendance)
                             .join(Attendance.officer).join(Attendance.session)
                             .where(clause(Officer, scope),
                                    TrainingSession.study_format != ONLINE_FORMAT)) or 0


def export_rows(scope: Scope) -> Iterator[list]:
    """One row per attendance in the import's own headers (re-imports unchanged); platform
    courses are `flask export online-hours`."""
    stmt = select(TrainingSession.title, TrainingSession.category, TrainingSession.start_date,
                  TrainingSession.end_date, Officer.id_number, Attendance.hours, Unit.code,
                  TrainingSession.mode, TrainingSession.content) \
        .join(Attendance.session).join(Attendance.officer) \
        .outerjoin(Unit, Unit.id == TrainingSession.unit_id) \
        .where(clause(Officer, scope), TrainingSession.study_format != ONLINE_FORMAT) \
        .order_by(TrainingSession.start_date, TrainingSession.id, Attendance.id)
    for row in db.session.execute(stmt.execution_options(yield_per=2000)):
        title, category, start, end, number, hours, code, mode, content = row
        yield [title, CATEGORIES[category], start, end, number, float(hours), code,
               MODES[mode], content or None]

