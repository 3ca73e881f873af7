"""The yearly report page (figures per unit) and its PDF and Excel."""
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request
from flask_login import current_user
from sqlalchemy import select

from app.annual import documents, figures
from app.annual.tasks import report_year
from app.auth.permissions import require, scope
from app.core import clock
from app.core.scoping import get_scoped
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices

bp = Blueprint("annual", __name__, url_prefix="/annual")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _args() -> tuple[int, Unit]:
    year = min(max(request.args.get("year", type=int) or report_year(), 2000), 2100)
    unit_id = request.args.get("unit", type=int)
    if unit_id:
        return year, get_scoped(Unit, unit_id, scope())
    if scope().everything:
        return year, db.session.scalar(select(Unit).where(Unit.parent_id.is_(None))
                                       .order_by(Unit.id))
    return year, current_user.unit


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


@bp.route("/")
@require("reports.annual")
def index():
    year, root = _args()
    return render_template("annual/index.html", year=year, root=root,
                           lines=figures.report(root, year), sections=figures.SECTIONS,
                           units=unit_choices(scope()),
                           years=range(clock.today().year, clock.today().year - 6, -1))


@bp.route("/report.xlsx")
@require("reports.annual")
def report_xlsx():
    year, root = _args()
    data = documents.xlsx_bytes(figures.report(root, year), year)
    return _download(data, XLSX, f"{year}年度报告-{root.name}.xlsx")


@bp.route("/report.pdf")
@require("reports.annual")
def report_pdf():
    year, root = _args()
    data, _missing = documents.report_pdf(figures.report(root, year), year)
    return _download(data, "application/pdf", f"{year}年度报告-{root.name}.pdf")
