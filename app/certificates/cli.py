"""`flask certificates clearance`: the clearance list of INTERFACES.md."""
import sys
from pathlib import Path

import click
from sqlalchemy import select

from app.certificates import documents, queries
from app.core.scoping import Scope
from app.extensions import db
from app.org.models import Unit


@click.group("certificates")
def certificates_group() -> None:
    """Enforcement certificates."""


@certificates_group.command("clearance")
@click.option("--unit", "unit_code", help="Only this unit and the units below it (单位编码).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx", "pdf"]),
              default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def clearance_command(unit_code: str | None, fmt: str, out: Path | None) -> None:
    """Live (有效/暂扣) certificates whose holder is no longer on an enforcement post."""
    unit = None
    if unit_code:
        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            click.echo(f"单位编码 {unit_code} 不存在", err=True)
            sys.exit(1)
    rows = queries.clearance_rows(Scope(everything=True), unit)
    if fmt in ("xlsx", "pdf") and out is None:
        raise click.UsageError(f"{fmt} 格式需要 --out 指定文件")
    if fmt == "xlsx":
        out.write_bytes(documents.as_xlsx(rows))
    elif fmt == "pdf":
        data, missing = documents.as_pdf(rows, unit.name if unit else "全部单位")
        out.write_bytes(data)
        if missing:
            click.echo("字体缺少以下字符: " + "".join(sorted(missing)), err=True)
    else:
        text = documents.as_json(rows) if fmt == "json" else documents.as_csv(rows)
        _write(text, out, "utf-8-sig" if fmt == "csv" else "utf-8")
    click.echo(f"共 {len(rows)} 张执法证待清理", err=True)


def _write(text: str, out: Path | None, encoding: str) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding=encoding)
