"""The rules a question meets whatever file it came from, each naming the column to blame.

Columns are the spreadsheet template's headers (题型, 题干, 选项A, 答案, ...); the
YAML reader maps them to its own keys.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from app.questions.formats.answers import split_fill
from app.questions.formats.model import (
    FALSE_ANSWER,
    FILL,
    MULTIPLE,
    OPTION_LETTERS,
    SHORT,
    SINGLE,
    TRUE_ANSWER,
    TRUEFALSE,
    TYPE_LABELS,
    TYPES,
    ParsedQuestion,
)

TYPE, STEM, OPTIONS, ANSWER = "题型", "题干", "选项", "答案"
DIFFICULTY, BASIS, SCORING = "难度", "法律依据", "评分要点"

Problem = tuple[str, str]


def validate(q: ParsedQuestion) -> list[str]:
    """The reasons, in Chinese, why the question cannot go into the bank; empty when valid."""
    return [message for _column, message in problems(q)]


def problems(q: ParsedQuestion) -> list[Problem]:
    """Like validate(), with each reason paired with the column it concerns."""
    found = [] if q.stem.strip() else [(STEM, "题干为空")]
    if q.type not in TYPES:
        return [_type_problem(q.type), *found]
    found += _TYPE_CHECKS[q.type](q)
    return found + _difficulty(q) + _basis(q) + _scoring(q)


def _type_problem(qtype: str) -> Problem:
    if not qtype:
        return TYPE, "缺少题型"
    return TYPE, f"题型无效: {qtype}（应为单选、多选、判断、填空或简答）"


def _label(q: ParsedQuestion) -> str:
    return TYPE_LABELS[q.type] + "题"


def _choice(q: ParsedQuestion) -> list[Problem]:
    answer = _single_answer(q) if q.type == SINGLE else _multiple_answer(q)
    return _options(q) + answer


def _options(q: ParsedQuestion) -> list[Problem]:
    count = len(q.options)
    if not 2 <= count <= len(OPTION_LETTERS):
        return [(OPTIONS, f"{_label(q)}需要2到8个选项，现有{count}个")]
    letters = "".join(sorted(q.options))
    if letters != OPTION_LETTERS[:count]:
        return [(OPTIONS, f"选项字母应从A起连续，现为{letters}")]
    empty = [letter for letter, text in sorted(q.options.items()) if not text.strip()]
    return [(OPTIONS + letter, f"选项{letter}内容为空") for letter in empty]


def _single_answer(q: ParsedQuestion) -> list[Problem]:
    if not q.answer:
        return [(ANSWER, "答案为空")]
    if len(q.answer) != 1 or not ("A" <= q.answer <= "Z"):
        return [(ANSWER, f"单选题答案应为一个选项字母，如 B（现为 {q.answer}）")]
    if q.answer not in q.options:
        return [(ANSWER, f"答案{q.answer}不在选项中")]
    return []


def _multiple_answer(q: ParsedQuestion) -> list[Problem]:
    answer = q.answer
    if not answer:
        return [(ANSWER, "答案为空")]
    if not re.fullmatch("[A-Z]+", answer) or answer != "".join(sorted(set(answer))):
        return [(ANSWER, f"多选题答案应为按顺序排列的选项字母，如 ACD（现为 {answer}）")]
    if len(answer) < 2:
        return [(ANSWER, "多选题至少要有两个正确选项")]
    missing = "".join(letter for letter in answer if letter not in q.options)
    return [(ANSWER, f"答案中的{missing}不在选项中")] if missing else []


def _no_options(q: ParsedQuestion) -> list[Problem]:
    return [(OPTIONS, f"{_label(q)}不应有选项")] if q.options else []


def _truefalse(q: ParsedQuestion) -> list[Problem]:
    if not q.answer:
        return [*_no_options(q), (ANSWER, "答案为空")]
    if q.answer not in (TRUE_ANSWER, FALSE_ANSWER):
        return [*_no_options(q), (ANSWER, f"判断题答案应为正确或错误（现为 {q.answer}）")]
    return _no_options(q)


def _fill(q: ParsedQuestion) -> list[Problem]:
    if not q.answer.strip():
        return [*_no_options(q), (ANSWER, "答案为空")]
    holes = [n for n, blank in enumerate(split_fill(q.answer), 1) if not all(blank)]
    found = [(ANSWER, f"填空题第{n}空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）")
             for n in holes]
    return _no_options(q) + found


def _short(q: ParsedQuestion) -> list[Problem]:
    found = _no_options(q)
    return found + ([] if q.answer.strip() else [(ANSWER, "简答题需要参考答案")])


def _difficulty(q: ParsedQuestion) -> list[Problem]:
    if q.difficulty is None or 1 <= q.difficulty <= 5:
        return []
    return [(DIFFICULTY, f"难度应为1到5的整数（现为 {q.difficulty}）")]


def _basis(q: ParsedQuestion) -> list[Problem]:
    found = []
    if (q.basis_version or q.basis_article) and not q.basis_law:
        found.append((BASIS, "有版本或条款但缺少法律名称"))
    if q.basis_version and not re.fullmatch(r"\d{4}", q.basis_version):
        found.append((BASIS, f"法律版本应为四位年份，如 2021（现为 {q.basis_version}）"))
    return found


def _scoring(q: ParsedQuestion) -> list[Problem]:
    if q.scoring_points and q.type != SHORT:
        return [(SCORING, "只有简答题可以有评分要点")]
    return []


_TYPE_CHECKS: dict[str, Callable[[ParsedQuestion], list[Problem]]] = {
    SINGLE: _choice,
    MULTIPLE: _choice,
    TRUEFALSE: _truefalse,
    FILL: _fill,
    SHORT: _short,
}
