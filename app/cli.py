"""`flask import`, `flask export`, `flask demo-data`, `flask worker`: thin wrappers over services."""
import json
import sys
from pathlib import Path

import click
from flask import Flask

from app.auth.id_access import Disclosure
from app.core.actor import CLI
from app.core.scoping import Scope
from app.core.tables import write_csv, write_xlsx
from app.extensions import db
from app.importing import KINDS, import_file


def register(app: Flask) -> None:
    from app.jobs.queue import init_app
    from app.ops.cli import (
        backup_command,
        copy_database_command,
        restore_command,
        rotate_id_key_command,
    )

    init_app(app)
    for command in (backup_command, restore_command, copy_database_command,
                    rotate_id_key_command):
        app.cli.add_command(command)
    for command in (import_command, export_command, demo_data_command, worker_command,
                    scheduler_command, jobs_group):
        app.cli.add_command(command)
    from app.talentpool.cli import draw_command
    app.cli.add_command(draw_command)
    from app.certificates.cli import certificates_group
    app.cli.add_command(certificates_group)
    from app.annual.cli import annual_command  # noqa: F401  (joins the group)
    from app.assessment.cli import assessment_command  # noqa: F401  (joins the group)
    from app.training.cli import report_group
    app.cli.add_command(report_group)
    from app.laws.cli import laws_group
    app.cli.add_command(laws_group)
    from app.questions.cli import bank_group
    app.cli.add_command(bank_group)


@click.command("import")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and count, write nothing.")
@click.option("--category", help="questions: the category of GIFT/Aiken questions (code or name).")
@click.option("--skip-unsupported", is_flag=True,
              help="questions: import the rest of a file with question types the bank lacks.")
@click.option("--format", "fmt", type=click.Choice(["gift", "aiken"]),
              help="questions: the format of a .txt file (guessed when absent).")
def import_command(kind: str, file: Path, dry_run: bool, category: str | None,
                   skip_unsupported: bool, fmt: str | None) -> None:
    """Import KIND from FILE (.xlsx or .csv; questions also YAML, a YAML folder, GIFT, Aiken)."""
    options = {k: v for k, v in (("category", category), ("skip_unsupported", skip_unsupported),
                                 ("format", fmt)) if v}
    if options and KINDS[kind].run is None:
        raise click.UsageError("--category、--skip-unsupported、--format 只用于 questions")
    with click.progressbar(length=100, label="导入进度", file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.update(int(100 * done / max(total, 1)) - bar.pos)
        report = import_file(kind, file, CLI, dry_run=dry_run, progress=progress,
                             options=options)
    for line in report.notes() if hasattr(report, "notes") else []:
        click.echo(line)
    if not report.ok:
        for error in report.errors:
            click.echo(str(error))
        click.echo(f"共 {len(report.errors)} 处错误，未写入任何数据", err=True)
        sys.exit(1)
    click.echo(report.summary())


@click.command("export")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx", "yaml"]),
              default="csv")
@click.option("--out", type=click.Path(path_type=Path),
              help="File (or, for yaml, a folder: one file per category).")
def export_command(kind: str, fmt: str, out: Path | None) -> None:
    """Export KIND in the import's own headers (questions also as question_bank YAML)."""
    if fmt == "yaml":
        if KINDS[kind].yaml is None:
            raise click.UsageError("yaml 格式只用于 questions")
        text = KINDS[kind].yaml(out)
        if text is not None:
            click.echo(text, nl=False)
        return
    headers = list(KINDS[kind].headers)
    disclosure = Disclosure(CLI, f"flask export {kind}")
    rows = disclosure.rows(headers, KINDS[kind].rows(Scope(everything=True)))
    if fmt == "xlsx" and out is None:
        raise click.UsageError("xlsx 格式需要 --out 指定文件")
    if fmt == "xlsx":
        out.write_bytes(write_xlsx(headers, rows, title=kind))
    else:
        text = _json(headers, rows) if fmt == "json" else write_csv(headers, rows)
    _audit(disclosure)
    if fmt == "xlsx":
        return
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")


def _audit(disclosure: Disclosure) -> None:
    disclosure.record()
    db.session.commit()


def _json(headers: list[str], rows) -> str:
    def plain(value):
        return value.isoformat() if hasattr(value, "isoformat") else value
    items = [{h: plain(v) for h, v in zip(headers, row, strict=True)} for row in rows]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


@click.command("demo-data")
@click.option("--officers", default=600, show_default=True, help="How many officers.")
@click.option("--seed", default=2026, show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has units.")
def demo_data_command(officers: int, seed: int, if_empty: bool) -> None:
    """Build a synthetic province of Jiangxi with the demo accounts."""
    from app.demo import accounts_line, build, has_data

    if if_empty and has_data():
        click.echo("数据库已有数据，跳过演示数据")
    else:
        click.echo(build(officers=officers, seed=seed))
    click.echo(accounts_line())     # `make run` prints it through this, once


@click.command("worker")
@click.option("--workers", default=2, show_default=True)
def worker_command(workers: int) -> None:
    """Run the task-queue consumer (imports, exports, PDF batches)."""
    from app.jobs.queue import huey

    huey.create_consumer(workers=workers, worker_type="thread").run()


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the scheduled jobs; a second scheduler on the same database waits."""
    from flask import current_app

    from app.ops.scheduler import serve
    from app.scheduling import JOBS

    click.echo(f"定时任务 {len(JOBS)} 项: " + ", ".join(j.id for j in JOBS))
    serve(current_app._get_current_object())
    sys.exit("调度进程已失去锁，退出以便重启")


@click.group("jobs")
def jobs_group() -> None:
    """Scheduled jobs: list them, run one now."""


@jobs_group.command("list")
def jobs_list() -> None:
    from app.scheduling import JOBS

    for job in JOBS:
        click.echo(f"{job.id}\t{job.func}\t{job.trigger}")


@jobs_group.command("run")
@click.argument("job_id")
def jobs_run(job_id: str) -> None:
    """Run one scheduled job now."""
    from app.scheduling import job_by_id, run_job

    try:
        job = job_by_id(job_id)
    except KeyError:
        raise click.UsageError(f"没有定时任务 {job_id}") from None
    run_job(job)
    click.echo(f"已运行 {job_id}")
