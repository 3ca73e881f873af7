"""Moodle GIFT files: the question types the bank has, and a named list of the rest.

Questions are separated by blank lines; `//` lines are comments. Mapping:

- `{=right ~wrong}` with exactly one fully correct choice -> 单选 (partial
  credits `~%50%` of other choices are dropped: the bank has no partial credit);
- choices without `=` but with several positive weights (`~%50%a ~%50%b`) -> 多选,
  the answer being the positively weighted choices;
- `{T}` `{TRUE}` `{F}` `{FALSE}` -> 判断;
- only `=` answers (`{=a =b}`) -> 填空 with one blank whose alternatives are the
  fully correct answers (weighted ones such as `=%75%` are dropped);
- text after the braces (missing word) puts `____` where the braces were.

Feedback after `#` is dropped; general feedback after `####` becomes the
explanation. Text in Moodle's `[html]` or `[markdown]` format (the question's
marker applies to its answers and feedback unless they carry their own) is
stored as plain text (formats/markup.py), before any answer is compared. A `$CATEGORY:` line gives the category (its last path segment)
of the questions after it, unless the caller passes one. Matching, numerical,
essay and description questions are unsupported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.questions.formats.answers import snippet
from app.questions.formats.markup import to_plain
from app.questions.formats.model import (
    FALSE_ANSWER,
    FILL,
    MULTIPLE,
    SINGLE,
    TRUE_ANSWER,
    TRUEFALSE,
    ParsedQuestion,
    ParseError,
    ParseResult,
)
from app.questions.formats.validation import ANSWER, STEM, problems

MATCHING, NUMERICAL, ESSAY, DESCRIPTION = "匹配题", "数值题", "论述题", "描述文本（没有答案）"

# Escaped characters are swapped for private-use characters while the text is
# cut up, so that `\~` or `\{` are never taken for markup, then swapped back.
_ESCAPABLE = "\\~=#{}:"
_HIDDEN = {char: chr(0xE000 + n) for n, char in enumerate(_ESCAPABLE)}
_SHOWN = {ord(hidden): char for char, hidden in _HIDDEN.items()}
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUEFALSE = {"T": TRUE_ANSWER, "TRUE": TRUE_ANSWER, "F": FALSE_ANSWER, "FALSE": FALSE_ANSWER}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Unsupported(Exception):
    """A question of a type the bank lacks; the argument names the type."""


class _Invalid(Exception):
    """A question that cannot be read; args are (column, message)."""


@dataclass
class _Block:
    line: int
    text: str
    category: str | None


def parse_gift(text: str, *, category: str | None = None,
               skip_unsupported: bool = False) -> ParseResult:
    """Parse a GIFT file; `category` overrides any `$CATEGORY:` line."""
    result = ParseResult()
    for block in _blocks(text.lstrip("\ufeff")):
        _read_block(result, block, category or block.category, skip_unsupported)
    return result


def _read_block(result: ParseResult, block: _Block, category: str | None,
                skip_unsupported: bool) -> None:
    try:
        question = _question(block, category)
    except _Unsupported as exc:
        reason = f"题型不支持: {exc.args[0]}（{_name_of(block)}）"
        if skip_unsupported:
            result.skipped.append((block.line, reason))
        else:
            result.errors.append(ParseError(block.line, "题型", reason))
    except _Invalid as exc:
        column, message = exc.args
        result.errors.append(ParseError(block.line, column, f"{message}（{_name_of(block)}）"))
    else:
        _add_checked(result, question)


def _add_checked(result: ParseResult, question: ParsedQuestion) -> None:
    found = problems(question)
    name = snippet(question.stem)
    result.errors.extend(ParseError(question.source_line, column, f"{message}（{name}）")
                         for column, message in found)
    if not found:
        result.questions.append(question)


def _name_of(block: _Block) -> str:
    """The question's title, or the start of its text, to name it in a message."""
    try:
        name, text = _split_name(_hide(block.text))
    except _Invalid:
        name, text = None, _hide(block.text)
    return name or snippet(_show(text.split("{")[0]))


def _blocks(text: str) -> list[_Block]:
    """The text of each question with the line it starts on; comments left out."""
    blocks: list[_Block] = []
    lines: list[str] = []
    start, category = 0, None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if stripped and not stripped.startswith("$CATEGORY:"):
            start = start if lines else number
            lines.append(line)
            continue
        if lines:
            blocks.append(_Block(start, "\n".join(lines), category))
            lines = []
        if stripped:
            category = _category_name(stripped)
    if lines:
        blocks.append(_Block(start, "\n".join(lines), category))
    return blocks


def _category_name(line: str) -> str | None:
    """'$CATEGORY: $course$/top/食品安全' -> '食品安全'."""
    return line.removeprefix("$CATEGORY:").split("/")[-1].strip() or None


