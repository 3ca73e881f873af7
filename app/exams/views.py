"""Exam pages for HR and the legal section: list, create, edit, schedule, candidates, results.

The officer's pages live in take_views, the JSON answer API in api; all share
the blueprint.
"""
from datetime import date

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, require, scope
from app.core.actions import perform
from app.core.clock import shown, to_local, to_utc
from app.core.downloads import xlsx_response
from app.core.models import utcnow
from app.core.pagination import paginate
from app.core.scoping import get_scoped
from app.core.tables import write_xlsx
from app.exams import (
    admin_views,  # noqa: F401  (registers the plan and accommodation pages)
    api,  # noqa: F401  (registers the answer API)
    availability,
    drawing,
    queries,
    services,
    take_views,  # noqa: F401  (registers the officer's pages)
)
from app.exams.blueprint import bp
from app.exams.forms import SECTION_ROWS, ActionForm, CandidatesForm, ExamForm, MakeupForm
from app.exams.models import Attempt, ExamCandidate
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.questions.formats import TYPE_LABELS
from app.specialties.models import Specialty, all_specialties


def _listing():
    args = request.args
    return queries.listing(scope(), args.get("year", type=int), args.get("q", "").strip()[:50],
                           args.get("sort", ""), args.get("dir") == "desc")


