"""Making, replaying and amending draws. Services: explicit actor, add and flush, never commit."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.core import audit, clock
from app.core.models import utcnow
from app.core.scoping import Scope
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.specialties.models import Specialty
from app.talentpool import drawing
from app.talentpool.eligibility import Candidates, Terms, candidates
from app.talentpool.models import Draw, DrawMember, DrawRound, InspectionTask

MIN_CERTIFIED = 2
EXCLUDED_LABELS = {"paused": "暂停", "avoidance": "回避", "this_task": "已在本任务其他检查组",
                   "uncertified": "无覆盖检查期间的有效行政执法证", "cooloff": "冷却期内"}


class DrawError(ValueError):
    """A draw the rules cannot make; the message (Chinese) says why and how many are eligible."""

    def __init__(self, message: str, eligible_count: int | None = None) -> None:
        super().__init__(message)
        self.eligible_count = eligible_count


@dataclass
class TaskData:
    purpose: str
    inspected_unit: Unit
    starts_on: date | None = None
    ends_on: date | None = None
    avoid_city: bool = False
    cooloff_days: int = 0


@dataclass
class Outcome:
    """A computed team before (or without) recording it: what a dry run prints."""

    seed: int
    candidates: Candidates
    picked: list[int]
    size: int
    experts: int = 0
    terms: Terms | None = None
    officers: dict[int, Officer] = field(default_factory=dict)

    def roles(self) -> list[tuple[int, str]]:
        """(officer id, role) in draw order: the first drawn leads."""
        roles = ["leader"] + ["member"] * (self.size - 1) + ["expert"] * self.experts
        return list(zip(self.picked, roles, strict=True))


def organiser_unit(actor, inspected: Unit) -> Unit:
    """The actor's unit, or for the admin and the command line the top of the inspected tree."""
    unit = getattr(actor, "unit", None)
    if unit is not None:
        return unit
    root_id = int(inspected.path.strip("/").split("/")[0])
    return db.session.get(Unit, root_id)


def check_task(actor, data: TaskData) -> None:
    if not Scope.of(actor).covers_unit(data.inspected_unit):
        raise DrawError("被检查单位不在您的管理范围内")
    if data.ends_on and data.ends_on < (data.starts_on or clock.today()):
        raise DrawError("结束日期不能早于开始日期")


def create_task(actor, data: TaskData) -> InspectionTask:
    check_task(actor, data)
    starts = data.starts_on or clock.today()
    task = InspectionTask(purpose=data.purpose, inspected_unit=data.inspected_unit,
                          unit=organiser_unit(actor, data.inspected_unit), starts_on=starts,
                          ends_on=data.ends_on or starts, avoid_city=data.avoid_city,
                          cooloff_days=data.cooloff_days, created_by_id=getattr(actor, "id", None))
    db.session.add(task)
    db.session.flush()
    audit.record(actor, "task.create", "inspection_task", task.id, label=data.purpose,
                 unit_id=task.unit_id, after=task.snapshot())
    return task


def terms_for(actor, specialty: Specialty, data: TaskData, taken: frozenset = frozenset()) -> Terms:
    starts = data.starts_on or clock.today()
    return Terms(specialty_id=specialty.id, inspected_unit=data.inspected_unit, starts_on=starts,
                 ends_on=data.ends_on or starts, avoid_city=data.avoid_city,
                 cooloff_days=data.cooloff_days, pool_path=Scope.of(actor).unit_path,
                 taken=taken)


def compute(terms: Terms, size: int, experts: int = 0, seed: int | None = None) -> Outcome:
    """The team the rules and the seed give, recording nothing."""
    if size < MIN_CERTIFIED:
        raise DrawError(f"每个检查组至少需要{MIN_CERTIFIED}名持证执法人员")
    if experts < 0:
        raise DrawError("专家人数不能为负数")
    found = candidates(terms)
    seed = drawing.new_seed() if seed is None else seed
    try:
        picked = drawing.pick(seed, found.rows, size, experts)
    except drawing.NotEnough as exc:
        raise DrawError(_not_enough(exc, found), found.count) from exc
    return Outcome(seed, found, picked, size, experts, terms)


def _not_enough(exc: drawing.NotEnough, found: Candidates) -> str:
    what = "专家" if exc.experts else "人员"
    left_out = "，".join(f"{EXCLUDED_LABELS[k]}{v}名" for k, v in found.excluded.items() if v)
    head = f"无法按规则抽取：需要{exc.need}名{what}，符合条件的{what}只有{exc.have}名"
    tail = f"（符合条件人员共{found.count}名；已排除：{left_out}）" if left_out else \
        f"（符合条件人员共{found.count}名）"
    return head + tail


def task_data(task: InspectionTask) -> TaskData:
    return TaskData(task.purpose, task.inspected_unit, task.starts_on, task.ends_on,
                    task.avoid_city, task.cooloff_days)


