"""`flask laws list|check|stems|link`: thin wrappers over app.laws.checks and citations."""
import json
import sys
from datetime import date

import click

from app.core.clock import today
from app.extensions import db
from app.laws import checks, citations


@click.group("laws")
def laws_group() -> None:
    """The law library (load texts with `flask import laws PATH`)."""


def _day(value: str | None) -> date:
    if not value:
        return today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("日期应写作 YYYY-MM-DD", param_hint="--on") from None


@laws_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
def list_command(fmt: str) -> None:
    """Every law version with its dates, whether in force today and how many questions cite it."""
    rows = checks.listing(today())
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        state = "现行" if r["in_force_today"] else "非现行"
        click.echo(f"{r['law']}\t{r['version']}\t施行 {r['effective']}\t{state}\t"
                   f"{r['articles']} 条\t引用题目 {r['questions_citing']}")


@laws_group.command("check")
@click.option("--on", "on", help="The day to check (YYYY-MM-DD), today by default.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
def check_command(on: str | None, fmt: str) -> None:
    """Questions whose citation does not resolve or is not in force on the day (exit 1);
    stems that write an article number are listed as warnings."""
    day = _day(on)
    rows, warnings = checks.problems(day), checks.stems_with_numbers()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            click.echo(f"题目 {r['question_id']}: 《{r['law']}》({r['version']}) "
                       f"{r['article']}: {r['problem']}")
        click.echo(f"{day.isoformat()}: {len(rows)} 道题目的法律依据有问题")
    for w in warnings:
        click.echo(f"警告: 题目 {w['question_id']} 的题干写有条号 "
                   f"{'、'.join(w['numbers'])}: {w['stem'][:40]}", err=True)
    if rows:
        sys.exit(1)


@laws_group.command("link")
def link_command() -> None:
    """Resolve every question's citation into a reference to the library."""
    changed = citations.link_all()
    db.session.commit()
    click.echo(f"已更新 {changed} 个题目版本的法条引用")
