"""The officer's pages: my exams, start, and the exam page itself."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth.permissions import require
from app.core.models import utcnow
from app.exams import queries, taking
from app.exams.blueprint import bp
from app.exams.forms import ActionForm
from app.exams.models import Attempt, Exam
from app.extensions import db


@bp.route("/mine")
@require("exams.take")
def mine():
    return render_template("exams/mine.html", seats=queries.seats_of(current_user.officer_id),
                           now=utcnow(), action=ActionForm())


@bp.route("/<int:exam_id>/start", methods=["POST"])
@require("exams.take")
def start(exam_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    exam = db.get_or_404(Exam, exam_id)
    try:
        attempt = _start(exam)
    except taking.TakingError as exc:
        db.session.commit()
        if exc.status == 404:
            abort(404)
        flash(str(exc), "danger")
        return redirect(url_for("exams.mine"))
    return redirect(url_for("exams.take", attempt_id=attempt.id))


def _start(exam: Exam) -> Attempt:
    """Start (or resume); a start racing another tab's is retried once and finds its attempt."""
    for tries in (1, 2):
        try:
            attempt = taking.start(current_user, exam, current_user.officer, utcnow())
            db.session.commit()
            return attempt
        except IntegrityError:
            db.session.rollback()
            if tries == 2:
                raise
    raise AssertionError("unreachable")


def own_attempt(attempt_id: int) -> Attempt:
    return queries.own_attempt(attempt_id, current_user.officer_id)


@bp.route("/attempts/<int:attempt_id>")
@require("exams.take")
def take(attempt_id: int):
    attempt = own_attempt(attempt_id)
    now = utcnow()
    if taking.finish_if_overdue(current_user, attempt, now):
        db.session.commit()
    if attempt.state != "in_progress":
        return render_template("exams/done.html", attempt=attempt, exam=attempt.exam,
                               answered=queries.answered(attempt))
    state = taking.paper_state(attempt, now)
    state["token"] = taking.token_for(attempt, current_user.id)
    state["urls"] = {name: url_for(f"exams.api_{name}", attempt_id=attempt.id)
                     for name in ("state", "answer", "event", "submit")}
    state["urls"]["save"] = state["urls"].pop("answer")
    state["urls"]["session"] = url_for("auth.session_status")
    state["done_url"] = url_for("exams.take", attempt_id=attempt.id)
    return render_template("exams/take.html", attempt=attempt, exam=attempt.exam, state=state)
