"""`flask report annual`: the yearly report's figures per unit as JSON, Excel or PDF."""
import json
from pathlib import Path

import click
from sqlalchemy import select

from app.annual import documents, figures
from app.annual.tasks import report_year
from app.core import pdf
from app.extensions import db
from app.org.models import Unit
from app.training.cli import _unit, report_group


@report_group.command("annual")
@click.option("--year", type=int, help="Calendar year (default: last year in January and "
                                       "February, else this year).")
@click.option("--unit", "unit_code", help="Unit code: the units directly below it, and the whole.")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx", "pdf"]), default="json",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def annual_command(year: int | None, unit_code: str | None, fmt: str, out: Path | None) -> None:
    """The year's training, exam and certificate figures per unit, for the 司法行政部门."""
    year = year or report_year()
    root = _unit(unit_code) or db.session.scalar(
        select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    if root is None:
        raise click.ClickException("没有单位")
    if fmt != "json" and out is None:
        raise click.UsageError(f"{fmt} 格式需要 --out 指定文件")
    lines = figures.report(root, year)
    if fmt == "json":
        text = json.dumps([f.as_json() for f in lines], ensure_ascii=False, indent=1)
        if out is None:
            click.echo(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        out.write_bytes(documents.xlsx_bytes(lines, year))
    else:
        data, missing = documents.report_pdf(lines, year)
        out.write_bytes(data)
        if missing:
            click.echo(pdf.missing_note(missing), err=True)
