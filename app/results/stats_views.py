"""Item statistics per exam and per question, and fixing a key (which regrades)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import can, require, scope
from app.core.actions import perform
from app.core.models import utcnow
from app.exams import queries as exam_queries
from app.exams.models import PaperItem
from app.extensions import db
from app.questions.models import Question, QuestionVersion
from app.results import queries, services, stats
from app.results.blueprint import bp
from app.results.forms import KeyFixForm


@bp.route("/exams/<int:exam_id>/items")
@require("results.stats")
def items(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    rows = stats.exam_items(exam, scope())
    rows.sort(key=lambda r: (-len(r.flags), r.facility if r.facility is not None else 2))
    may_fix = can(current_user, "results.regrade") and exam_queries.manageable(exam, scope())
    facilities = [r.facility for r in rows if r.facility is not None]
    return render_template(
        "results/items.html", exam=exam, rows=rows, form=KeyFixForm(), may_fix=may_fix,
        fixable=services.FIXABLE, fixes=queries.key_fixes(exam), fmt=queries.fmt,
        mean_facility=sum(facilities) / len(facilities) if facilities else None,
        flagged=sum(1 for r in rows if r.flags), min_n=stats.MIN_FLAG_N)


@bp.route("/questions/<int:question_id>/stats")
@require("results.stats")
def question_stats(question_id: int):
    question = db.get_or_404(Question, question_id)
    return render_template("results/question.html", question=question, fmt=queries.fmt,
                           rows=stats.question_exams(question.id, scope()))


@bp.route("/exams/<int:exam_id>/items/<int:version_id>/fix", methods=["POST"])
@require("results.regrade")
def fix_key(exam_id: int, version_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    if not exam_queries.manageable(exam, scope()):
        abort(403)
    on_paper = db.session.scalar(select(PaperItem.id).where(
        PaperItem.exam_id == exam.id, PaperItem.version_id == version_id).limit(1))
    if on_paper is None:
        abort(404)
    form = KeyFixForm()
    if not form.validate_on_submit():
        flash(_("Enter the correct answer and the reason."), "danger")
        return redirect(url_for("results.items", exam_id=exam.id))
    version = db.session.get(QuestionVersion, version_id)
    perform(lambda: services.fix_key(current_user, exam, version, form.answer.data,
                                     form.reason.data, scope(), utcnow()),
            services.ResultError,
            lambda fix: _("Key corrected: %(a)s papers regraded, %(c)s results changed.",
                          a=fix.attempts_regraded, c=fix.results_changed))
    return redirect(url_for("results.items", exam_id=exam.id))
