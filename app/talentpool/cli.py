"""`flask draw` (make a draw) and `flask draw verify DRAW_ID` (replay one): thin wrappers."""
import json
import sys

import click
from sqlalchemy import select

from app.core.actor import CLI
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.specialties.models import find
from app.talentpool import draws
from app.talentpool.models import ROLES, Draw


@click.group("draw", invoke_without_command=True)
@click.option("--specialty", help="专业类别编码或名称")
@click.option("--size", type=int, help="检查组人数（不含专家）")
@click.option("--inspected-unit", "inspected_code", help="被检查单位编码")
@click.option("--seed", type=int, help="随机种子（不填则随机生成并记录）")
@click.option("--experts", type=int, default=0, show_default=True, help="另加专家人数")
@click.option("--avoid-city", is_flag=True, help="同时回避被检查单位所在设区市")
@click.option("--cooloff-days", type=int, default=0, show_default=True,
              help="最近多少天内被抽中的人员不参加本次抽取")
@click.option("--purpose", default="交叉执法检查", show_default=True)
@click.option("--dry-run", is_flag=True, help="只计算，不记录")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def draw_command(ctx, specialty, size, inspected_code, seed, experts, avoid_city,
                 cooloff_days, purpose, dry_run, fmt):
    """Draw an inspection team from the talent pool (or `draw verify DRAW_ID`)."""
    if ctx.invoked_subcommand is not None:
        return
    missing = [name for name, value in (("--specialty", specialty), ("--size", size),
                                        ("--inspected-unit", inspected_code)) if value is None]
    if missing:
        raise click.UsageError("缺少选项: " + ", ".join(missing))
    spec = find(specialty)
    unit = db.session.scalar(select(Unit).where(Unit.code == inspected_code))
    if spec is None or unit is None:
        _fail(f"专业类别 {specialty} 不存在" if spec is None else f"单位 {inspected_code} 不存在")
    data = draws.TaskData(purpose, unit, avoid_city=avoid_city, cooloff_days=cooloff_days)
    try:
        result = _dry_run(spec, data, size, experts, seed) if dry_run else \
            _record(spec, data, size, experts, seed)
    except draws.DrawError as exc:
        db.session.rollback()
        _fail(str(exc), exc.eligible_count, fmt)
    _print(result, fmt)


def _record(spec, data, size, experts, seed) -> dict:
    task = draws.create_task(CLI, data)
    record = draws.draw(CLI, task, spec, size, experts, seed)
    db.session.commit()
    team = [(m.officer, m.role) for m in record.team]
    return _result(record.id, record.first_round.seed, spec, data.inspected_unit,
                   record.first_round.eligible_count, team)


def _dry_run(spec, data, size, experts, seed) -> dict:
    outcome = draws.compute(draws.terms_for(CLI, spec, data), size, experts, seed)
    officers = {o.id: o for o in db.session.scalars(
        select(Officer).where(Officer.id.in_(outcome.picked)))}
    team = [(officers[officer_id], role) for officer_id, role in outcome.roles()]
    db.session.rollback()
    return _result(None, outcome.seed, spec, data.inspected_unit, outcome.candidates.count, team)


def _result(draw_id, seed, spec, unit, eligible_count, team) -> dict:
    return {"draw_id": draw_id, "seed": seed, "specialty": spec.code,
            "specialty_name": spec.name, "inspected_unit": unit.code,
            "eligible_count": eligible_count,
            "members": [{"id_number_masked": o.id_number_masked, "name": o.name,
                         "unit_code": o.unit.code, "role": role} for o, role in team]}


def _print(result: dict, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    head = "试抽（未记录）" if result["draw_id"] is None else f"抽取记录 #{result['draw_id']}"
    click.echo(f"{head}  专业: {result['specialty_name']}  被检查单位: {result['inspected_unit']}"
               f"  种子: {result['seed']}  符合条件: {result['eligible_count']} 人")
    for i, m in enumerate(result["members"], start=1):
        click.echo(f"{i:>3}. {ROLES[m['role']]}  {m['name']}  {m['id_number_masked']}  "
                   f"{m['unit_code']}")
    if "verified" in result:
        click.echo("复核一致：重放结果与记录相同" if result["verified"] else "复核不一致！")


def _fail(message: str, eligible_count: int | None = None, fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(json.dumps({"error": message, "eligible_count": eligible_count},
                              ensure_ascii=False))
    else:
        click.echo(message, err=True)
    sys.exit(1)


@draw_command.command("verify")
@click.argument("draw_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def verify_command(draw_id: int, fmt: str) -> None:
    """Replay a recorded draw from its seed and candidate list."""
    record = db.session.get(Draw, draw_id)
    if record is None:
        _fail(f"抽取记录 {draw_id} 不存在", fmt=fmt)
    checks = draws.verify(record)
    first = checks[0]
    officers = {o.id: o for o in db.session.scalars(
        select(Officer).where(Officer.id.in_(first.replayed)))}
    roles = [m.role for m in record.members if m.round_number == 0]
    team = [(officers[i], roles[n]) for n, i in enumerate(first.replayed) if i in officers]
    result = _result(record.id, first.seed, record.specialty, record.task.inspected_unit,
                     record.first_round.eligible_count, team)
    result["verified"] = all(c.ok for c in checks)
    result["rounds"] = [{"round": c.number, "seed": c.seed, "ok": c.ok,
                         "fingerprint": c.fingerprint} for c in checks]
    _print(result, fmt)
    if not result["verified"]:
        sys.exit(2)
