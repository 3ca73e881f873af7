"""The exam page's JSON API: state, save an answer, record leaving the page, submit.

Authorised by the per-attempt token (header X-Attempt-Token), not by the session
or the form CSRF token: a long exam keeps saving when the session or the CSRF
token would have expired. A token is bound to one attempt and its officer, sent
in a header a cross-site page cannot set, and dies with the attempt.
"""
from flask import jsonify, request
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.core.models import utcnow
from app.exams import taking
from app.exams.blueprint import bp
from app.extensions import csrf, db, limiter

HEADER = "X-Attempt-Token"


@limiter.request_filter
def _not_rate_limited() -> bool:
    """The app sets no rate limit on this API (a whole exam room may share one address; the
    page backs off on a proxy's 429): the limiter skips its per-request work here. The session
    cookie is not read here either (app/auth/sessions.py, COOKIELESS_PATHS)."""
    return (request.endpoint or "").startswith("exams.api_")


def _attempt(attempt_id: int, hold: bool = False):
    return taking.attempt_for_token(request.headers.get(HEADER), attempt_id, hold=hold)


def _actor(attempt):
    return db.session.scalar(db.select(User).where(User.officer_id == attempt.officer_id))


def _refused(exc: taking.TakingError):
    # Keep what the refusal did (an overdue attempt was just submitted); nothing else was written.
    db.session.commit()
    return jsonify(ok=False, error=str(exc), reason=exc.reason), exc.status


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise taking.TakingError("请求格式不正确", 400)
    return body


@bp.route("/api/attempts/<int:attempt_id>")
@csrf.exempt
def api_state(attempt_id: int):
    try:
        attempt = _attempt(attempt_id)
        now = utcnow()
        if taking.finish_if_overdue(_actor(attempt), attempt, now):
            db.session.commit()
        return jsonify(ok=True, **taking.paper_state(attempt, now))
    except taking.TakingError as exc:
        return _refused(exc)


@bp.route("/api/attempts/<int:attempt_id>/answers", methods=["POST"])
@csrf.exempt
def api_answer(attempt_id: int):
    now = utcnow()
    try:
        # Most saves never get here: app/exams/autosave.py stored them before Flask. The rest
        # (an uncached paper, the grace period, a refusal, a malformed request) take this path.
        body = _body()
        taking.begin_write()
        attempt = _attempt(attempt_id, hold=True)
        position = body.get("q")
        if not isinstance(position, int) or isinstance(position, bool):
            raise taking.TakingError("请求缺少题号", 400)
        result = taking.save_answer(None, attempt, position, body.get("value"),
                                    body.get("seq"), now, taking.made_at(body.get("at")))
    except taking.Overdue as exc:
        db.session.rollback()       # let go of the row lock, then submit it on its own
        taking.finish_overdue(_LazyActor(attempt), attempt_id, now)
        return _refused(exc)
    except taking.TakingError as exc:
        return _refused(exc)
    db.session.commit()
    return jsonify(ok=True, **result)


class _LazyActor:
    """The officer as actor, looked up only if an audit row needs it (the rare overdue path)."""

    def __init__(self, attempt) -> None:
        self._officer_id, self._user = attempt.officer_id, None

    def __getattr__(self, name):
        if self._user is None:
            self._user = db.session.scalar(db.select(User).where(
                User.officer_id == self._officer_id))
        return getattr(self._user, name)


@bp.route("/api/attempts/<int:attempt_id>/events", methods=["POST"])
@csrf.exempt
def api_event(attempt_id: int):
    try:
        body = _body()
        taking.begin_write()
        attempt = _attempt(attempt_id)
        taking.record_event(attempt, body.get("kind"), body.get("seconds_away"), utcnow())
    except taking.TakingError as exc:
        return _refused(exc)
    db.session.commit()
    return jsonify(ok=True)


@bp.route("/api/attempts/<int:attempt_id>/submit", methods=["POST"])
@csrf.exempt
def api_submit(attempt_id: int):
    try:
        taking.begin_write()
        attempt = _attempt(attempt_id)
        now = utcnow()
        actor = _actor(attempt)
        if not taking.finish_if_overdue(actor, attempt, now):
            taking.submit(actor, attempt, now)
    except taking.TakingError as exc:
        return _refused(exc)
    except IntegrityError:
        db.session.rollback()
        return jsonify(ok=False, error="提交冲突，请重试"), 409
    db.session.commit()
    return jsonify(ok=True, state=attempt.state, submitted_by=attempt.submitted_by)
