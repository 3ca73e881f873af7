"""Pages of the yearly assessment: the sheet, one officer (hand scores, confirming), the
legal section's scheme, and the sheet as Excel and PDF."""
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.assessment import documents, queries, services
from app.assessment.forms import ConfirmForm, SchemeForm, ScoreForm, kind_choices
from app.auth.permissions import can, require, scope
from app.core import clock
from app.core.scoping import get_scoped
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people.models import Officer

bp = Blueprint("assessment", __name__, url_prefix="/assessment")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def default_year() -> int:
    """In January and February the year assessed is the last one."""
    today = clock.today()
    return today.year - 1 if today.month <= 2 else today.year


def _year() -> int:
    return min(max(request.args.get("year", type=int) or default_year(), 2000), 2100)


def _unit() -> Unit | None:
    unit_id = request.args.get("unit", type=int)
    if unit_id:
        return get_scoped(Unit, unit_id, scope())
    return None if scope().everything else current_user.unit


def _years() -> range:
    return range(clock.today().year + 1, clock.today().year - 5, -1)


@bp.route("/")
@require("assessment.view")
def index():
    year, unit = _year(), _unit()
    scheme, rows = queries.sheet(year, scope(), unit)
    size = current_app.config["PAGE_SIZE"]
    pages = max((len(rows) + size - 1) // size, 1)
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    return render_template("assessment/index.html", year=year, unit=unit, scheme=scheme,
                           rows=rows[(page - 1) * size:page * size], total=len(rows),
                           page=page, pages=pages, counts=queries.grade_counts(scheme, rows),
                           units=unit_choices(scope()), years=_years(), shown=documents.shown)


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


@bp.route("/sheet.xlsx")
@require("assessment.view")
def sheet_xlsx():
    scheme, rows = queries.sheet(_year(), scope(), _unit())
    return _download(documents.xlsx_bytes(scheme, rows), XLSX, f"{scheme.year}年度考核结果.xlsx")


@bp.route("/sheet.pdf")
@require("assessment.view")
def sheet_pdf():
    unit = _unit()
    scheme, rows = queries.sheet(_year(), scope(), unit)
    data, _missing = documents.sheet_pdf(scheme, rows, unit.name if unit else _("All units"))
    return _download(data, "application/pdf", f"{scheme.year}年度考核结果表.pdf")


def _officer_line(officer_id: int, year: int):
    officer = get_scoped(Officer, officer_id, scope())
    scheme, row = queries.officer_row(year, scope(), officer)
    if row is None:
        abort(404)
    return officer, scheme, row


@bp.route("/officers/<int:officer_id>", methods=["GET", "POST"])
@require("assessment.view")
def officer(officer_id: int):
    year = _year()
    officer, scheme, row = _officer_line(officer_id, year)
    score_form, confirm_form = ScoreForm(prefix="s"), ConfirmForm(prefix="c")
    confirm_form.grade.choices = [(g, g) for g in scheme.grade_names]
    if request.method == "POST":
        if not can(current_user, "assessment.confirm"):
            abort(403)
        form = score_form if score_form.save.data else confirm_form
        if form.validate_on_submit() and _apply(form, officer, year):
            return redirect(url_for("assessment.officer", officer_id=officer.id, year=year))
    elif row.decision is not None or row.proposal.grade:
        confirm_form.grade.data = row.confirmed_grade or row.proposal.grade
    return render_template("assessment/officer.html", officer=officer, year=year,
                           scheme=scheme, row=row, score_form=score_form,
                           confirm_form=confirm_form, shown=documents.shown)


def _apply(form, officer: Officer, year: int) -> bool:
    """Save a hand score or the confirmed grade; False (errors shown) when refused."""
    try:
        if isinstance(form, ScoreForm):
            services.score_manual(current_user, officer, year, form.code.data, form.score.data)
        else:
            services.confirm(current_user, officer, year, form.grade.data, form.reason.data)
    except services.AssessmentError as exc:
        db.session.rollback()
        for name, message in exc.errors.items():
            field = getattr(form, name, None)
            if field is not None and name != "code":
                field.errors = [*field.errors, message]
            else:
                flash(message, "danger")
        return False
    db.session.commit()
    flash(_("Score saved.") if isinstance(form, ScoreForm) else _("Grade confirmed."), "success")
    return True


@bp.route("/scheme", methods=["GET", "POST"])
@require("assessment.scheme")
def scheme():
    year = _year()
    form = SchemeForm()
    for entry in form.indicators:
        entry.form.kind.choices = kind_choices()
    if request.method == "GET":
        _fill(form, year)
    elif form.validate_on_submit():
        grades, lines = _read(form)
        try:
            services.save_scheme(current_user, year, grades, lines)
        except services.AssessmentError as exc:
            db.session.rollback()
            for message in exc.errors.values():
                flash(message, "danger")
        else:
            db.session.commit()
            flash(_("Assessment scheme saved."), "success")
            return redirect(url_for("assessment.scheme", year=year))
    return render_template("assessment/scheme.html", form=form, year=year, years=_years())


def _fill(form: SchemeForm, year: int) -> None:
    grades, lines = services.current_scheme_lines(year)
    for entry, (name, low) in zip(form.grades, grades, strict=False):
        entry.form.name.data, entry.form.min_score.data = name, low
    for entry, line in zip(form.indicators, lines, strict=False):
        entry.form.kind.data, entry.form.name.data = line.kind, line.name
        entry.form.weight.data, entry.form.cap_grade.data = line.weight, line.cap_grade


def _read(form: SchemeForm):
    """The filled lines of the form (blank lines left out)."""
    grades = [(e.form.name.data.strip(), e.form.min_score.data) for e in form.grades
              if (e.form.name.data or "").strip() and e.form.min_score.data is not None]
    lines = [services.IndicatorLine(e.form.kind.data, (e.form.name.data or "").strip(),
                                    e.form.weight.data, (e.form.cap_grade.data or "").strip())
             for e in form.indicators if e.form.kind.data and e.form.weight.data is not None]
    return grades, lines

