"""The autosave's fast path: one statement that checks the attempt and stores the answer.

Saving is the exam day's most frequent request. The full path (taking.attempt_for_token, then
taking.save_answer) loads the attempt share-locked into the ORM, checks it in Python and then
upserts: two statements and an ORM load. Here the checks go into the upsert's own WHERE:

    INSERT INTO exam_answers (attempt_id, item_id, response, seq, saved_at, needs_review)
    SELECT :a, :i, :r, :s, :now, false FROM exam_attempts
     WHERE id = :a AND officer_id = :o AND token_nonce = :n   -- the token's attempt and officer
       AND state = 'in_progress' AND deadline_at >= :now      -- not submitted, not past time
       AND NOT EXISTS (SELECT FROM users WHERE officer_id = exam_attempts.officer_id
                       AND NOT active)                        -- the account not disabled
       FOR SHARE OF exam_attempts                             -- a submission waits for us
    ON CONFLICT (attempt_id, item_id) DO UPDATE SET ...
       WHERE exam_answers.seq < excluded.seq                  -- never over a newer save
    RETURNING (SELECT deadline_at FROM exam_attempts WHERE id = :a FOR SHARE)

A row back means stored, with the attempt's deadline as it is now (a locking read returns the
row's latest version, as the full path's reload does, even if the statement waited for it).
PostgreSQL re-checks the WHERE on the attempt row once a submission holding it commits (so a
save racing a submission either lands before grading or finds it submitted, as with the full
path's share lock). On SQLite an INSERT takes the write lock as it starts, before its SELECT
reads, and it is the transaction's first statement: the lock taking.begin_write takes for the
full path's read-then-write.

The statement runs on a connection of its own (the app's engine and pool, not the ORM
session: a save needs no ORM) and commits there. Anything else goes the full path afterwards,
in a transaction of its own, which checks everything again and answers exactly as before:
no row (refused, or an older seq: the full path says which), a paper this process has not
cached yet (the full path caches it), the grace period after the deadline, a malformed request.
So the rules stay in taking.py; this is only a quicker way to the common answer.

FastSaves puts this in front of Flask, as WSGI middleware: a save the statement stores is
answered there, without Flask's request machinery (routing, the request context, the
extensions' before- and after-request hooks: the limiter, CSRF, the session and log-in, none
of which this token-authorised request uses), which cost more CPU than the write itself. The
response carries the security headers every response carries (app/core/headers.py). Every
other request, and a save the statement did not store, goes to Flask untouched (the body it
read put back), and the full path answers it.
"""
import io
import json
import re
from datetime import datetime
from functools import lru_cache

from flask import Flask, current_app
from itsdangerous import BadSignature
from sqlalchemy import bindparam, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from app.auth.models import User
from app.core import headers
from app.core.bounded import SQL_INT_MAX
from app.core.models import utcnow
from app.exams import taking
from app.exams.models import Answer, Attempt
from app.extensions import db

# A save's body is a few dozen bytes (a fill-in answer a few hundred); bigger goes to Flask.
MAX_BODY = 16 * 1024


class FastSaves:
    """WSGI middleware: the common autosave answered by `save`, everything else by Flask."""

    def __init__(self, app: Flask) -> None:
        self.app, self.next_app = app, app.wsgi_app
        self.path = save_path(app)
        self.headers = [("Content-Type", "application/json"),
                        *headers.for_app(app).items()]

    def __call__(self, environ, start_response):
        answer = self._saved(environ)
        if answer is None:
            return self.next_app(environ, start_response)
        body = json.dumps({"ok": True, **answer}, separators=(",", ":")).encode()
        start_response("200 OK", [*self.headers, ("Content-Length", str(len(body)))])
        return [body]

    def _saved(self, environ) -> dict | None:
        match = self.path.fullmatch(environ.get("PATH_INFO", ""))
        if environ.get("REQUEST_METHOD") != "POST" or match is None or \
                int(match[1]) > SQL_INT_MAX:
            return None
        raw = _body(environ)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:              # malformed JSON, or not UTF-8: Flask refuses it
            return None
        if not isinstance(body, dict):
            return None
        with self.app.app_context():
            try:
                return save(environ.get("HTTP_X_ATTEMPT_TOKEN"), int(match[1]), body, utcnow())
            except SQLAlchemyError:     # the database's trouble: the full path answers it
                return None


