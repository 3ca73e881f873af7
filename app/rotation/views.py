"""Rotation programmes: list, set up, sessions, participants, jurors, scores, report, and an
officer's own page. Views are thin: the services change, the queries read."""
from decimal import Decimal, InvalidOperation

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.models import User
from app.auth.permissions import can, require, scope
from app.core import clock
from app.core.downloads import xlsx_response
from app.core.scoping import get_scoped, scoped, subtree_ids
from app.exams.models import Exam
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.rotation import queries, reports, services
from app.rotation.forms import ActionForm, JurorForm, LinkSessionForm, ProgrammeForm
from app.rotation.models import Juror, Programme
from app.training.models import TrainingSession

bp = Blueprint("rotation", __name__, url_prefix="/rotation")


def show_errors(form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "danger")


@bp.route("/")
@login_required
def index():
    if not (can(current_user, "rotation.view") or queries.juror_programmes(current_user.id)):
        abort(403)
    year = request.args.get("year", type=int)
    found = db.session.scalars(queries.programmes(scope(), year)).all() \
        if can(current_user, "rotation.view") else []
    return render_template("rotation/index.html", programmes=found, year=year,
                           counts=queries.participant_count([p.id for p in found]),
                           scoring=queries.juror_programmes(current_user.id))


def _form(programme: Programme | None = None) -> ProgrammeForm:
    form = ProgrammeForm(obj=programme)
    choices = unit_choices(scope())
    form.unit_id.choices, form.units.choices = choices, choices
    exams = db.session.scalars(scoped(Exam, scope()).where(Exam.status != "cancelled")
                               .order_by(Exam.opens_at.desc()).limit(200)).all()
    form.exam_id.choices = [(0, "—"), *[(e.id, f"{e.name}（{e.year}）") for e in exams]]
    if request.method == "GET":
        form.year.data = programme.year if programme else clock.today().year
        form.units.data = [u.unit_id for u in programme.units] if programme else []
        form.exam_id.data = programme.exam_id or 0 if programme else 0
    return form


def _data(form: ProgrammeForm) -> services.ProgrammeData:
    units = [get_scoped(Unit, uid, scope()) for uid in form.units.data or []]
    exam = get_scoped(Exam, form.exam_id.data, scope()) if form.exam_id.data else None
    return services.ProgrammeData(
        name=form.name.data, year=form.year.data, unit=get_scoped(Unit, form.unit_id.data, scope()),
        units=units, method=form.method.data, exam=exam, required_hours=form.required_hours.data,
        pass_mark=form.pass_mark.data, max_score=form.max_score.data)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@require("rotation.manage")
def edit(programme_id: int | None = None):
    programme = get_scoped(Programme, programme_id, scope()) if programme_id else None
    form = _form(programme)
    if form.validate_on_submit():
        try:
            programme = services.save_programme(current_user, _data(form), programme)
        except services.RotationError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Rotation programme saved."), "success")
            return redirect(url_for("rotation.detail", programme_id=programme.id))
    return render_template("rotation/form.html", form=form, programme=programme)


@bp.route("/<int:programme_id>")
@require("rotation.view")
def detail(programme_id: int):
    programme = get_scoped(Programme, programme_id, scope())
    link = LinkSessionForm()
    link.session_id.choices = _session_choices(programme)
    juror = JurorForm()
    juror.user_id.choices = [(0, "—"), *_juror_accounts(programme)]
    return render_template("rotation/detail.html", programme=programme,
                           rows=queries.rows(programme), link_form=link, juror_form=juror,
                           action=ActionForm())


def _session_choices(programme: Programme) -> list[tuple[int, str]]:
    linked = {s.session_id for s in programme.sessions}
    found = db.session.scalars(
        scoped(TrainingSession, scope())
        .where(TrainingSession.unit_id.in_(subtree_ids(programme.unit.path)),
               TrainingSession.year == programme.year)
        .order_by(TrainingSession.start_date)).all()
    return [(s.id, f"{s.title}（{s.start_date}，{s.mode_label}，{s.hours:g}学时）")
            for s in found if s.id not in linked]


def _juror_accounts(programme: Programme) -> list[tuple[int, str]]:
    found = db.session.scalars(
        scoped(User, scope()).where(User.unit_id.in_(subtree_ids(programme.unit.path)),
                                    User.role.in_(("hr", "legal", "leader")),
                                    User.active.is_(True))
        .order_by(User.username)).all()
    return [(u.id, f"{u.display_name or u.username}（{u.username}）") for u in found]


def _managed(programme_id: int) -> Programme:
    """A programme the current manager may change, for the POST actions below."""
    if not ActionForm().validate_on_submit():
        abort(400)
    return get_scoped(Programme, programme_id, scope())


def _done(programme: Programme, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("rotation.detail", programme_id=programme.id))


def _change(programme: Programme, change, message: str):
    """Run one service change: commit and say `message`, or roll back and say why not."""
    try:
        change()
    except services.RotationError as exc:
        return _refused(programme, exc)
    return _done(programme, message)


def _refused(programme: Programme, exc: services.RotationError):
    db.session.rollback()
    for message in exc.errors.values():
        flash(message, "danger")
    return redirect(url_for("rotation.detail", programme_id=programme.id))


@bp.post("/<int:programme_id>/enrol")
@require("rotation.manage")
def enrol(programme_id: int):
    programme = _managed(programme_id)
    added = services.enrol(current_user, programme)
    return _done(programme, _("%(n)s officers enrolled.", n=added))


