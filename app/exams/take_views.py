"""The officer's pages: my exams, start, and the exam page itself."""
from functools import lru_cache

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
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
        attempt_id = _start(exam)
    except taking.TakingError as exc:
        db.session.commit()
        if exc.status == 404:
            abort(404)
        flash(str(exc), "danger")
        return redirect(url_for("exams.mine"))
    return redirect(url_for("exams.take", attempt_id=attempt_id))


def _start(exam: Exam) -> int:
    """Start (or resume) and say which attempt; a start racing another tab's is retried once
    and finds its attempt."""
    for tries in (1, 2):
        try:
            attempt = taking.start(current_user, exam, current_user.officer, utcnow())
            attempt_id = attempt.id     # read before the commit expires it (no reload query)
            db.session.commit()
            return attempt_id
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
    # The saves that follow find the paper cached in this process (their fast path).
    taking.slots(attempt)
    return render_template("exams/take.html", attempt=attempt, exam=attempt.exam, state=state,
                           labels=page_labels(str(get_locale())))


@lru_cache(maxsize=8)
def page_labels(locale: str) -> Markup:
    """What take.js shows (question types, messages), as the page's JSON, in `locale`: the
    same for every candidate, so made once per locale and process (called under it)."""
    return Markup(htmlsafe_json_dumps({
        "single": _("Single choice"), "multiple": _("Multiple choice"),
        "truefalse": _("True or false"), "fill": _("Fill in the blank"),
        "short": _("Short answer"), "true": "正确", "false": "错误",
        "points": _("%(p)s points", p="{p}"), "blank": _("Blank %(n)s", n="{n}"),
        "answered": _("%(a)s of %(t)s answered", a="{a}", t="{t}"),
        "timeup": _("Time is up: the paper was submitted."),
        "submitted": _("Submitted."),
        "rejected": _("Question %(q)s was not saved: %(error)s. Please answer it again.",
                      q="{q}", error="{error}"),
        "grace_saved": _("Answers to questions %(q)s reached the server after the deadline, "
                         "within the %(s)s-second grace, and were saved.", q="{q}", s="{s}"),
        "too_late": _("Answers to questions %(q)s reached the server too late (after the "
                      "deadline and its %(s)s-second grace) and were not saved.",
                      q="{q}", s="{s}"),
        "not_sent": _("Answers to questions %(q)s had not reached the server when the paper "
                      "was submitted and were not saved.", q="{q}"),
        "see_result": _("See the submitted paper"),
        "mark": _("Mark"), "marked": _("Marked"),
        "cell": _("Question %(q)s: %(state)s", q="{q}", state="{state}"),
        "state_answered": _("Answered question"), "state_unanswered": _("Unanswered"),
        "state_marked": _("marked for review")}))