def save_path(app: Flask) -> re.Pattern:
    """The path of the exam API's save route (api_answer), as a pattern capturing the attempt."""
    rule = next(r.rule for r in app.url_map.iter_rules() if r.endpoint == "exams.api_answer")
    return re.compile(re.escape(rule).replace(re.escape("<int:attempt_id>"), "([1-9][0-9]{0,9})"))


def _body(environ) -> bytes | None:
    """The request body, read and put back for Flask; None (nothing read) if its length is
    not given or too big for a save."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    raw = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    return raw


def install(app: Flask) -> None:
    app.wsgi_app = FastSaves(app)


@lru_cache(maxsize=8192)
def _claims(secret: str, token: str):
    """The token's claims as taking._signer() reads them under the app's `secret`, None if the
    signature is bad. Verifying costs a key derivation and an HMAC; a page sends the same
    token with every save, so each process checks it once."""
    try:
        return taking._signer().loads(token)
    except BadSignature:
        return None


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def save(token: str | None, attempt_id: int, body: dict, now: datetime) -> dict | None:
    """The save's answer if the fast path stored it, else None (take the full path)."""
    claims = _claims(current_app.config["SECRET_KEY"], token or "")
    if not isinstance(claims, dict) or claims.get("a") != attempt_id:
        return None
    officer_id, nonce = claims.get("o"), claims.get("n")
    position, seq = body.get("q"), body.get("seq")
    if not (_int(officer_id) and isinstance(nonce, str) and _int(position) and _int(seq)
            and 0 < seq < 2**62):
        return None
    # The paper as this process cached it for the attempt and its current nonce (taking.slots).
    item = taking._SLOTS.get(f"{attempt_id}:{nonce}", {}).get(position)
    if item is None:
        return None
    try:
        taking.made_at(body.get("at"))      # malformed: the full path refuses it in its turn
        response = taking.stored_value(item, body.get("value"))
    except taking.TakingError:
        return None
    # A connection of its own from the app's pool, outside the ORM session: the statement
    # needs no session, and its transaction ends here either way.
    with db.engine.connect() as conn:
        row = conn.execute(checked_upsert(conn.dialect.name), {
            "a": attempt_id, "o": officer_id, "n": nonce, "i": item.item_id, "r": response,
            "s": seq, "now": now}).first()
        if row is None:
            return None                                 # rolled back on the way out
        conn.commit()
    deadline = row[0]
    return {"saved": True, "applied": True, "seq": seq, "in_grace": False,
            "seconds_left": max(0, int((deadline - now).total_seconds())),
            "now": taking.epoch_ms(now), "deadline": taking.epoch_ms(deadline)}


@lru_cache(maxsize=2)
def checked_upsert(dialect_name: str):
    """The statement above, built once per dialect."""
    # Tables, not ORM entities: a Core statement skips the ORM's statement handling.
    answers, attempts, users = Answer.__table__, Attempt.__table__, User.__table__
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    disabled = exists().where(users.c.officer_id == attempts.c.officer_id,
                              users.c.active.is_(False))
    source = select(bindparam("a", type_=answers.c.attempt_id.type),
                    bindparam("i", type_=answers.c.item_id.type),
                    bindparam("r", type_=answers.c.response.type),
                    bindparam("s", type_=answers.c.seq.type),
                    bindparam("now", type_=answers.c.saved_at.type),
                    bindparam("review", False, type_=answers.c.needs_review.type)) \
        .select_from(attempts) \
        .where(attempts.c.id == bindparam("a"), attempts.c.officer_id == bindparam("o"),
               attempts.c.token_nonce == bindparam("n"), attempts.c.state == "in_progress",
               attempts.c.deadline_at >= bindparam("now"), ~disabled) \
        .with_for_update(read=True, of=attempts)
    stmt = dialect.insert(answers).from_select(
        ["attempt_id", "item_id", "response", "seq", "saved_at", "needs_review"], source)
    stmt = stmt.on_conflict_do_update(
        index_elements=[answers.c.attempt_id, answers.c.item_id],
        set_={"response": stmt.excluded.response, "seq": stmt.excluded.seq,
              "saved_at": stmt.excluded.saved_at},
        where=answers.c.seq < stmt.excluded.seq)
    # FOR SHARE: the row as it is now (the statement's snapshot may be older if it waited).
    deadline = select(attempts.c.deadline_at).where(attempts.c.id == bindparam("a")) \
        .with_for_update(read=True).scalar_subquery()
    return stmt.returning(deadline)
