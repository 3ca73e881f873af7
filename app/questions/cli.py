"""`flask bank stats`: what the bank's files hold per category, and whether a naive strategy
passes it (app/questions/bank_quality.py)."""
import json
import sys

import click

from app.questions import bank_quality as quality
from app.questions.formats.yaml_bank import parse_yaml_path
from app.specialties.models import DEFAULTS


@click.group("bank")
def bank_group() -> None:
    """The question bank's files (question_bank/)."""


@bank_group.command("stats")
@click.argument("path", default="question_bank", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["md", "json", "text"]), default="text")
def stats_command(path: str, fmt: str) -> None:
    """Counts by type and difficulty per category (md: the README's table), and the naive
    strategies' scores beside chance."""
    parsed = parse_yaml_path(path)
    if parsed.errors:
        for error in parsed.errors:
            click.echo(str(error), err=True)
        sys.exit(1)
    groups = quality.by_category(parsed.questions)
    if fmt == "md":
        click.echo(quality.markdown_table(parsed.questions, dict(DEFAULTS)))
    elif fmt == "json":
        click.echo(json.dumps({code: _summary(qs) for code, qs in groups.items()},
                              ensure_ascii=False, indent=1))
    else:
        for code, qs in groups.items():
            _print_text(code, _summary(qs))


def _summary(questions: list) -> dict:
    return {
        "counts": {label: dict(row) for label, row in quality.counts(questions).items()},
        "strategies": [{"strategy": s.strategy, "questions": s.questions, "correct": s.correct,
                        "share": round(s.share, 3), "chance": round(s.chance, 3),
                        "beats_chance": s.beats_chance} for s in quality.scores(questions)],
        "single_key_shares": {k: round(v, 3) for k, v in quality.key_shares(questions).items()},
        "single_key_strictly_longest": quality.key_strictly_longest(questions),
        "truefalse_true_share": quality.true_share(questions),
        "truefalse_absolute_words": quality.absolute_words_by_answer(questions),
        "multiple_wrong_positions": dict(quality.wrong_option_positions(questions)),
    }


def _print_text(code: str, summary: dict) -> None:
    totals = {label: row.get("合计", 0) for label, row in summary["counts"].items()}
    click.echo(f"{code}: " + "，".join(f"{k} {v}" for k, v in totals.items()))
    for s in summary["strategies"]:
        flag = "  ← 超过随机猜测10个百分点" if s["beats_chance"] else ""
        click.echo(f"  {s['strategy']}: {s['correct']}/{s['questions']} = {s['share']:.0%}"
                   f"（随机 {s['chance']:.0%}）{flag}")
    click.echo(f"  单选答案分布: {summary['single_key_shares']}")
    click.echo(f"  单选答案严格最长的占比: {_share(summary['single_key_strictly_longest'])}")
    click.echo(f"  多选错误项位置与正确项个数: {summary['multiple_wrong_positions']}")
    click.echo(f"  判断“正确”占比: {_share(summary['truefalse_true_share'])}；"
               f"含绝对词的判断题按答案: {summary['truefalse_absolute_words']}")


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
