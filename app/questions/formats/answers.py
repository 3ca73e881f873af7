"""Answer and legal-basis text shared by every format: normalising input, writing it back."""
from __future__ import annotations

import re
import unicodedata

from app.questions.formats.model import (
    FALSE_ANSWER,
    FILL,
    MULTIPLE,
    SINGLE,
    TRUE_ANSWER,
    TRUEFALSE,
)

_TRUE_WORDS = {"正确", "对", "t", "true", "√", "✓", "✔"}
_FALSE_WORDS = {"错误", "错", "f", "false", "×", "✗", "✘"}
# NFKC has already turned the full-width ， ； into , ; by the time this applies.
_LETTER_SEPARATORS = re.compile(r"[\s,、;/|]+")
_BLANK_SEPARATOR = re.compile(r"[|｜]")
_ALTERNATIVE_SEPARATOR = re.compile(r"[/／]")
_BASIS = re.compile(
    r"《(?P<law>[^《》]+)》\s*"
    r"(?:[(（]\s*(?P<version>\d{4})\s*(?:年[^)）]*)?[)）])?\s*"
    r"(?P<article>第\S*条\S*)?"
)


def normalize_answer(qtype: str, raw: str) -> str:
    """The canonical answer for a type; text that cannot be read is returned for validate()."""
    text = raw.strip()
    if qtype == SINGLE:
        return unicodedata.normalize("NFKC", text).upper()
    if qtype == MULTIPLE:
        return normalize_letters(text)
    if qtype == TRUEFALSE:
        return normalize_truefalse(text)
    if qtype == FILL:
        return join_fill(split_fill(text)) if text else ""
    return text


def normalize_letters(text: str) -> str:
    """'C，a' or 'ＡＣ' -> 'AC': the letters of a 多选 answer, sorted and once each."""
    letters = _LETTER_SEPARATORS.sub("", unicodedata.normalize("NFKC", text).upper())
    if letters.isascii() and letters.isalpha():
        return "".join(sorted(set(letters)))
    return text


def normalize_truefalse(text: str) -> str:
    """正确 or 错误 for the usual ways of writing true and false; otherwise as given."""
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return TRUE_ANSWER
    if word in _FALSE_WORDS:
        return FALSE_ANSWER
    return text


def split_fill(answer: str) -> list[list[str]]:
    """'七日/7日|十五日' -> [['七日', '7日'], ['十五日']]."""
    return [
        [alternative.strip() for alternative in _ALTERNATIVE_SEPARATOR.split(blank)]
        for blank in _BLANK_SEPARATOR.split(answer)
    ]


def join_fill(blanks: list[list[str]]) -> str:
    """[['七日', '7日'], ['十五日']] -> '七日/7日|十五日'."""
    return "|".join("/".join(alternatives) for alternatives in blanks)


def parse_basis(text: str) -> tuple[str | None, str | None, str | None]:
    """(law, version, article) from '《法》(2021) 第三十六条'; other text is all law."""
    text = text.strip()
    if not text:
        return None, None, None
    match = _BASIS.fullmatch(text)
    if not match:
        return text, None, None
    return match["law"].strip(), match["version"], match["article"]


def format_basis(law: str | None, version: str | None, article: str | None) -> str:
    """The inverse of parse_basis: '《法》(2021) 第三十六条', or the law text alone."""
    if not law:
        return ""
    if not version and not article:
        return law
    text = f"《{law}》"
    if version:
        text += f"({version})"
    return f"{text} {article}" if article else text


def split_list(text: str, separators: str) -> list[str]:
    """The non-empty stripped parts of text split on any of the separator characters."""
    parts = re.split(f"[{re.escape(separators)}]", text)
    return [part.strip() for part in parts if part.strip()]


def snippet(text: str, limit: int = 30) -> str:
    """The start of a stem on one line, to name a question in an error message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"
