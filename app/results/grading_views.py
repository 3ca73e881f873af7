"""The grading queue: anonymised papers, by question or by paper, claimed in batches."""
from decimal import Decimal, InvalidOperation

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import require, scope
from app.core.models import utcnow
from app.core.scoping import clause
from app.exams import queries as exam_queries
from app.exams.models import Answer, Attempt
from app.extensions import db
from app.results import grading
from app.results.blueprint import bp
from app.results.forms import PostForm


def _filters() -> dict:
    source = request.form if request.method == "POST" else request.args
    question = source.get("question", type=int)
    paper = (source.get("paper") or "").strip().upper() or None
    return {"version_id": question, "paper": paper}


@bp.route("/exams/<int:exam_id>/grading")
@require("results.grade")
def grading_queue(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    now = utcnow()
    return render_template(
        "results/grading.html", exam=exam, filters=_filters(), post=PostForm(),
        queue=grading.queue(exam, scope(), current_user.id, now),
        batch=grading.my_batch(exam, scope(), current_user.id, now))


def _back(exam_id: int, filters: dict):
    args = {"question": filters["version_id"], "paper": filters["paper"]}
    return redirect(url_for("results.grading_queue", exam_id=exam_id,
                            **{k: v for k, v in args.items() if v}))


@bp.route("/exams/<int:exam_id>/grading/claim", methods=["POST"])
@require("results.grade")
def grading_claim(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    if not PostForm().validate_on_submit():
        abort(400)
    filters = _filters()
    taken = grading.claim(current_user, exam, scope(), utcnow(), **filters)
    db.session.commit()
    flash(_("%(n)s answers taken for grading.", n=taken), "success" if taken else "info")
    return _back(exam.id, filters)


@bp.route("/exams/<int:exam_id>/grading/release", methods=["POST"])
@require("results.grade")
def grading_release(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    if not PostForm().validate_on_submit():
        abort(400)
    grading.unclaimed_by(exam, current_user.id)
    db.session.commit()
    return _back(exam.id, _filters())


def _answer_in(exam_id: int, answer_id: int) -> Answer:
    answer = db.session.scalar(select(Answer).join(Attempt, Attempt.id == Answer.attempt_id)
                               .where(Answer.id == answer_id, Attempt.exam_id == exam_id,
                                      clause(Attempt, scope())))
    if answer is None:
        abort(404)
    return answer


def _scores() -> list[tuple[int, Decimal]]:
    out = []
    for name, value in request.form.items():
        if name.startswith("score-") and value.strip():
            try:
                out.append((int(name[6:]), Decimal(value.strip())))
            except (ValueError, InvalidOperation):
                abort(400)
    return out


@bp.route("/exams/<int:exam_id>/grading/grade", methods=["POST"])
@require("results.grade")
def grading_grade(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    if not PostForm().validate_on_submit():
        abort(400)
    now, done = utcnow(), 0
    try:
        for answer_id, score in _scores():
            grading.grade_answer(current_user, _answer_in(exam.id, answer_id), score, now)
            done += 1
    except grading.NotWaiting as exc:
        db.session.rollback()
        return render_template("error.html", code=409, message=str(exc)), 409
    except grading.GradingError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("%(n)s grades saved.", n=done), "success")
    return _back(exam.id, _filters())
