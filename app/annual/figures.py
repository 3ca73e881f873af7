"""The year's figures per unit: a registry of sections, one function each.

A section takes the groups (the units directly below the report's unit, each with its
subtree) and the year, and returns {group unit id: {column: value}}. The whole is summed
from the groups' counts, and its rates recomputed.
"""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from app.certificates.models import Certificate, CertificateEvent
from app.core import clock
from app.core.models import utcnow
from app.core.scoping import Scope, subtree_ids
from app.exams.models import Attempt, Exam, ExamCandidate
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.results import rates
from app.rotation.queries import rotation_figures
from app.training import compliance
from app.training.models import TrainingSession


@dataclass(frozen=True)
class Group:
    """A unit of the report and its subtree (where its figures come from)."""

    unit: Unit
    own_only: bool = False     # the report's unit itself: its own officers, not the subtree

    def unit_ids(self):
        if self.own_only:
            return select(Unit.id).where(Unit.id == self.unit.id)
        return subtree_ids(self.unit.path)


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    columns: tuple[tuple[str, str], ...]     # (key, Chinese header)
    measure: Callable[[list[Group], int], dict[int, dict]]
    rates: tuple[tuple[str, str, str], ...] = ()   # (rate key, part key, whole key)


SECTIONS: list[Section] = []


def section(key: str, label: str, columns, rates_=()):
    def register(measure):
        SECTIONS.append(Section(key, label, tuple(columns), measure, tuple(rates_)))
        return measure
    return register


def _rate(part: int, whole: int) -> float | None:
    value = rates.percent(part, whole)
    return None if value is None else round(value, 1)


# --- training -----------------------------------------------------------------------------

@section("training", "培训", (
    ("officers", "应参训人数"), ("compliant", "学时达标人数"), ("compliance_rate", "达标率%"),
    ("political_done", "政治理论完成人数"), ("hours", "参训学时合计"),
    ("sessions", "举办培训期数")), (("compliance_rate", "compliant", "officers"),))
def training(groups: list[Group], year: int) -> dict[int, dict]:
    found = {}
    for g in groups:
        rows = _compliance_rows(g, year)
        compliant = sum(r.compliant for r in rows)
        found[g.unit.id] = {
            "officers": len(rows), "compliant": compliant,
            "compliance_rate": _rate(compliant, len(rows)),
            "political_done": sum(bool(r.political_done) for r in rows),
            "hours": _number(sum(r.total_hours for r in rows)),
            "sessions": db.session.scalar(select(func.count(TrainingSession.id)).where(
                TrainingSession.year == year, TrainingSession.unit_id.in_(g.unit_ids()))) or 0}
    return found


def _compliance_rows(g: Group, year: int) -> list[compliance.Row]:
    rows = compliance.stream(compliance.Query(year, Scope(everything=True), g.unit))
    return [r for r in rows if not g.own_only or r.unit_id == g.unit.id]


# --- exams --------------------------------------------------------------------------------

@section("exams", "考试", (
    ("exams", "考试场次"), ("seats", "应考人次"), ("sat", "实考人次"),
    ("participation_rate", "参考率%"), ("graded", "已评分人次"), ("passed", "合格人次"),
    ("pass_rate", "合格率%")),
    (("participation_rate", "sat", "seats"), ("pass_rate", "passed", "graded")))
def exams(groups: list[Group], year: int) -> dict[int, dict]:
    """The year's closed exams (quarterly and basic-law; make-ups not counted again), by the
    unit each seat was enrolled from; rates as app/results/rates.py defines them."""
    held = list(db.session.scalars(select(Exam).where(
        Exam.year == year, Exam.status == "scheduled", Exam.kind == "regular")))
    closed = list(rates.closed_exam_ids(held, utcnow()))
    found = {}
    for g in groups:
        stmt = select(func.count(func.distinct(ExamCandidate.exam_id)),
                      func.count(ExamCandidate.id),
                      func.count(Attempt.submitted_at), func.count(Attempt.passed),
                      func.sum(case((Attempt.passed.is_(True), 1), else_=0))) \
            .outerjoin(Attempt, Attempt.candidate_id == ExamCandidate.id) \
            .where(ExamCandidate.exam_id.in_(closed), ExamCandidate.unit_id.in_(g.unit_ids()))
        n_exams, seats, sat, graded, passed = db.session.execute(stmt).one()
        passed = passed or 0
        found[g.unit.id] = {"exams": n_exams, "seats": seats, "sat": sat,
                            "participation_rate": _rate(sat, seats), "graded": graded,
                            "passed": passed, "pass_rate": _rate(passed, graded)}
    return found


# --- certificates -------------------------------------------------------------------------

