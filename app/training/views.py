"""Training sessions: list, add, edit; attendance by hand or by sign-in sheet; evidence."""
from io import BytesIO
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.id_access import NO_NUMBER_SEARCH, may_search_by_number
from app.auth.permissions import can, require, scope
from app.core import clock
from app.core.import_template import TemplateSpec
from app.core.import_template import build as build_template
from app.core.imports import run_import
from app.core.pagination import paginate
from app.core.scoping import get_scoped, scoped
from app.core.tables import TableError
from app.core.uploads import save_upload
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people.models import Officer
from app.training import access, queries, services
from app.training.evidence import MIMETYPES, EvidenceError, path_of
from app.training.forms import AttendanceForm, FileForm, PickForm, SessionForm, SheetForm
from app.training.importer import SIGN_IN_HEADERS, SignInImporter
from app.training.models import CATEGORIES, Attendance, Evidence, PlanItem, TrainingSession

bp = Blueprint("training", __name__, url_prefix="/training")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def evidence_folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "evidence"


def evidence_limit() -> int:
    return current_app.config.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def show_errors(form, errors: dict[str, str]) -> None:
    """A service's field errors, next to the fields (the rest as a flash)."""
    for name, message in errors.items():
        field = getattr(form, "unit_id" if name == "unit" else name, None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "danger")


