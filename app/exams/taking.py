"""Taking an exam: start, save each answer, record leaving the page, submit, finish at the deadline.

Safe against the things exam days bring: a double start makes one attempt
(unique seat), a double submit one result (a guarded UPDATE), a replayed or
older save never overwrites a newer one (an upsert that only applies a higher
client sequence number), and a save racing the submission either lands before
grading or is refused (the save holds a share lock on the attempt row that the
submission's UPDATE must wait for; SQLite takes its write lock up front).
Time always comes from the caller's `now`, the server's clock.
"""
from collections import OrderedDict, namedtuple
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from secrets import token_hex

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.core import audit
from app.exams import drawing, grading
from app.exams.models import Answer, Attempt, AttemptEvent, Exam, ExamCandidate, PaperItem
from app.extensions import db
from app.people.models import Officer
from app.questions.models import QuestionVersion

MAX_TEXT = 5000
MAX_BLANK = 200
MAX_EVENTS = 500
TRUEFALSE = ("正确", "错误")


class TakingError(Exception):
    """A request the exam refuses; `status` is the HTTP status, the message is Chinese.

    `reason` tells the page which 409 it got: "overdue" (time up, the paper submitted) or
    "late" (this one answer was given after the deadline; the paper is still open)."""

    reason: str | None = None

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class Overdue(TakingError):
    """The attempt's time is up: roll back, then finish it in a transaction of its own."""

    reason = "overdue"

    def __init__(self) -> None:
        super().__init__("考试时间已到，已自动交卷", 409)


class TooLate(TakingError):
    """A save that reached the server in the grace period but was given after the deadline."""

    reason = "late"

    def __init__(self) -> None:
        super().__init__("该答案作答于考试截止之后，未保存", 409)


def begin_write() -> None:
    """On SQLite, take the write lock now (BEGIN IMMEDIATE) instead of at the first write."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def grace_seconds() -> int:
    """Seconds after the deadline during which a save sent in time is still taken."""
    return int(current_app.config.get("EXAM_GRACE_SECONDS", 3))


def epoch_ms(moment: datetime) -> int:
    """A naive UTC time as the page's clock counts it: milliseconds since 1970."""
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


EPOCH = datetime(1970, 1, 1)
LATEST_MS = 253_402_300_799_999      # 9999-12-31 23:59:59.999 UTC, the last a datetime holds


def made_at(ms) -> datetime | None:
    """When the page says an answer was given (server clock, epoch ms); None if it does not say.

    Only ever used to refuse a save (given after the deadline), never to take one the
    deadline and its grace would refuse: a device's claim cannot buy time."""
    if ms is None:
        return None
    if not isinstance(ms, int) or isinstance(ms, bool) or not 0 < ms <= LATEST_MS:
        raise TakingError("作答时间格式不正确", 422)
    return EPOCH + timedelta(milliseconds=ms)     # whole milliseconds, no float rounding


# ---- the per-attempt token: answer requests need no session and no form CSRF token ----------

def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="exam-attempt")


def token_for(attempt: Attempt, user_id: int) -> str:
    return _signer().dumps({"a": attempt.id, "o": attempt.officer_id, "u": user_id,
                            "n": attempt.token_nonce})


def attempt_for_token(token: str | None, attempt_id: int, *, hold: bool = False) -> Attempt:
    """The attempt the token was issued for, else TakingError 403 (bad, foreign or revoked token).

    With `hold`, the row is share-locked until commit (see save_answer).
    """
    try:
        claims = _signer().loads(token or "")
    except BadSignature:
        raise TakingError("答题凭证无效，请重新打开考试页面", 403) from None
    if not isinstance(claims, dict) or claims.get("a") != attempt_id:
        raise TakingError("答题凭证与本次考试不符", 403)
    # The account's state comes with the attempt row: a disabled account stops saving at once.
    stmt = select(Attempt, User.active).outerjoin(User, User.officer_id == Attempt.officer_id) \
        .where(Attempt.id == attempt_id).execution_options(populate_existing=True)
    row = db.session.execute(stmt.with_for_update(read=True, of=Attempt) if hold else stmt).first()
    attempt, active = row if row is not None else (None, None)
    if attempt is None or attempt.officer_id != claims.get("o") or \
            attempt.token_nonce != claims.get("n"):
        raise TakingError("答题凭证与本次考试不符", 403)
    if active is False:
        raise TakingError("账号已停用，不能继续答题", 403)
    return attempt


