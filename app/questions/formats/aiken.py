"""Aiken files: single-choice questions, a stem line, `A)` or `A.` options, `ANSWER: X`.

A question is only complete at its ANSWER line. A stem line that comes after
options without an ANSWER starts a new question and reports the unfinished
one; options before any stem are reported once, as a question without stem.
A stem may run over several lines until the first option.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.questions.formats.answers import normalize_answer, snippet
from app.questions.formats.model import SINGLE, ParsedQuestion, ParseError, ParseResult
from app.questions.formats.validation import ANSWER, OPTIONS, STEM, Problem, problems

_OPTION = re.compile(r"([A-ZＡ-Ｚ])[.)．）]\s*(.*)")
_ANSWER = re.compile(r"ANSWER\s*[:：]\s*(.*)", re.IGNORECASE)


@dataclass
class _Draft:
    """A question being read: where it starts, and what has been seen so far."""

    line: int
    stem: str | None
    options: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


def parse_aiken(text: str, *, category: str | None = None) -> ParseResult:
    """Parse an Aiken file; the category (Aiken cannot carry one) is given to every question."""
    result = ParseResult()
    draft: _Draft | None = None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if line.strip():
            draft = _read_line(result, draft, number, line.strip(), category)
    if draft is not None:
        _report_unfinished(result, draft)
    return result


def _read_line(result: ParseResult, draft: _Draft | None, number: int, line: str,
               category: str | None) -> _Draft | None:
    """Take one non-blank line; return the question still being read, if any."""
    if answer := _ANSWER.fullmatch(line):
        if draft is None:
            result.errors.append(ParseError(number, ANSWER, "ANSWER 行前没有题目"))
        else:
            _finish(result, draft, answer[1], category)
        return None
    if option := _OPTION.fullmatch(line):
        draft = draft or _Draft(number, None)
        _add_option(draft, option[1], option[2])
        return draft
    if draft is not None and draft.options:
        _report_unfinished(result, draft)
        draft = None
    if draft is None:
        return _Draft(number, line)
    draft.stem = f"{draft.stem}\n{line}"
    return draft


def _add_option(draft: _Draft, letter: str, text: str) -> None:
    letter = normalize_answer(SINGLE, letter)
    if letter in draft.options:
        draft.notes.append((OPTIONS + letter, f"选项{letter}重复"))
    draft.options[letter] = text.strip()


def _report_unfinished(result: ParseResult, draft: _Draft) -> None:
    if draft.stem is None:
        _report_no_stem(result, draft)
        return
    message = f"题目没有 ANSWER: 行（{snippet(draft.stem)}）"
    result.errors.append(ParseError(draft.line, ANSWER, message))


def _report_no_stem(result: ParseResult, draft: _Draft) -> None:
    first = next(iter(draft.options.values()), "")
    message = f"选项前没有题干（{snippet(first)}）"
    result.errors.append(ParseError(draft.line, STEM, message))


def _finish(result: ParseResult, draft: _Draft, answer: str, category: str | None) -> None:
    if draft.stem is None:
        _report_no_stem(result, draft)
        return
    question = ParsedQuestion(
        type=SINGLE, stem=draft.stem, options=dict(sorted(draft.options.items())),
        answer=normalize_answer(SINGLE, answer), category=category, source_line=draft.line,
    )
    found = draft.notes + problems(question)
    name = snippet(question.stem)
    result.errors.extend(ParseError(draft.line, column, f"{message}（{name}）")
                         for column, message in found)
    if not found:
        result.questions.append(question)