@bp.route("/sessions")
@require("training.view")
def sessions():
    f = queries.SessionFilter.from_args(request.args)
    page = paginate(queries.sessions(scope(), f), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    counts = queries.attendee_counts([s.id for s in page.items])
    return render_template("training/sessions.html", page=page, f=f, counts=counts,
                           categories=CATEGORIES, units=unit_choices(scope()),
                           years=range(clock.today().year, clock.today().year - 6, -1))


def _session_form(session: TrainingSession | None = None) -> SessionForm:
    form = SessionForm(obj=session)
    form.unit_id.choices = unit_choices(scope())
    year = session.year if session else clock.today().year
    form.plan_item_id.choices = [(0, "—"), *queries.plan_options(scope(), year)]
    if request.method == "GET" and session is not None:
        form.plan_item_id.data = session.plan_item_id or 0
    return form


def _session_data(form: SessionForm) -> services.SessionData:
    plan = get_scoped(PlanItem, form.plan_item_id.data, scope()) if form.plan_item_id.data \
        else None
    return services.SessionData(
        title=form.title.data, category=form.category.data,
        unit=get_scoped(Unit, form.unit_id.data, scope()), start_date=form.start_date.data,
        end_date=form.end_date.data, hours=form.hours.data, mode=form.mode.data,
        study_format=form.study_format.data, content=form.content.data or "", plan_item=plan)


@bp.route("/sessions/new", methods=["GET", "POST"])
@require("training.edit")
def new_session():
    form = _session_form()
    if form.validate_on_submit():
        try:
            session = services.create_session(current_user, _session_data(form))
        except services.TrainingError as exc:
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Training session saved."), "success")
            return redirect(url_for("training.session", session_id=session.id))
    return render_template("training/session_form.html", form=form, session=None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@require("training.edit")
def edit_session(session_id: int):
    session = get_scoped(TrainingSession, session_id, scope())
    form = _session_form(session)
    if form.validate_on_submit():
        try:
            services.update_session(current_user, session, _session_data(form))
        except services.TrainingError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Training session saved."), "success")
            return redirect(url_for("training.session", session_id=session.id))
    return render_template("training/session_form.html", form=form, session=session)


@bp.route("/sessions/<int:session_id>")
@require("training.view")
def session(session_id: int):
    return _session_page(get_scoped(TrainingSession, session_id, scope()))


def _picked() -> tuple[list[Officer], bool]:
    """Officers to pick from, as the page's ?who= (a name) or ?unit= (a unit) asks:
    (officers, whether a whole unit's, which are pre-ticked)."""
    who, unit_id = request.args.get("who", "").strip(), request.args.get("unit", type=int)
    if unit_id:
        unit = get_scoped(Unit, unit_id, scope())
        return queries.officers_on_post_of(scope(), unit.id), True
    return queries.officers_named(scope(), who[:50]), False


def _session_page(session: TrainingSession, attendance_form=None, sign_in_errors=(),
                  evidence_form=None, status: int = 200):
    picked, whole_unit = _picked() if can(current_user, "training.edit") else ([], False)
    return render_template(
        "training/session.html", session=session, attendees=queries.attendees(session),
        attendance_form=attendance_form or AttendanceForm(), sign_in_form=SheetForm(),
        evidence_form=evidence_form or FileForm(), pick_form=PickForm(prefix="pick"),
        picked=picked, whole_unit=whole_unit, units=unit_choices(scope()),
        who=request.args.get("who", ""), unit_id=request.args.get("unit", type=int),
        sign_in_errors=sign_in_errors), status


@bp.route("/sessions/<int:session_id>/attendance/picked", methods=["POST"])
@require("training.edit")
def add_picked(session_id: int):
    """Attendees ticked in a name search or a unit's list."""
    session = get_scoped(TrainingSession, session_id, scope())
    form = PickForm(prefix="pick")
    ids = {int(v) for v in request.form.getlist("officer_id") if v.isdigit()}
    back = redirect(url_for("training.session", session_id=session.id))
    if not form.validate_on_submit():
        flash(_("Hours: %(error)s", error="；".join(form.hours.errors)), "danger")
        return back
    officers = list(db.session.scalars(scoped(Officer, scope()).where(Officer.id.in_(ids))))
    if not ids or len(officers) != len(ids):
        flash(_("Tick at least one officer of your units."), "danger")
        return back
    try:
        added, already = services.add_attendances(current_user, session, officers,
                                                  form.hours.data)
    except services.TrainingError as exc:
        db.session.rollback()
        flash("；".join(exc.errors.values()), "danger")
        return back
    db.session.commit()
    flash(_("%(n)s attendees added.", n=len(added)), "success")
    if already:
        flash(_("Already listed: %(names)s", names="、".join(o.name for o in already)), "info")
    return redirect(url_for("training.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/attendance", methods=["POST"])
@require("training.edit")
def add_attendance(session_id: int):
    session = get_scoped(TrainingSession, session_id, scope())
    form = AttendanceForm()
    if not form.validate_on_submit():
        return _session_page(session, attendance_form=form, status=400)
    if not may_search_by_number(current_user):
        form.id_number.errors.append(NO_NUMBER_SEARCH)
        return _session_page(session, attendance_form=form, status=403)
    officer = db.session.scalar(scoped(Officer, scope()).where(
        Officer.id_number_matches(form.id_number.data)))
    if officer is None:
        form.id_number.errors.append("人员名册中没有该身份证号，或不在您的管理范围内")
        return _session_page(session, attendance_form=form, status=400)
    try:
        services.add_attendance(current_user, session, officer, form.hours.data)
    except services.TrainingError as exc:
        db.session.rollback()
        form.hours.errors.extend(v for k, v in exc.errors.items() if k == "hours")
        form.id_number.errors.extend(v for k, v in exc.errors.items() if k != "hours")
        return _session_page(session, attendance_form=form, status=400)
    db.session.commit()
    flash(_("%(name)s added.", name=officer.name), "success")
    return redirect(url_for("training.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/attendance/<int:attendance_id>/delete", methods=["POST"])
@require("training.edit")
def remove_attendance(session_id: int, attendance_id: int):
    session = get_scoped(TrainingSession, session_id, scope())
    attendance = db.session.scalar(select(Attendance).where(
        Attendance.id == attendance_id, Attendance.session_id == session.id))
    if attendance is None:
        abort(404)
    services.remove_attendance(current_user, attendance)
    db.session.commit()
    flash(_("Attendee removed."), "success")
    return redirect(url_for("training.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/sign-in", methods=["POST"])
@require("training.edit")
def sign_in(session_id: int):
    session = get_scoped(TrainingSession, session_id, scope())
    form = SheetForm()
    if not form.validate_on_submit():
        return _session_page(session, sign_in_errors=[_("Choose a file.")], status=400)
    try:
        path = save_upload(form.sheet.data)
    except TableError as exc:
        return _session_page(session, sign_in_errors=[str(exc)], status=400)
    try:
        report = run_import(SignInImporter(session, scope()), path, current_user)
    finally:
        path.unlink(missing_ok=True)
    if not report.ok:
        db.session.rollback()
        return _session_page(session, sign_in_errors=[str(e) for e in report.errors], status=400)
    db.session.commit()
    flash(report.summary(), "success")
    return redirect(url_for("training.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/sign-in-template.xlsx")
@require("training.edit")
def sign_in_template(session_id: int):
    session = get_scoped(TrainingSession, session_id, scope())
    data = build_template(TemplateSpec(
        "签到表", list(SIGN_IN_HEADERS), set(SIGN_IN_HEADERS), {"身份证号"},
        notes={"学时": f"0.5的正整数倍，不超过培训学时（{session.hours}）"},
        example={"身份证号": "11010519491231002X", "姓名": "张三", "学时": str(session.hours)}))
    return _download(data, XLSX, f"{session.title}-签到表.xlsx")


def _download(data: bytes, mimetype: str, filename: str):
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=filename)


@bp.route("/sessions/<int:session_id>/evidence", methods=["POST"])
@require("training.edit")
def upload_evidence(session_id: int):
    session = get_scoped(TrainingSession, session_id, scope())
    form = FileForm()
    if not form.validate_on_submit():
        return _session_page(session, evidence_form=form, status=400)
    upload = form.file.data
    try:
        services.attach_evidence(current_user, upload.stream, upload.filename or "",
                                 evidence_folder(), evidence_limit(), session=session)
    except EvidenceError as exc:
        db.session.rollback()
        form.file.errors.append(str(exc))
        return _session_page(session, evidence_form=form, status=400)
    db.session.commit()
    flash(_("Evidence uploaded."), "success")
    return redirect(url_for("training.session", session_id=session.id))


@bp.route("/evidence/<int:evidence_id>")
@login_required
def evidence(evidence_id: int):
    item = db.session.get(Evidence, evidence_id)
    if item is None or not access.may_see_evidence(current_user, item):
        abort(404)
    try:
        path = path_of(evidence_folder(), item.stored_name)
    except EvidenceError:
        abort(404)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=MIMETYPES.get(item.file_type, "application/octet-stream"),
                     as_attachment=True, download_name=item.original_name)


from app.training import views_compliance, views_people  # noqa: E402,F401  (routes on bp)