@bp.route("/")
@require("exams.view")
def index():
    page = paginate(_listing(), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    return render_template("exams/index.html", page=page, exams=page.items,
                           year=request.args.get("year", type=int),
                           q=request.args.get("q", ""), now=utcnow())


EXPORT_HEADERS = ["考试名称", "专业类别", "类型", "年度", "季度", "开考时间", "截止时间",
                  "组织单位", "状态", "及格分"]


@bp.route("/export.xlsx")
@require("exams.view")
def export():
    """The list as a workbook: the same scope, search and order as the page."""
    now = utcnow()
    rows = ([e.name, e.specialty.name, e.kind_label, e.year, e.quarter,
             shown(e.opens_at), shown(e.closes_at), e.unit.name, e.phase_label(now),
             float(e.pass_mark)] for e in db.session.scalars(_listing()))
    return xlsx_response(write_xlsx(EXPORT_HEADERS, rows, title="考试列表"), "考试列表.xlsx")


def _exam_form(exam=None) -> ExamForm:
    form = ExamForm(obj=exam)
    specialties = [(s.id, s.name) for s in all_specialties()]
    form.specialty_id.choices = specialties
    form.unit_id.choices = unit_choices(scope())
    for row in form.sections:
        row.specialty_id.choices = [("", _("The exam's"))] + specialties
    if request.method == "GET" and exam is not None:
        form.opens_at.data, form.closes_at.data = to_local(exam.opens_at), to_local(exam.closes_at)
        while len(form.sections) < SECTION_ROWS:
            form.sections.append_entry()
        for row, s in zip(form.sections, exam.sections, strict=False):
            row.qtype.data, row.count.data, row.points.data = s.qtype, s.count, s.points
            row.difficulty.data = str(s.difficulty) if s.difficulty else ""
            row.specialty_id.data = s.specialty_id
            row.tags.data = "、".join(s.tags or [])
            row.specialty_id.choices = [("", _("The exam's"))] + specialties
    return form


def _exam_data(form: ExamForm) -> services.ExamData:
    sections = [services.SectionData(
        qtype=row.qtype.data, count=row.count.data, points=row.points.data,
        difficulty=int(row.difficulty.data) if row.difficulty.data else None,
        tags=availability.split_tags(row.tags.data),
        specialty_id=row.specialty_id.data or None) for row in form.sections if row.filled]
    return services.ExamData(
        name=form.name.data.strip(), specialty=db.get_or_404(Specialty, form.specialty_id.data),
        unit=get_scoped(Unit, form.unit_id.data, scope()), year=form.year.data,
        quarter=form.quarter.data, opens_at=to_utc(form.opens_at.data),
        closes_at=to_utc(form.closes_at.data), time_limit_minutes=form.time_limit_minutes.data,
        pass_mark=form.pass_mark.data, mode=form.mode.data, shuffle=form.shuffle.data,
        multiple_scoring=form.multiple_scoring.data, avoid_seen=form.avoid_seen.data,
        sections=sections)


@bp.route("/new", methods=["GET", "POST"])
@require("exams.manage")
def create():
    form = _exam_form()
    if request.method == "GET":
        form.year.data = to_local(utcnow()).year
        form.unit_id.data = current_user.unit_id
        form.time_limit_minutes.data, form.pass_mark.data = 90, 60
    if form.validate_on_submit():
        try:
            exam = services.create_exam(current_user, _exam_data(form))
        except services.ExamError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Exam saved."), "success")
            return redirect(url_for("exams.detail", exam_id=exam.id))
    return _form_page(form, None)


def _form_page(form: ExamForm, exam):
    day, available = availability.for_form(form)
    return render_template("exams/form.html", form=form, exam=exam, first_day=day,
                           available=available)


@bp.route("/available.json")
@require("exams.manage")
def available_counts():
    """The exam form's per-line counts for the window it shows (the bank is not unit-scoped)."""
    args = request.args
    try:
        day = date.fromisoformat(args.get("day", "")[:10])
    except ValueError:
        return jsonify(day=None, counts=[])
    counts = []
    for i in range(SECTION_ROWS + 10):
        qtype = args.get(f"qtype-{i}")
        if qtype is None:
            break
        counts.append(availability.line_count(
            args.get("specialty_id", type=int), args.get(f"specialty-{i}", type=int),
            qtype or None, args.get(f"difficulty-{i}") or None, args.get(f"tags-{i}"), day))
    return jsonify(day=day.isoformat(), counts=counts)


def _managed(exam_id: int):
    exam = queries.get_exam(exam_id, scope())
    if not queries.manageable(exam, scope()):
        abort(403)
    return exam


@bp.route("/<int:exam_id>/edit", methods=["GET", "POST"])
@require("exams.manage")
def edit(exam_id: int):
    exam = _managed(exam_id)
    form = _exam_form(exam)
    if form.validate_on_submit():
        saved, _result = perform(
            lambda: services.update_exam(current_user, exam, _exam_data(form), utcnow()),
            services.ExamError, _("Exam saved."))
        if saved:
            return redirect(url_for("exams.detail", exam_id=exam.id))
    return _form_page(form, exam)


@bp.route("/<int:exam_id>")
@require("exams.view")
def detail(exam_id: int):
    exam = queries.get_exam(exam_id, scope())
    available = drawing.available(exam)
    units = unit_choices(scope()) if can(current_user, "exams.manage") else []
    return render_template(
        "exams/detail.html", exam=exam, now=utcnow(), counts=queries.counts(exam),
        seats=queries.candidates(exam, scope()), available=available,
        manage=can(current_user, "exams.manage") and queries.manageable(exam, scope()),
        action=ActionForm(), candidates_form=_candidates_form(units), makeup=MakeupForm(),
        type_labels=TYPE_LABELS)


def _candidates_form(units) -> CandidatesForm:
    form = CandidatesForm()
    form.unit_id.choices = units
    return form


# (service, success message as a function of its result) of the buttons on the exam page
# that take no input.
ACTIONS = {
    "schedule": (lambda actor, exam, now: services.schedule(actor, exam, now),
                 lambda _r: _("Exam published.")),
    "cancel": (lambda actor, exam, now: services.cancel(actor, exam, now),
               lambda _r: _("Exam cancelled.")),
    "papers": (lambda actor, exam, now: services.prepare_papers(actor, exam),
               lambda n: _("Papers drawn: %(n)s", n=n)),
    "publish": (lambda actor, exam, now: services.publish_results(actor, exam, now),
                lambda _r: _("Results published.")),
    "pool": (lambda actor, exam, now: services.add_candidates(
        actor, exam, services.pool_officers(exam), now),
        lambda n: _("Candidates added: %(n)s", n=n)),
}


@bp.route("/<int:exam_id>/<any(schedule, cancel, papers, publish, pool):action>",
          methods=["POST"])
@require("exams.manage")
def act(exam_id: int, action: str):
    exam = _managed(exam_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if action == "publish" and not can(current_user, "results.publish"):
        abort(403)     # the legal section says when results are out (issue 6)
    run, message = ACTIONS[action]
    perform(lambda: run(current_user, exam, utcnow()), services.ExamError, message)
    return redirect(url_for("exams.detail", exam_id=exam.id))


@bp.route("/<int:exam_id>/end", methods=["GET", "POST"])
@require("exams.manage")
def end_early(exam_id: int):
    """End an open exam now, after a confirmation page that says what will happen."""
    exam = _managed(exam_id)
    form = ActionForm()
    if form.validate_on_submit():
        perform(lambda: services.end_early(current_user, exam, utcnow()), services.ExamError,
                lambda n: _("The exam was ended; %(n)s papers in progress were submitted.", n=n))
        return redirect(url_for("exams.detail", exam_id=exam.id))
    return render_template("exams/end.html", exam=exam, form=form,
                           answering=queries.answering_count(exam),
                           now=utcnow())


@bp.route("/<int:exam_id>/candidates", methods=["POST"])
@require("exams.manage")
def add_by_unit(exam_id: int):
    exam = _managed(exam_id)
    form = _candidates_form(unit_choices(scope()))
    if form.validate_on_submit():
        unit = get_scoped(Unit, form.unit_id.data, scope())
        perform(lambda: services.add_candidates(current_user, exam,
                                                queries.officers_in(unit.path, scope()),
                                                utcnow()),
                services.ExamError, lambda added: _("Candidates added: %(n)s", n=added))
    return redirect(url_for("exams.detail", exam_id=exam.id))


@bp.route("/<int:exam_id>/candidates/<int:seat_id>/remove", methods=["POST"])
@require("exams.manage")
def remove_candidate(exam_id: int, seat_id: int):
    exam = _managed(exam_id)
    seat = get_scoped(ExamCandidate, seat_id, scope())
    if seat.exam_id != exam.id or not ActionForm().validate_on_submit():
        abort(404)
    perform(lambda: services.remove_candidate(current_user, seat), services.ExamError)
    return redirect(url_for("exams.detail", exam_id=exam.id))


@bp.route("/<int:exam_id>/makeup", methods=["POST"])
@require("exams.manage")
def makeup(exam_id: int):
    exam = _managed(exam_id)
    form = MakeupForm()
    if not form.validate_on_submit():
        flash(_("Enter the make-up window."), "danger")
        return redirect(url_for("exams.detail", exam_id=exam.id))
    made, new = perform(
        lambda: services.create_makeup(current_user, exam, to_utc(form.opens_at.data),
                                       to_utc(form.closes_at.data), utcnow()),
        services.ExamError, _("Make-up exam created as a draft: check it and publish it."))
    return redirect(url_for("exams.detail", exam_id=new.id if made else exam.id))


@bp.route("/<int:exam_id>/attempts/<int:attempt_id>")
@require("exams.view")
def attempt_detail(exam_id: int, attempt_id: int):
    exam = queries.get_exam(exam_id, scope())
    attempt = get_scoped(Attempt, attempt_id, scope())
    if attempt.exam_id != exam.id:
        abort(404)
    return render_template("exams/attempt.html", exam=exam, attempt=attempt,
                           events=queries.events_of(attempt),
                           answered=queries.answered(attempt))

