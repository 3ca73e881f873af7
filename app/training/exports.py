"""The big training files, built in a job (app/jobs/exports.py): the compliance report as
Excel and PDF for a unit subtree, and every officer's training archive PDF in one zip.

Each build works as the user who asked (Scope.of(actor), computed here, never carried in
the job's parameters) and tells `progress` every thousand rows or every PDF.
"""
import math
import os
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.id_access import may_search_by_number
from app.core.scoping import Scope, scoped, subtree_ids
from app.extensions import db
from app.jobs.progress import share, ticking
from app.jobs.runner import JobError
from app.org.models import Unit
from app.people.models import Officer
from app.training import compliance, queries, reports

ROWS_PER_PDF_PAGE = 27   # about what a landscape A4 page of the compliance table holds


def query_params(year: int, unit: Unit | None, missing: bool = False, q: str = "",
                 pace_months: int | None = None) -> dict:
    """A compliance query as a job's JSON parameters (the scope is not among them)."""
    return {"year": year, "unit": unit.id if unit else None, "missing": missing, "q": q,
            "pace_months": pace_months}


def _query(actor, params: dict) -> compliance.Query:
    scope = Scope.of(actor)
    unit = None
    if params.get("unit"):
        unit = db.session.scalar(scoped(Unit, scope).where(Unit.id == int(params["unit"])))
        if unit is None:
            raise JobError("该单位不在您的管理范围内")
    return compliance.Query(int(params["year"]), scope, unit, missing=bool(params.get("missing")),
                            q=str(params.get("q") or "")[:50],
                            behind_pace_months=params.get("pace_months"),
                            by_number=may_search_by_number(actor))


def compliance_xlsx(actor, params: dict, progress) -> tuple[str, bytes]:
    query = _query(actor, params)
    rows = ticking(compliance.stream(query), compliance.count(query), progress)
    return f"{query.year}年度培训学时达标情况.xlsx", reports.xlsx_bytes(rows, query.year)


def compliance_pdf(actor, params: dict, progress) -> tuple[str, bytes]:
    """Progress: reading the rows is the first tenth, laying out the pages (estimated
    beforehand) the rest, which is where the time goes."""
    query = _query(actor, params)
    whole, _groups = compliance.totals(query, query.unit)
    total = compliance.count(query)
    pages = max(1, math.ceil(total / ROWS_PER_PDF_PAGE))
    rows = ticking(compliance.stream(query), total, share(progress, 0, 100))
    layout = share(progress, 100, 1000)

    def on_page(n: int) -> None:
        layout(min(n, pages - 1), pages)

    name = query.unit.name if query.unit else "全部单位"
    content, _missing = reports.compliance_pdf(rows, query.year, name, whole, on_page)
    progress(1000, 1000)
    return f"{query.year}年度培训学时达标情况表.pdf", content


# About 38 KB a PDF: 2,000 archives make a zip of some 75 MB; a province's would be 1.9 GB.
ARCHIVE_LIMIT = 2000


def archives_zip(actor, params: dict, progress) -> tuple[str, Path]:
    """One archive PDF per officer on an enforcement post in the year, a folder per unit."""
    query = _query(actor, params | {"missing": False, "q": "", "pace_months": None})
    stmt = scoped(Officer, query.scope, select(Officer.id)).join(Officer.unit) \
        .where(compliance.on_post_in(query.year))
    if query.unit is not None:
        stmt = stmt.where(Officer.unit_id.in_(subtree_ids(query.unit.path)))
    ids = list(db.session.scalars(stmt.order_by(Unit.code, Officer.name, Officer.id)))
    if len(ids) > ARCHIVE_LIMIT:
        raise JobError(f"一次最多打包{ARCHIVE_LIMIT}人的培训档案（本次{len(ids)}人），"
                       "请选择下级单位分批导出")
    fd, tmp = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            names: set[str] = set()
            progress(0, max(len(ids), 1))
            for n, officer_id in enumerate(ids, start=1):
                officer = db.session.scalar(select(Officer).where(Officer.id == officer_id)
                                            .options(joinedload(Officer.unit)))
                data = queries.officer_year(officer, query.year)
                content, _missing = reports.archive_pdf(data, officer.unit.name)
                archive.writestr(_member(officer, query.year, names), content)
                progress(n, len(ids))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    where = query.unit.name if query.unit else "全部单位"
    return f"{where}-{query.year}年度培训记录档案.zip", Path(tmp)


def _member(officer: Officer, year: int, taken: set[str]) -> str:
    """`单位编码 单位名称/姓名-身份证后四位-年度培训记录档案.pdf`, unique within the zip."""
    folder = _safe(f"{officer.unit.code} {officer.unit.name}")
    stem = _safe(f"{officer.name}-{officer.id_number_masked[-4:]}-{year}年度培训记录档案")
    name, n = f"{folder}/{stem}.pdf", 1
    while name in taken:
        n += 1
        name = f"{folder}/{stem}（{n}）.pdf"
    taken.add(name)
    return name


def _safe(text: str) -> str:
    return "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in text).strip()
