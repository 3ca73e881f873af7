"""Results pages for HR, the legal section and leaders: per exam, ranking, files, trend.

The grading, statistics and officer pages live in their own modules and share
the blueprint.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require, scope
from app.core.actions import perform
from app.core.clock import to_local, to_utc
from app.core.models import utcnow
from app.core.scoping import get_scoped
from app.exams import queries as exam_queries
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people.models import Officer
from app.results import (
    access,
    documents,
    grading_views,  # noqa: F401  (registers the grading queue)
    officer_views,  # noqa: F401  (registers the officer's pages)
    queries,
    rates,
    services,
    stats_views,  # noqa: F401  (registers the statistics and key fixes)
)
from app.results.blueprint import XLSX, bp, download
from app.results.forms import PostForm, PublishAtForm
from app.specialties.models import all_specialties


@bp.route("/")
@require("results.view")
def index():
    year = request.args.get("year", type=int)
    exams = queries.exams_with_results(scope(), year)
    figures = queries.figures(exams, scope(), utcnow())
    by_category: dict = {}
    for exam in exams:
        by_category.setdefault(exam.specialty, []).append(exam)
    return render_template("results/index.html", by_category=by_category, figures=figures,
                           year=year, now=utcnow(), fmt=queries.fmt)


def _unit_filter() -> Unit | None:
    unit_id = request.args.get("unit", type=int)
    return get_scoped(Unit, unit_id, scope()) if unit_id else None


@bp.route("/exams/<int:exam_id>")
@require("results.view")
def exam(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    unit = _unit_filter()
    rows = queries.rows(exam, scope(), unit)
    closed = exam.id in rates.closed_exam_ids([exam], utcnow())
    summary = queries.summary(exam, rows, closed)
    return render_template(
        "results/exam.html", exam=exam, rows=rows, summary=summary, unit=unit,
        units=queries.by_unit(rows, closed), absentees=queries.absentees(rows), fmt=queries.fmt,
        unit_options=unit_choices(scope()), now=utcnow(), post=PostForm(),
        publish_form=PublishAtForm(publish_at=to_local(exam.results_publish_at)),
        manage=exam_queries.manageable(exam, scope()),
        review_opens=access.review_opens_at(exam), fixes=queries.key_fixes(exam),
        closed=access.last_window_closes(exam) <= utcnow(),
        chart={"labels": summary["bin_labels"], "values": summary["bins"]})


@bp.route("/exams/<int:exam_id>/results.xlsx")
@require("results.view")
def export(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    rows = queries.rows(exam, scope(), _unit_filter())
    return download(f"{exam.name}成绩.xlsx", documents.export(exam, rows), XLSX)


@bp.route("/exams/<int:exam_id>/sheet.pdf")
@require("results.view")
def sheet(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    unit = _unit_filter()
    rows = queries.rows(exam, scope(), unit)
    covers = exam_queries.manageable(exam, scope())
    where = unit.name if unit else (exam.unit.name if covers else current_user.unit.name)
    data, _missing = documents.score_sheet(
        exam, rows, queries.summary(exam, rows, exam.id in rates.closed_exam_ids([exam], utcnow())),
        where)
    return download(f"{exam.name}成绩单.pdf", data, "application/pdf", inline=True)


@bp.route("/exams/<int:exam_id>/publish", methods=["POST"])
@require("results.publish")
def publish(exam_id: int):
    exam = exam_queries.get_exam(exam_id, scope())
    if not exam_queries.manageable(exam, scope()):
        abort(403)
    if not PostForm().validate_on_submit():
        abort(400)
    perform(lambda: services.publish(current_user, exam, utcnow()), services.ResultError,
            _("Results published."))
    return redirect(url_for("results.exam", exam_id=exam.id))


@bp.route("/exams/<int:exam_id>/publish-at", methods=["POST"])
@require("results.publish")
def publish_at(exam_id: int):
    """Schedule (or, empty, unschedule) publishing; the exams sweeper publishes at that time."""
    exam = exam_queries.get_exam(exam_id, scope())
    if not exam_queries.manageable(exam, scope()):
        abort(403)
    form = PublishAtForm()
    if not form.validate_on_submit():
        flash(_("Enter a date and time."), "danger")
        return redirect(url_for("results.exam", exam_id=exam.id))
    at = to_utc(form.publish_at.data) if form.publish_at.data else None
    perform(lambda: services.schedule_publish(current_user, exam, at, utcnow()),
            services.ResultError,
            _("Publishing scheduled.") if at else _("Scheduled publishing cancelled."))
    return redirect(url_for("results.exam", exam_id=exam.id))


@bp.route("/trend")
@require("results.view")
def trend():
    unit = _unit_filter()
    specialty_id = request.args.get("specialty", type=int)
    rows = queries.trend(scope(), unit, specialty_id)
    return render_template(
        "results/trend.html", rows=rows, unit=unit, specialty_id=specialty_id,
        unit_options=unit_choices(scope()), specialties=all_specialties(), fmt=queries.fmt,
        chart={"labels": [r["label"] for r in rows],
               "pass_rate": [round(r["pass_rate"], 1) if r["pass_rate"] is not None else None
                             for r in rows],
               "mean_pct": [round(r["mean_pct"], 1) if r["mean_pct"] is not None else None
                            for r in rows]})


@bp.route("/officers/<int:officer_id>")
@require("results.view")
def officer_history(officer_id: int):
    officer = get_scoped(Officer, officer_id, scope())
    return render_template("results/history.html", officer=officer,
                           seats=queries.history(officer.id), fmt=queries.fmt, staff=True,
                           now=utcnow(), review_open=access.review_open,
                           score_visible=lambda a: a is not None and a.passed is not None)