def _question(block: _Block, category: str | None) -> ParsedQuestion:
    name, text = _split_name(_hide(block.text))
    fmt, text = _format(text, "moodle")
    start, end = _braces(text)
    body, _, general = text[start + 1:end].partition("####")
    qtype, options, answer = _answers(body.strip(), fmt)
    return ParsedQuestion(
        type=qtype, stem=_stem(text, start, end, fmt), options=options, answer=answer,
        category=category, explanation=_plain(general, fmt) or None, name=name,
        source_line=block.line,
    )


def _format(text: str, default: str) -> tuple[str, str]:
    """(format, text without its marker): `[html]...` -> ('html', '...')."""
    match = _FORMAT.match(text)
    return (match[1], text[match.end():]) if match else (default, text)


def _plain(hidden: str, fmt: str) -> str:
    """Hidden text (escapes swapped out) with its own marker or `fmt`, as plain text."""
    fmt, hidden = _format(hidden, fmt)
    return to_plain(_show(hidden), fmt)


def _hide(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m[1] == "n" else _HIDDEN[m[1]], text)


def _show(text: str) -> str:
    return text.translate(_SHOWN)


def _split_name(text: str) -> tuple[str | None, str]:
    """('title', rest) for '::title::rest'; (None, text) when there is no title."""
    stripped = text.lstrip()
    if not stripped.startswith("::"):
        return None, text
    end = stripped.find("::", 2)
    if end < 0:
        raise _Invalid(STEM, "题目名称缺少结尾的 ::")
    return _show(stripped[2:end]).strip() or None, stripped[end + 2:]


def _braces(text: str) -> tuple[int, int]:
    start = text.find("{")
    end = text.find("}", start + 1)
    if start < 0 and "}" not in text:
        raise _Unsupported(DESCRIPTION)
    if start < 0 or end < 0:
        raise _Invalid(ANSWER, "花括号不配对")
    return start, end


def _stem(text: str, start: int, end: int, fmt: str) -> str:
    after = text[end + 1:]
    blank = "____" if _plain(after, fmt) else ""
    return _plain(text[:start] + blank + after, fmt)


def _answers(body: str, fmt: str) -> tuple[str, dict[str, str], str]:
    """(type, options, answer) for the text between the braces, in Moodle's order of tests."""
    if not body:
        raise _Unsupported(ESSAY)
    if body.startswith("#"):
        raise _Unsupported(NUMERICAL)
    if "~" in body:
        return _choice(_weighted(body, fmt))
    if "=" in body and "->" in body:
        raise _Unsupported(MATCHING)
    word = body.split("#", 1)[0].strip().upper()
    if word in _TRUEFALSE:
        return TRUEFALSE, {}, _TRUEFALSE[word]
    return _fill(_weighted(body, fmt))


def _weighted(body: str, fmt: str) -> list[tuple[float, str]]:
    """[(weight in percent, text)] for '~a =b ~%50%c'; `=` is 100 and `~` 0 unless weighted."""
    items = []
    for part in re.split(r"(?=[~=])", body):
        part = part.strip()
        if not part:
            continue
        if part[0] not in "~=":
            raise _Invalid(ANSWER, f"无法识别的答案: {snippet(_show(part))}")
        weight, text = (100.0 if part[0] == "=" else 0.0), part[1:].strip()
        if match := _WEIGHT.match(text):
            weight, text = float(match[1]), text[match.end():]
        items.append((weight, _plain(text.split("#", 1)[0], fmt)))
    return items


def _choice(items: list[tuple[float, str]]) -> tuple[str, dict[str, str], str]:
    options = {letter: text for letter, (_, text) in zip(_LETTERS, items, strict=False)}
    full = [letter for letter, (weight, _) in zip(_LETTERS, items, strict=False) if weight >= 100]
    positive = [letter for letter, (weight, _) in zip(_LETTERS, items, strict=False) if weight > 0]
    if len(full) == 1:
        return SINGLE, options, full[0]
    if full:
        raise _Invalid(ANSWER, "有多个完全正确的选项，无法判断是单选还是多选")
    if len(positive) >= 2:
        return MULTIPLE, options, "".join(positive)
    raise _Invalid(ANSWER, "没有完全正确的选项")


def _fill(items: list[tuple[float, str]]) -> tuple[str, dict[str, str], str]:
    alternatives = [text for weight, text in items if weight >= 100]
    if not alternatives:
        raise _Invalid(ANSWER, "没有完全正确的答案")
    if any("/" in text or "|" in text for text in alternatives):
        raise _Invalid(ANSWER, "填空答案不能包含 / 或 |（它们用来分隔备选答案和空）")
    return FILL, {}, "/".join(alternatives)
