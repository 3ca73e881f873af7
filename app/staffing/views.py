"""The staffing figures page and its Excel export."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from app.auth.permissions import require, scope
from app.core import clock
from app.core.downloads import xlsx_response
from app.core.tables import write_xlsx
from app.staffing import queries

bp = Blueprint("staffing", __name__, url_prefix="/staffing")
HEADERS = ["单位编码", "单位", "执法人员", "法律专业", "法律专业占比(%)", "本科及以上",
           "本科及以上占比(%)", "法制审核人员", "其中具有法律职业资格"]


def _year() -> int:
    return request.args.get("year", clock.today().year, type=int)


@bp.route("/")
@require("staffing.view")
def index():
    year = _year()
    rows, total = queries.by_unit(scope(), year)
    choices = sorted({clock.today().year, *queries.snapshot_years()}, reverse=True)
    return render_template("staffing/index.html", rows=rows, total=total, year=year,
                           years=choices, trend=queries.years(current_user.unit))


def _share(value: float | None):
    return None if value is None else round(value, 1)


def xlsx_row(f: queries.Figures) -> list:
    return [f.unit_code, f.label, f.enforcing, f.law_major, _share(f.law_major_share),
            f.bachelor, _share(f.bachelor_share), f.reviewers, f.reviewers_qualified]


@bp.route("/export.xlsx")
@require("staffing.view")
def export():
    year = _year()
    rows, total = queries.by_unit(scope(), year)
    data = write_xlsx(HEADERS, [*map(xlsx_row, rows), xlsx_row(total)],
                      title=f"{year}年度执法队伍结构")
    return xlsx_response(data, f"{year}年度执法队伍结构.xlsx")