def taken_in(task: InspectionTask) -> frozenset[int]:
    """Officers already on one of the task's teams."""
    return frozenset(m.officer_id for d in task.draws for m in d.members if m.withdrawn_at is None)


def draw(actor, task: InspectionTask, specialty: Specialty, size: int, experts: int = 0,
         seed: int | None = None) -> Draw:
    """Draw and record the team of `specialty` for `task`; one draw per task and specialty."""
    if already_drawn(task, specialty):
        raise DrawError(f"该任务已抽取过{specialty.name}检查组，不能重复抽取")
    terms = terms_for(actor, specialty, task_data(task), taken_in(task))
    return _record(actor, task, specialty, compute(terms, size, experts, seed))


@dataclass(frozen=True)
class Team:
    """One specialty's team of a task: how many officers, and experts on top."""

    specialty: Specialty
    size: int
    experts: int = 0


class TeamsError(DrawError):
    """Some teams of a task cannot be filled: `failures` maps a team's index to why (Chinese)."""

    def __init__(self, failures: dict[int, str]) -> None:
        super().__init__("；".join(failures.values()) + "。本任务的各专业检查组均未抽取。")
        self.failures = failures


def team_seed(seed: int | None, index: int) -> int | None:
    """A given seed staffs the first team; the n-th team uses seed + n - 1 (each is recorded)."""
    return None if seed is None else (seed + index) % (1 << drawing.SEED_BITS)


def draw_task(actor, data: TaskData, teams: list[Team],
              seed: int | None = None) -> tuple[InspectionTask, list[Draw]]:
    """Create a task and draw every specialty's team under all the rules: all or nothing.

    Every team is computed before anything is written; when one cannot be filled the
    TeamsError names each such specialty and nothing (task, draws) is recorded. Nobody
    goes twice: each team's candidates leave out the officers of the teams before it.
    """
    if not teams:
        raise DrawError("请至少填写一个专业检查组")
    seen: set[int] = set()
    for team in teams:
        if team.specialty.id in seen:
            raise DrawError(f"专业类别“{team.specialty.name}”重复，每个专业只能有一个检查组")
        seen.add(team.specialty.id)
    check_task(actor, data)
    outcomes, failures, taken = [], {}, set()
    for index, team in enumerate(teams):
        terms = terms_for(actor, team.specialty, data, frozenset(taken))
        try:
            outcome = compute(terms, team.size, team.experts, team_seed(seed, index))
        except DrawError as exc:
            failures[index] = f"{team.specialty.name}检查组：{exc}"
            continue
        taken.update(outcome.picked)
        outcomes.append((team, outcome))
    if failures:
        raise TeamsError(failures)
    task = create_task(actor, data)
    return task, [_record(actor, task, team.specialty, outcome) for team, outcome in outcomes]


def _record(actor, task: InspectionTask, specialty: Specialty, outcome: Outcome) -> Draw:
    """Record a computed team as the task's draw for `specialty`, audited and notified."""
    # Built outside the session (task_id, not task=) so that only _flush_once inserts it.
    record = Draw(task_id=task.id, specialty=specialty, size=outcome.size,
                  experts=outcome.experts, rules=outcome.terms.describe(),
                  created_by_id=getattr(actor, "id", None),
                  created_by_name=getattr(actor, "username", "system"))
    record.rounds.append(_round(0, outcome, actor))
    _add_members(record, outcome.roles(), 0)
    _flush_once(record, specialty)
    db.session.expire(task, ["draws"])
    audit.record(actor, "draw.create", "draw", record.id, label=_label(record),
                 unit_id=task.unit_id, after=_draw_snapshot(record))
    notify_drawn(record, record.members)
    return record


def already_drawn(task: InspectionTask, specialty: Specialty) -> bool:
    """The friendly check; two requests racing past it meet the unique constraint instead."""
    return any(d.specialty_id == specialty.id for d in task.draws)


def _round(number: int, outcome: Outcome, actor, reason: str | None = None) -> DrawRound:
    return DrawRound(number=number, seed=outcome.seed, candidates=outcome.candidates.rows,
                     eligible_count=outcome.candidates.count, excluded=outcome.candidates.excluded,
                     size=outcome.size, experts=outcome.experts, reason=reason,
                     created_by_name=getattr(actor, "username", "system"))


def _add_members(record: Draw, roles: list[tuple[int, str]], round_number: int) -> list[DrawMember]:
    units = dict(db.session.execute(select(Officer.id, Officer.unit_id).where(
        Officer.id.in_([officer_id for officer_id, _ in roles]))).all())
    start = len(record.members) + 1
    added = [DrawMember(officer_id=officer_id, role=role, round_number=round_number,
                        position=start + i, unit_id=units[officer_id], drawn_on=clock.today())
             for i, (officer_id, role) in enumerate(roles)]
    record.members.extend(added)
    return added


