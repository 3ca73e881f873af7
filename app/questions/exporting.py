"""`flask export questions --format yaml`: the bank as question_bank/ YAML files."""
from itertools import groupby
from pathlib import Path

from app.questions.formats import dump_yaml
from app.questions.importer import export_questions


def write_yaml(out: Path | None) -> str | None:
    """All questions as one YAML text (out is None or a .yaml/.yml file), or one file per
    category (out is a folder, or any other name); returns the text for stdout."""
    if out is None:
        return dump_yaml(list(export_questions(category_as="code")))
    if out.is_dir() or out.suffix.lower() not in (".yaml", ".yml"):
        write_folder(out)
        return None
    out.write_text(dump_yaml(list(export_questions(category_as="code"))), encoding="utf-8")
    return None


def write_folder(folder: Path) -> list[Path]:
    """`<folder>/<category code>.yaml` for each category that has questions."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    questions = sorted(export_questions(category_as="code"), key=lambda q: q.category)
    for code, group in groupby(questions, key=lambda q: q.category):
        path = folder / f"{code}.yaml"
        path.write_text(dump_yaml(list(group)), encoding="utf-8")
        written.append(path)
    return written
