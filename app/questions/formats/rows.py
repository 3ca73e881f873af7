"""The Excel/CSV template: rows already read as (row number, {header: cell}) to questions and back."""
from __future__ import annotations

from collections.abc import Iterable

from app.core.imports import MERGED_CELL, CellError
from app.core.imports import cell_text as shown_text
from app.core.tables import MERGED
from app.questions.formats.answers import format_basis, normalize_answer, parse_basis, split_list
from app.questions.formats.model import (
    OPTION_LETTERS,
    TYPE_LABELS,
    ParsedQuestion,
    ParseError,
    ParseResult,
    parse_type,
)
from app.questions.formats.validation import problems

OPTION_HEADERS = tuple(f"选项{letter}" for letter in OPTION_LETTERS)
HEADERS = ("题型", "题干", *OPTION_HEADERS, "答案", "专业类别", "难度", "法律依据", "解析",
           "知识点", "评分要点")
REQUIRED_HEADERS = ("题型", "题干", "答案", "专业类别")
# The optional columns and the fields they fill.
OPTIONAL_FIELDS = {"难度": "difficulty", "法律依据": "basis", "解析": "explanation",
                   "知识点": "tags", "评分要点": "scoring_points"}
TAG_SEPARATORS = ",，、"
SCORING_SEPARATORS = "\n"  # one point per line: a point may itself hold ；


def parse_rows(rows: Iterable[tuple[int, dict[str, object]]]) -> ParseResult:
    """Questions from template rows; rows with every cell empty are passed over."""
    result = ParseResult()
    for number, row in rows:
        cells, errors = {}, []
        for header, value in row.items():
            try:
                cells[str(header).strip()] = cell_text(value)
            except CellError as exc:
                errors.append(ParseError(number, str(header).strip(), str(exc)))
        if errors:
            result.errors.extend(errors)
        elif any(cells.values()):
            _read_row(result, number, cells)
    return result


def cell_text(value: object) -> str:
    """A cell as the user sees it (3% stays 3%, app.core.imports.cell_text): '' for empty,
    TRUE/FALSE for booleans, and '=x (a formula neutralised by our export) back to =x."""
    if value is None:
        return ""
    if value is MERGED:
        raise CellError(MERGED_CELL)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = shown_text(value).replace("\r\n", "\n").strip()
    # Our exports put ' before text Excel would take for a formula (app.core.tables.neutralise).
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def _read_row(result: ParseResult, number: int, cells: dict[str, str]) -> None:
    errors = []
    if not cells.get("专业类别"):
        errors.append(ParseError(number, "专业类别", "专业类别为必填项"))
    difficulty, problem = _difficulty(cells.get("难度", ""))
    if problem:
        errors.append(ParseError(number, "难度", problem))
    question = _question(number, cells, difficulty)
    errors += [ParseError(number, column, message) for column, message in problems(question)]
    result.errors.extend(errors)
    if not errors:
        result.questions.append(question)


def _difficulty(text: str) -> tuple[int | None, str | None]:
    """(difficulty, None), or (None, the reason) when the cell is not a whole number."""
    if not text:
        return None, None
    if not text.isdigit():
        return None, f"难度应为1到5的整数（现为 {text}）"
    return int(text), None


def _question(number: int, cells: dict[str, str], difficulty: int | None) -> ParsedQuestion:
    qtype = parse_type(cells.get("题型", "")) or cells.get("题型", "")
    law, version, article = parse_basis(cells.get("法律依据", ""))
    options = {header[-1]: cells[header] for header in OPTION_HEADERS if cells.get(header)}
    return ParsedQuestion(
        type=qtype, stem=cells.get("题干", ""), options=options,
        answer=normalize_answer(qtype, cells.get("答案", "")),
        category=cells.get("专业类别") or None, difficulty=difficulty,
        basis_law=law, basis_version=version, basis_article=article,
        explanation=cells.get("解析") or None,
        tags=split_list(cells.get("知识点", ""), TAG_SEPARATORS),
        scoring_points=split_list(cells.get("评分要点", ""), SCORING_SEPARATORS),
        source_line=number,
        blank=frozenset(f for h, f in OPTIONAL_FIELDS.items() if not cells.get(h)),
    )


def rows_for_template(questions: Iterable[ParsedQuestion]) -> list[dict[str, object]]:
    """One {header: value} per question, in HEADERS order; parse_rows reads back equal ones."""
    return [_row(q) for q in questions]


def _row(q: ParsedQuestion) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(HEADERS, "")
    row.update({f"选项{letter}": text for letter, text in q.options.items()})
    row.update({
        "题型": TYPE_LABELS.get(q.type, q.type), "题干": q.stem, "答案": q.answer,
        "专业类别": q.category or "", "难度": "" if q.difficulty is None else q.difficulty,
        "法律依据": format_basis(q.basis_law, q.basis_version, q.basis_article),
        "解析": q.explanation or "", "知识点": "、".join(q.tags),
        "评分要点": "\n".join(q.scoring_points),
    })
    return row