# ---- starting ----------------------------------------------------------------------------------

def candidate_for(exam: Exam, officer: Officer) -> ExamCandidate | None:
    return db.session.scalar(select(ExamCandidate).where(
        ExamCandidate.exam_id == exam.id, ExamCandidate.officer_id == officer.id))


def attempt_of(candidate: ExamCandidate) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.candidate_id == candidate.id))


def start(actor, exam: Exam, officer: Officer, now: datetime) -> Attempt:
    """The officer's attempt: the one already begun, or a new one if the window is open."""
    candidate = candidate_for(exam, officer)
    if candidate is None:
        raise TakingError("您不在本场考试的考生名单中", 404)
    attempt = attempt_of(candidate)
    if attempt is not None:
        finish_if_overdue(actor, attempt, now)
        return attempt
    if exam.status != "scheduled":
        raise TakingError("本场考试未发布或已取消")
    if now < candidate.opens_at:
        raise TakingError("考试尚未开始")
    if now >= candidate.closes_at:
        raise TakingError("考试已结束，未参加的请等待补考安排")
    begin_write()
    try:
        drawing.draw_paper(exam, candidate)
    except drawing.BlueprintError as exc:    # the bank shrank after the exam was scheduled
        raise TakingError("题库中的题目已不足以生成本场考试的试卷，请联系考试组织单位") from exc
    attempt = Attempt(exam_id=exam.id, candidate_id=candidate.id, officer_id=officer.id,
                      unit_id=candidate.unit_id, started_at=now,
                      deadline_at=candidate.deadline_from(now), token_nonce=token_hex(16))
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:      # the same officer started in another tab a moment ago
        attempt = attempt_of(candidate)
    return attempt


# ---- what the page shows -----------------------------------------------------------------------

@dataclass
class ItemView:
    """One question as the candidate sees it: never its key, explanation or legal basis."""

    position: int
    type: str
    stem: str
    options: list[tuple[str, str]]
    blanks: int
    points: str


# What the page shows of one paper item, read as a plain row: a start builds fifty of them,
# and ORM objects (with their identity map and state) cost a quarter of a start's CPU.
PaperRow = namedtuple("PaperRow", "id position points option_order type stem options answer")


def rows_of(attempt: Attempt) -> list[PaperRow]:
    """The paper's items with their questions, in one query."""
    rows = db.session.execute(
        select(PaperItem.id, PaperItem.position, PaperItem.points, PaperItem.option_order,
               QuestionVersion.type, QuestionVersion.stem, QuestionVersion.options,
               QuestionVersion.answer)
        .join(QuestionVersion, QuestionVersion.id == PaperItem.version_id)
        .where(PaperItem.candidate_id == attempt.candidate_id).order_by(PaperItem.position))
    return [PaperRow(*row) for row in rows]


def item_view(row: PaperRow) -> ItemView:
    order = row.option_order or []
    options = [(chr(65 + i), row.options[letter]) for i, letter in enumerate(order)]
    blanks = len(row.answer.split("|")) if row.type == "fill" else 0
    return ItemView(row.position, row.type, row.stem, options, blanks,
                    f"{row.points.normalize():f}")


def paper_state(attempt: Attempt, now: datetime) -> dict:
    """The page's data: questions, the candidate's saved answers (as shown), time left."""
    rows = rows_of(attempt)
    answers = {item_id: (response, seq) for item_id, response, seq in db.session.execute(
        select(Answer.item_id, Answer.response, Answer.seq)
        .where(Answer.attempt_id == attempt.id))}
    saved = {}
    for row in rows:
        if row.id in answers:
            response, seq = answers[row.id]
            saved[str(row.position)] = {"value": shown(row.type, row.option_order or [],
                                                       response), "seq": seq}
    return {"attempt": attempt.id, "state": attempt.state,
            "seconds_left": attempt.seconds_left(now) if attempt.state == "in_progress" else 0,
            "now": epoch_ms(now), "deadline": epoch_ms(attempt.deadline_at),
            "grace_seconds": grace_seconds(),
            "items": [item_view(row).__dict__ for row in rows], "answers": saved,
            "max_seq": max((seq for _response, seq in answers.values()), default=0)}


