"""`flask import online-hours` / `flask export online-hours` and the web import.

One row is one officer's completed course on an external learning platform;
the key (身份证号, 课程名称, 平台) makes a course count once however often it is
imported. Officers are looked up within the importer's scope only, and an ID
out of scope gets the same answer as an unknown one.
"""
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core import audit, clock
from app.core.imports import (
    Column,
    Importer,
    ImportReport,
    RowError,
    a_date,
    choice,
    half_hours,
    id_number,
    text,
)
from app.core.scoping import Scope, clause
from app.extensions import db
from app.people.models import Officer
from app.training.importer import officers_in
from app.training.models import (
    CATEGORIES,
    CATEGORY_BY_LABEL,
    ONLINE_FORMAT,
    Attendance,
    TrainingSession,
)
from app.training.online.models import OnlineCourse
from app.training.services import hours_problem

HEADERS = ("身份证号", "课程名称", "培训类别", "学时", "完成日期", "平台", "证书编号")
UNKNOWN_OFFICER = "人员名册中没有该身份证号，或不在您的管理范围内"


class OnlineHoursImporter(Importer):
    kind = "online-hours"
    key_label = "课程名称"
    columns = (
        Column("身份证号", True, id_number),
        Column("课程名称", True, text(150)),
        Column("培训类别", True, choice(CATEGORY_BY_LABEL)),
        Column("学时", True, half_hours),
        Column("完成日期", True, a_date),
        Column("平台", True, text(40)),
        Column("证书编号", False, text(100)),
    )

    def __init__(self, scope: Scope) -> None:
        self.officers = officers_in(scope)

    def key(self, record: dict) -> tuple:
        return record["身份证号"], record["课程名称"], record["平台"]

    def check(self, number: int, record: dict) -> list[RowError]:
        errors = []
        if record["身份证号"] not in self.officers:
            errors.append(RowError(number, "身份证号", UNKNOWN_OFFICER))
        done = record["完成日期"]
        if done > clock.today():
            errors.append(RowError(number, "完成日期", "完成日期不能晚于今天"))
        if problem := hours_problem(record["学时"], done, done):
            errors.append(RowError(number, "学时", problem))
        return errors

    def write(self, records: list[dict], actor, step) -> ImportReport:
        existing, attendances = self._existing(records)
        done = []
        for n, record in enumerate(records, start=1):
            officer_id = self.officers[record["身份证号"]][0]
            course = existing.get((officer_id, record["课程名称"], record["平台"]))
            before = course.snapshot() if course else None
            course = _store(course, officer_id, record, "证书编号" in self.present)
            _attend(course.session, officer_id, attendances.get(course.session_id))
            done.append((record, course, before))
            step(n)
        db.session.flush()   # once: ids for the audit, one round of INSERTs and UPDATEs
        return self._report(done, actor)

    def _report(self, done: list, actor) -> ImportReport:
        report, entries = ImportReport(), []
        for record, course, before in done:
            _officer_id, unit_id, name = self.officers[record["身份证号"]]
            after = course.snapshot()
            if before is None:
                report.created += 1
            elif before != after:
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            entries.append(audit.entry(actor, "training.online.import", "training_online_course",
                                       course.id, label=f"{course.course} · {name}",
                                       unit_id=unit_id, before=before, after=after))
        audit.record_many(entries)
        return report

    def _existing(self, records: list[dict]) -> tuple[dict[tuple, OnlineCourse],
                                                      dict[int, Attendance]]:
        """Stored courses by key, and their attendances by session id (in chunks)."""
        ids = sorted({self.officers[r["身份证号"]][0] for r in records})
        courses, attendances = {}, {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            stmt = select(OnlineCourse).options(joinedload(OnlineCourse.session)) \
                .where(OnlineCourse.officer_id.in_(chunk))
            courses.update({(c.officer_id, c.course, c.platform): c
                            for c in db.session.scalars(stmt)})
            stmt = select(Attendance).join(OnlineCourse,
                                           OnlineCourse.session_id == Attendance.session_id) \
                .where(OnlineCourse.officer_id.in_(chunk),
                       Attendance.officer_id == OnlineCourse.officer_id)
            attendances.update({a.session_id: a for a in db.session.scalars(stmt)})
        return courses, attendances


def _store(course: OnlineCourse | None, officer_id: int, record: dict,
           certificate_given: bool) -> OnlineCourse:
    """Create or update the course and its session (nothing flushed yet)."""
    if course is None:
        session = TrainingSession(title=_title(record), study_format=ONLINE_FORMAT, unit_id=None,
                                  mode="online", content=f"平台：{record['平台']}")
        course = OnlineCourse(officer_id=officer_id, course=record["课程名称"],
                              platform=record["平台"], session=session)
        db.session.add(course)
    if certificate_given and record["证书编号"] is not None:
        course.certificate_no = record["证书编号"]
    _fill(course.session, record["培训类别"], record["学时"], record["完成日期"])
    return course


def _title(record: dict) -> str:
    return f"{record['课程名称']}（{record['平台']}）"


def _fill(session: TrainingSession, category: str, hours: Decimal, done: date) -> None:
    for name, value in (("category", category), ("hours", hours), ("start_date", done),
                        ("end_date", done), ("year", done.year)):
        if getattr(session, name) != value:
            setattr(session, name, value)


def _attend(session: TrainingSession, officer_id: int, attendance: Attendance | None) -> None:
    """The officer's one attendance, copying the session's hours, year and category."""
    if attendance is None:
        attendance = Attendance(session=session, officer_id=officer_id)
        db.session.add(attendance)
    for name in ("hours", "year", "category"):
        if getattr(attendance, name) != getattr(session, name):
            setattr(attendance, name, getattr(session, name))


def export_rows(scope: Scope) -> Iterator[list]:
    """One row per course in the import's own headers (re-imports unchanged)."""
    stmt = select(Officer.id_number, OnlineCourse.course, TrainingSession.category,
                  TrainingSession.hours, TrainingSession.end_date, OnlineCourse.platform,
                  OnlineCourse.certificate_no) \
        .join(OnlineCourse.officer).join(OnlineCourse.session) \
        .where(clause(Officer, scope)).order_by(TrainingSession.end_date, OnlineCourse.id)
    for number, course, category, hours, done, platform, certificate in db.session.execute(stmt):
        yield [number, course, CATEGORIES[category], float(hours), done, platform, certificate]


def record_completion(officer_id: int, course: str, platform: str, category: str,
                      hours: Decimal, done: date, content: str) -> OnlineCourse | None:
    """A course completed on this system's own learning pages, stored exactly as an imported
    row is (a 线上 session and the officer's attendance); None when that course already
    counted for the officer (the key (officer, course, platform) holds it once)."""
    found = db.session.scalar(select(OnlineCourse).where(
        OnlineCourse.officer_id == officer_id, OnlineCourse.course == course,
        OnlineCourse.platform == platform))
    if found is not None:
        return None
    record = {"课程名称": course, "平台": platform, "培训类别": category, "学时": hours,
              "完成日期": done}
    stored = _store(None, officer_id, record, certificate_given=False)
    stored.session.content = content
    _attend(stored.session, officer_id, None)
    db.session.flush()
    return stored