@section("certificates", "执法证", (
    ("holders", "年末持有效执法证人数"), ("without", "在岗未持有效证人数"),
    ("issued", "本年发证"), ("suspended", "本年暂扣"), ("revoked", "本年收回"),
    ("cancelled", "本年注销")))
def certificates(groups: list[Group], year: int) -> dict[int, dict]:
    """By the holder's unit: who holds a valid certificate at the year's end (or today, in
    the year itself), and the year's issues, withholdings, take-backs and cancellations."""
    day = min(date(year, 12, 31), clock.today())
    found = {}
    for g in groups:
        on_post = select(Officer.id).where(Officer.unit_id.in_(g.unit_ids()),
                                           Officer.status == "active", Officer.on_post.is_(True))
        holders = db.session.scalar(
            select(func.count(func.distinct(Certificate.officer_id))).where(
                Certificate.officer_id.in_(on_post), Certificate.valid_on_clause(day))) or 0
        officers = db.session.scalar(select(func.count()).select_from(on_post.subquery())) or 0
        found[g.unit.id] = {"holders": holders, "without": officers - holders,
                            **_events(g, year)}
    return found


EVENT_COLUMNS = {"issue": "issued", "suspend": "suspended", "revoke": "revoked",
                 "cancel": "cancelled"}


def _events(g: Group, year: int) -> dict[str, int]:
    stmt = select(CertificateEvent.action, func.count()).join(Certificate) \
        .join(Officer, Officer.id == Certificate.officer_id) \
        .where(Officer.unit_id.in_(g.unit_ids()),
               CertificateEvent.effective_on.between(date(year, 1, 1), date(year, 12, 31)),
               CertificateEvent.action.in_(list(EVENT_COLUMNS))) \
        .group_by(CertificateEvent.action)
    counts = dict(db.session.execute(stmt).all())
    return {column: counts.get(action, 0) for action, column in EVENT_COLUMNS.items()}


# --- rotation training (全员轮训) -----------------------------------------------------------

@section("rotation", "全员轮训", (
    ("participants", "参训人次"), ("completed", "完成人次"), ("checked", "已检验人次"),
    ("passed", "检验合格人次"), ("pass_rate", "检验合格率%")),
    (("pass_rate", "passed", "checked"),))
def rotation(groups: list[Group], year: int) -> dict[int, dict]:
    """By the unit the participant was enrolled from (a programme's count of its own would
    count a programme twice in the whole when it spans groups, so it is left out)."""
    found = {}
    for g in groups:
        figures = rotation_figures(db.session.scalars(g.unit_ids()).all(), year)
        found[g.unit.id] = {key: figures[key] for key in
                            ("participants", "completed", "checked", "passed")}
        found[g.unit.id]["pass_rate"] = _rate(figures["passed"], figures["checked"])
    return found


# --- the report ---------------------------------------------------------------------------

@dataclass
class UnitFigures:
    unit: Unit
    figures: dict[str, dict]      # section key -> column -> value
    total: bool = False

    def as_json(self) -> dict:
        return {"unit_code": self.unit.code, "unit_name": self.unit.name, "total": self.total,
                **{s.key: self.figures[s.key] for s in SECTIONS}}


def groups_below(root: Unit) -> list[Group]:
    """The units directly below `root` that have officers in their subtree (each with its
    subtree), and `root` itself when officers sit in it directly."""
    children = [u for u in db.session.scalars(select(Unit).where(Unit.parent_id == root.id)
                                              .order_by(Unit.code))
                if db.session.scalar(select(Officer.id).where(
                    Officer.unit_id.in_(subtree_ids(u.path))).limit(1)) is not None]
    own = db.session.scalar(select(func.count(Officer.id)).where(Officer.unit_id == root.id))
    return ([Group(root, own_only=True)] if own or not children else []) + \
        [Group(u) for u in children]


def report(root: Unit, year: int) -> list[UnitFigures]:
    """One line per group, then the whole (`total`)."""
    groups = groups_below(root)
    measured = {s.key: s.measure(groups, year) for s in SECTIONS}
    lines = [UnitFigures(g.unit, {k: measured[k][g.unit.id] for k in measured}) for g in groups]
    return lines + [UnitFigures(root, _whole(lines), total=True)]


def _whole(lines: list[UnitFigures]) -> dict[str, dict]:
    whole = {}
    for s in SECTIONS:
        sums = defaultdict(float)
        for line in lines:
            for key, value in line.figures[s.key].items():
                if value is not None:
                    sums[key] += value
        figures = {key: _number(sums[key]) for key, _label in s.columns}
        for rate, part, of in s.rates:
            figures[rate] = _rate(figures[part], figures[of])
        whole[s.key] = figures
    return whole


def _number(value: float):
    return int(value) if float(value).is_integer() else round(value, 1)