def shown_value(item: PaperItem, response: str):
    """A stored response (original letters) as the candidate's page shows it (shuffled letters)."""
    return shown(item.version.type, item.option_order or [], response)


def shown(qtype: str, option_order: list, response: str):
    if qtype in ("single", "multiple"):
        letters = "".join(chr(65 + option_order.index(c)) for c in response
                          if c in option_order)
        return "".join(sorted(letters))
    if qtype == "fill":
        return response.split("|") if response else []
    return response


# ---- saving ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """What saving needs of one paper item: its id, type, shown option order, blanks."""

    item_id: int
    qtype: str
    option_order: tuple
    blanks: int


# A paper never changes once drawn: each process keeps the slots of recent attempts, keyed by
# attempt id and token nonce (unique forever), so a save reads only the attempt row.
_SLOTS: OrderedDict[str, dict[int, Slot]] = OrderedDict()
_SLOTS_MAX = 20000


def slots(attempt: Attempt) -> dict[int, Slot]:
    key = f"{attempt.id}:{attempt.token_nonce}"
    found = _SLOTS.get(key)
    if found is None:
        rows = db.session.execute(
            select(PaperItem.id, PaperItem.position, PaperItem.option_order,
                   QuestionVersion.type, QuestionVersion.answer)
            .join(QuestionVersion, QuestionVersion.id == PaperItem.version_id)
            .where(PaperItem.candidate_id == attempt.candidate_id)).all()
        found = {position: Slot(item_id, qtype, tuple(order or ()),
                                len(answer.split("|")) if qtype == "fill" else 0)
                 for item_id, position, order, qtype, answer in rows}
        _SLOTS[key] = found
        while len(_SLOTS) > _SLOTS_MAX:
            _SLOTS.popitem(last=False)
    return found


def stored_value(item: Slot, value) -> str:
    """The response to store for a value sent by the page; TakingError 422 when malformed."""
    qtype = item.qtype
    if qtype in ("single", "multiple"):
        letters = value if isinstance(value, str) else ""
        if not letters.isascii() or not letters.isalpha() or len(set(letters)) != len(letters):
            if letters:
                raise TakingError("答案格式不正确", 422)
        shown = [ord(c) - 65 for c in letters.upper()]
        if any(i < 0 or i >= len(item.option_order) for i in shown) or \
                (qtype == "single" and len(shown) > 1):
            raise TakingError("答案不在选项范围内", 422)
        return "".join(sorted(item.option_order[i] for i in shown))
    if qtype == "truefalse":
        if value not in ("", *TRUEFALSE):
            raise TakingError("判断题只能回答正确或错误", 422)
        return value
    if qtype == "fill":
        blanks = item.blanks
        if not isinstance(value, list) or len(value) > blanks or \
                not all(isinstance(b, str) and len(b) <= MAX_BLANK for b in value):
            raise TakingError("填空题答案格式不正确", 422)
        return "|".join(b.replace("|", "/").strip() for b in value) if any(
            b.strip() for b in value) else ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise TakingError(f"简答题答案不能超过{MAX_TEXT}字", 422)
    return value