@bp.post("/<int:programme_id>/participants/<int:participant_id>/remove")
@require("rotation.manage")
def withdraw(programme_id: int, participant_id: int):
    programme = _managed(programme_id)
    participant = next((p for p in programme.participants if p.id == participant_id), None)
    if participant is None:
        abort(404)
    services.remove_participant(current_user, participant)
    return _done(programme, _("Officer removed from the programme."))


@bp.post("/<int:programme_id>/sessions")
@require("rotation.manage")
def add_session(programme_id: int):
    programme = get_scoped(Programme, programme_id, scope())
    form = LinkSessionForm()
    form.session_id.choices = _session_choices(programme)
    if not form.validate_on_submit():
        flash(_("Choose a training session of the programme's year."), "danger")
        return redirect(url_for("rotation.detail", programme_id=programme.id))
    session = get_scoped(TrainingSession, form.session_id.data, scope())
    required = form.required.data
    return _change(programme,
                   lambda: services.link_session(current_user, programme, session, required),
                   _("Session added to the programme."))


@bp.post("/<int:programme_id>/sessions/<int:link_id>/remove")
@require("rotation.manage")
def remove_session(programme_id: int, link_id: int):
    programme = _managed(programme_id)
    return _change(programme, lambda: services.unlink_session(current_user, programme, link_id),
                   _("Session removed from the programme."))


@bp.post("/<int:programme_id>/jurors")
@require("rotation.manage")
def add_juror(programme_id: int):
    programme = get_scoped(Programme, programme_id, scope())
    form = JurorForm()
    form.user_id.choices = [(0, "—"), *_juror_accounts(programme)]
    if not form.validate_on_submit():
        flash(_("Give the juror's name or choose an account."), "danger")
        return redirect(url_for("rotation.detail", programme_id=programme.id))
    user = get_scoped(User, form.user_id.data, scope()) if form.user_id.data else None
    name = form.name.data or ""
    return _change(programme, lambda: services.add_juror(current_user, programme, name, user),
                   _("Juror added."))


@bp.post("/<int:programme_id>/jurors/<int:juror_id>/remove")
@require("rotation.manage")
def remove_juror(programme_id: int, juror_id: int):
    programme = _managed(programme_id)
    return _change(programme, lambda: services.remove_juror(current_user, programme, juror_id),
                   _("Juror removed with their scores."))


@bp.post("/<int:programme_id>/publish")
@require("rotation.manage")
def publish(programme_id: int):
    programme = _managed(programme_id)
    services.publish(current_user, programme)
    return _done(programme, _("Results published to the officers."))


def _scorable(programme_id: int, juror_id: int) -> tuple[Programme, Juror]:
    """The manager whose scope covers the programme, or the juror themself; else 404."""
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        abort(404)
    juror = next((j for j in programme.jurors if j.id == juror_id), None)
    manager = can(current_user, "rotation.manage") and scope().covers_unit(programme.unit)
    own = juror is not None and juror.user_id == current_user.id
    if juror is None or not (manager or own):
        abort(404)
    return programme, juror


@bp.route("/<int:programme_id>/jurors/<int:juror_id>/scores", methods=["GET", "POST"])
@login_required
def scores(programme_id: int, juror_id: int):
    programme, juror = _scorable(programme_id, juror_id)
    if not programme.by_panel:
        abort(404)
    form, errors = ActionForm(), {}
    if form.validate_on_submit():
        given, errors = _read_scores(programme)
        if not errors:
            try:
                services.record_scores(current_user, programme, juror, given)
            except services.RotationError as exc:
                db.session.rollback()
                errors = exc.errors
            else:
                db.session.commit()
                flash(_("Scores saved."), "success")
                return redirect(url_for("rotation.scores", programme_id=programme.id,
                                        juror_id=juror.id))
        flash(_("Some scores were not saved: see the marked rows."), "danger")
    mine = {s.participant_id: s.score for s in juror.scores}
    manager = can(current_user, "rotation.manage") and scope().covers_unit(programme.unit)
    return render_template("rotation/scores.html", programme=programme, juror=juror,
                           participants=programme.participants, mine=mine, form=form,
                           errors=errors, given=request.form, manager=manager)


def _read_scores(programme: Programme) -> tuple[dict, dict]:
    given, errors = {}, {}
    for p in programme.participants:
        raw = request.form.get(f"score-{p.id}", "").strip()
        try:
            given[p.id] = Decimal(raw) if raw else None
        except InvalidOperation:
            errors[f"score-{p.id}"] = "请填写数字"
    return given, errors


@bp.route("/<int:programme_id>/report.xlsx")
@require("rotation.view")
def report_xlsx(programme_id: int):
    programme = get_scoped(Programme, programme_id, scope())
    data = reports.xlsx_bytes(programme, queries.rows(programme))
    return xlsx_response(data, f"{programme.year}年度全员轮训_{programme.name}.xlsx")


@bp.route("/<int:programme_id>/report.pdf")
@require("rotation.view")
def report_pdf(programme_id: int):
    programme = get_scoped(Programme, programme_id, scope())
    data, _missing = reports.pdf_bytes(programme, queries.rows(programme))
    return Response(data, mimetype="application/pdf")


@bp.route("/mine")
@require("rotation.self")
def mine():
    """Only the officer's own rows: officer_rows reads by the logged-in officer's id."""
    return render_template("rotation/mine.html",
                           items=queries.officer_rows(current_user.officer_id))