def _flush_once(record: Draw, specialty: Specialty) -> None:
    """Insert the draw; a concurrent draw for the same task and specialty loses here.

    No savepoint: under pysqlite a SAVEPOINT opened before any write is released as a
    commit. The caller rolls back on DrawError, as it does for every refused draw.
    """
    message = f"该任务已抽取过{specialty.name}检查组，不能重复抽取"  # read before a failed flush
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise DrawError(message) from exc


def replace(actor, member: DrawMember, reason: str, seed: int | None = None) -> DrawMember:
    """Withdraw `member` with `reason` and draw one replacement (递补) under the same rules."""
    reason = (reason or "").strip()
    if not reason:
        raise DrawError("请填写递补原因")
    if member.withdrawn_at is not None:
        raise DrawError("该人员已被递补")
    record = member.draw
    taken = taken_in(record.task) | {m.officer_id for m in record.members}
    terms = terms_for(actor, record.specialty, task_data(record.task), frozenset(taken))
    expert = member.role == "expert"
    outcome = compute_replacement(terms, expert, seed)
    number = len(record.rounds)
    record.rounds.append(_round(number, outcome, actor, reason))
    new = _add_members(record, [(outcome.picked[0], member.role)], number)[0]
    member.withdrawn_at, member.withdrawn_reason = utcnow(), reason
    db.session.flush()
    member.replaced_by_id = new.id
    audit.record(actor, "draw.replace", "draw", record.id, label=_label(record),
                 unit_id=record.task.unit_id,
                 before={"officer": member.officer.name, "role": member.role},
                 after={"officer": new.officer.name, "reason": reason, "seed": outcome.seed,
                        "round": number, "eligible_count": outcome.candidates.count})
    notify_drawn(record, [new])
    return new


def compute_replacement(terms: Terms, expert: bool, seed: int | None) -> Outcome:
    found = candidates(terms)
    seed = drawing.new_seed() if seed is None else seed
    size, experts = (0, 1) if expert else (1, 0)
    try:
        picked = drawing.pick(seed, found.rows, size, experts)
    except drawing.NotEnough as exc:
        raise DrawError(_not_enough(exc, found), found.count) from exc
    return Outcome(seed, found, picked, size, experts, terms)


def set_leader(actor, member: DrawMember) -> None:
    """Make `member` the team leader; the former leader becomes a member."""
    if member.withdrawn_at is not None or member.role == "expert":
        raise DrawError("只能指定在组的执法人员为组长")
    record = member.draw
    former = next((m for m in record.team if m.role == "leader"), None)
    if former is member:
        return
    if former is not None:
        former.role = "member"
    member.role = "leader"
    db.session.flush()
    audit.record(actor, "draw.leader", "draw", record.id, label=_label(record),
                 unit_id=record.task.unit_id,
                 before={"leader": former.officer.name if former else None},
                 after={"leader": member.officer.name})


@dataclass
class RoundCheck:
    number: int
    seed: int
    recorded: list[int]
    replayed: list[int]
    fingerprint: str

    @property
    def ok(self) -> bool:
        return self.recorded == self.replayed


def verify(record: Draw) -> list[RoundCheck]:
    """Replay every round from its recorded seed and candidate list."""
    checks = []
    for rnd in record.rounds:
        recorded = [m.officer_id for m in record.members if m.round_number == rnd.number]
        try:
            replayed = drawing.pick(rnd.seed, rnd.candidates, rnd.size, rnd.experts)
        except drawing.NotEnough:
            replayed = []
        checks.append(RoundCheck(rnd.number, rnd.seed, recorded, replayed, rnd.fingerprint))
    return checks


def notify_drawn(record: Draw, members: list[DrawMember]) -> None:
    """Tell drawn officers who have an account (when the notifications module is there)."""
    try:
        from app.notifications.services import notify
    except ImportError:
        return
    users = db.session.scalars(select(User.id).where(
        User.officer_id.in_([m.officer_id for m in members]), User.active.is_(True)))
    task = record.task
    notify(list(users), f"您已被抽取参加交叉执法检查：{task.purpose}（{record.specialty.name}，"
                        f"被检查单位：{task.inspected_unit.name}，{task.starts_on}起）",
           link="/talent/me", key=f"draw:{record.id}:{record.rounds[-1].number}")


def _label(record: Draw) -> str:
    return f"{record.task.purpose} · {record.specialty.name}"


def _draw_snapshot(record: Draw) -> dict:
    rnd = record.first_round
    return {"task": record.task.id, "specialty": record.specialty.code, "size": record.size,
            "experts": record.experts, "seed": rnd.seed, "eligible_count": rnd.eligible_count,
            "fingerprint": rnd.fingerprint, "rules": record.rules,
            "team": [{"officer_id": m.officer_id, "role": m.role} for m in record.members]}