def save_answer(actor, attempt: Attempt, position: int, value, seq: int,
                now: datetime, given_at: datetime | None = None) -> dict:
    """Store one answer unless a newer one (higher seq) is already stored; says which.

    The grace rule: a save arriving up to grace_seconds() after the deadline is taken if
    it was given by the deadline (`given_at`, the page's reading of the server clock; a
    page that does not say is taken as before), refused as TooLate if given after it.
    Past the grace nothing is taken, whatever `given_at` says.

    The caller loads the attempt share-locked (attempt_for_token(..., hold=True)):
    concurrent saves share the lock, the submission's UPDATE needs it alone, so a
    save either lands before grading or finds the attempt submitted. An overdue
    attempt raises Overdue: roll back, then finish_overdue() in a new transaction.
    """
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 < seq < 2**62:
        raise TakingError("请求缺少有效的序号", 422)
    if attempt.state != "in_progress":
        raise TakingError("已交卷，答案不能再修改")
    if attempt.overdue(now, grace_seconds()):
        raise Overdue()
    after_deadline = now > attempt.deadline_at
    if after_deadline and given_at is not None and given_at > attempt.deadline_at:
        raise TooLate()
    item = slots(attempt).get(position)
    if item is None:
        raise TakingError("试卷中没有这道题", 404)
    response = stored_value(item, value)
    applied = _upsert(attempt.id, item.item_id, response, seq, now)
    return {"saved": True, "applied": applied, "seq": seq, "in_grace": after_deadline,
            "seconds_left": attempt.seconds_left(now), "now": epoch_ms(now),
            "deadline": epoch_ms(attempt.deadline_at)}


def _upsert(attempt_id: int, item_id: int, response: str, seq: int, now: datetime) -> bool:
    """INSERT, or UPDATE only when this seq is newer: one atomic statement on both databases."""
    stmt = _upsert_statement(db.session.get_bind().dialect.name)
    return db.session.execute(stmt, {"a": attempt_id, "i": item_id, "r": response, "s": seq,
                                     "t": now}).first() is not None


@lru_cache(maxsize=2)
def _upsert_statement(dialect_name: str):
    """Built once per dialect: building the ON CONFLICT clause cost a third of a save's CPU."""
    table = Answer.__table__
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(attempt_id=bindparam("a"), item_id=bindparam("i"),
                                        response=bindparam("r"), seq=bindparam("s"),
                                        saved_at=bindparam("t"), needs_review=False)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.attempt_id, table.c.item_id],
        set_={"response": stmt.excluded.response, "seq": stmt.excluded.seq,
              "saved_at": stmt.excluded.saved_at},
        where=table.c.seq < stmt.excluded.seq).returning(table.c.id)
    return stmt


def record_event(attempt: Attempt, kind: str, seconds_away: int | None, now: datetime) -> None:
    """The candidate left the page: kept for the legal section, nothing else happens."""
    if attempt.state != "in_progress" or kind not in ("hidden", "blur"):
        return
    if attempt.leave_count >= MAX_EVENTS:
        return
    away = seconds_away if isinstance(seconds_away, int) and 0 <= seconds_away < 86400 else None
    db.session.execute(insert(AttemptEvent).values(attempt_id=attempt.id, kind=kind, at=now,
                                                   seconds_away=away))
    db.session.execute(update(Attempt).where(Attempt.id == attempt.id)
                       .values(leave_count=Attempt.leave_count + 1))


# ---- submitting --------------------------------------------------------------------------------

def submit(actor, attempt: Attempt, now: datetime, by: str = "candidate") -> bool:
    """Submit and grade once: True for the call that did it, False if it was already done."""
    submitted_at = min(now, attempt.deadline_at) if by == "deadline" else now
    done = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.state == "in_progress")
        .values(state="submitted", submitted_at=submitted_at, submitted_by=by)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(attempt)
    if not done:
        return False
    grading.grade(actor, attempt)
    audit.record(actor, "exam.submit", "exam_attempt", attempt.id,
                 label=f"{attempt.exam.name} · {attempt.officer.name}", unit_id=attempt.unit_id,
                 after={"submitted_by": by, "answers": answer_count(attempt)})
    return True


def finish_overdue(actor, attempt_id: int, now: datetime) -> bool:
    """Load and finish an attempt whose time is up, in the current (fresh) transaction."""
    begin_write()
    attempt = db.session.get(Attempt, attempt_id, populate_existing=True)
    return attempt is not None and finish_if_overdue(actor, attempt, now)


def finish_if_overdue(actor, attempt: Attempt, now: datetime) -> bool:
    """Submit an attempt whose time is up (lazily, when touched); True when it was overdue."""
    if not attempt.overdue(now, grace_seconds()):
        return False
    begin_write()
    submit(actor, attempt, now, by="deadline")
    return True


def answer_count(attempt: Attempt) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.attempt_id == attempt.id))
