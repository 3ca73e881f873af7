"""`flask report compliance`: who meets the training floors, as JSON, CSV, Excel or PDF."""
from pathlib import Path

import click
from sqlalchemy import select

from app.core import clock, pdf
from app.core.actor import CLI
from app.core.scoping import Scope
from app.extensions import db
from app.org.models import Unit
from app.training import compliance, reports


@click.group("report")
def report_group() -> None:
    """Reports (see INTERFACES.md)."""


@report_group.command("compliance")
@click.option("--year", type=int, help="Calendar year (default: this year).")
@click.option("--unit", "unit_code", help="Unit code: that unit and every unit below it.")
@click.option("--missing", is_flag=True, help="Only officers who miss the floors.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx", "pdf"]),
              default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def compliance_command(year: int | None, unit_code: str | None, missing: bool, fmt: str,
                       out: Path | None) -> None:
    """Every officer on an enforcement post in YEAR: hours, floors, shortfall."""
    year = year or clock.today().year
    unit = _unit(unit_code)
    query = compliance.Query(year, Scope.of(CLI), unit, missing=missing)
    rows = compliance.stream(query)
    if fmt in ("xlsx", "pdf") and out is None:
        raise click.UsageError(f"{fmt} 格式需要 --out 指定文件")
    if fmt == "json":
        _write_text(reports.json_chunks(rows), out)
    elif fmt == "csv":
        _write_text([reports.csv_text(rows)], out, bom=out is not None)
    elif fmt == "xlsx":
        out.write_bytes(reports.xlsx_bytes(rows, year))
    else:
        whole, _groups = compliance.totals(query, unit)
        data, missing_chars = reports.compliance_pdf(rows, year, _unit_name(unit), whole)
        out.write_bytes(data)
        if missing_chars:
            click.echo(pdf.missing_note(missing_chars), err=True)


def _unit(code: str | None) -> Unit | None:
    if code is None:
        return None
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise click.BadParameter(f"单位编码 {code} 不存在", param_hint="--unit")
    return unit


def _unit_name(unit: Unit | None) -> str:
    if unit is not None:
        return unit.name
    top = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    return top.name if top else "全部单位"


def _write_text(chunks, out: Path | None, bom: bool = False) -> None:
    if out is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return
    with out.open("w", encoding="utf-8-sig" if bom else "utf-8") as f:
        for chunk in chunks:
            f.write(chunk)
