"""`flask report assessment`: the yearly assessment as JSON, Excel or PDF (INTERFACES.md)."""
import json
from pathlib import Path

import click

from app.assessment import documents, queries
from app.core import clock, pdf
from app.core.actor import CLI
from app.core.scoping import Scope
from app.training.cli import _unit, _unit_name, report_group


@report_group.command("assessment")
@click.option("--year", type=int, help="Calendar year (default: this year).")
@click.option("--unit", "unit_code", help="Unit code: that unit and every unit below it.")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx", "pdf"]), default="json",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def assessment_command(year: int | None, unit_code: str | None, fmt: str,
                       out: Path | None) -> None:
    """Every officer on an enforcement post in YEAR: indicators, proposed and confirmed grade."""
    year = year or clock.today().year
    unit = _unit(unit_code)
    if fmt != "json" and out is None:
        raise click.UsageError(f"{fmt} 格式需要 --out 指定文件")
    scheme, rows = queries.sheet(year, Scope.of(CLI), unit)
    if fmt == "json":
        text = json.dumps([r.as_json(scheme) for r in rows], ensure_ascii=False, indent=1)
        if out is None:
            click.echo(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        out.write_bytes(documents.xlsx_bytes(scheme, rows))
    else:
        data, missing = documents.sheet_pdf(scheme, rows, _unit_name(unit))
        out.write_bytes(data)
        if missing:
            click.echo(pdf.missing_note(missing), err=True)
