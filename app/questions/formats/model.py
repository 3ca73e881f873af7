"""The plain records every question format parses into, and the question types."""
from __future__ import annotations

from dataclasses import dataclass, field

SINGLE, MULTIPLE, TRUEFALSE, FILL, SHORT = "single", "multiple", "truefalse", "fill", "short"
TYPES = (SINGLE, MULTIPLE, TRUEFALSE, FILL, SHORT)
CHOICE_TYPES = (SINGLE, MULTIPLE)
TYPE_LABELS = {SINGLE: "单选", MULTIPLE: "多选", TRUEFALSE: "判断", FILL: "填空", SHORT: "简答"}
OPTION_LETTERS = "ABCDEFGH"
TRUE_ANSWER, FALSE_ANSWER = "正确", "错误"

_TYPE_NAMES = {
    **{code: code for code in TYPES},
    **{label: code for code, label in TYPE_LABELS.items()},
    **{label + "题": code for code, label in TYPE_LABELS.items()},
    "单项选择": SINGLE, "单项选择题": SINGLE, "多项选择": MULTIPLE, "多项选择题": MULTIPLE,
}


def parse_type(text: str) -> str | None:
    """The type code for '单选', '单选题', 'single' and the like; None when unknown."""
    return _TYPE_NAMES.get(text.strip().lower())


@dataclass
class ParsedQuestion:
    """One question as read from a file, before it meets the database."""

    type: str
    stem: str
    options: dict[str, str] = field(default_factory=dict)
    answer: str = ""
    category: str | None = None
    difficulty: int | None = None
    basis_law: str | None = None
    basis_version: str | None = None
    basis_article: str | None = None
    explanation: str | None = None
    tags: list[str] = field(default_factory=list)
    scoring_points: list[str] = field(default_factory=list)
    name: str | None = None
    # Where the question came from is not part of what it is: the same question
    # exported to YAML and read back from a spreadsheet compares equal.
    source_line: int = field(default=0, compare=False)
    source: str = field(default="", compare=False)
    # Optional fields the row left blank: on update they keep the stored value.
    blank: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass
class ParseError:
    """One problem, printed by the importer as `第{line}行: {column}: {message}`."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行: {self.column}: {self.message}"


@dataclass
class ParseResult:
    """What a parser found: the valid questions, the problems, and what it skipped."""

    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def merge(self, other: ParseResult) -> None:
        """Add another file's findings to this one (a folder is read as one import)."""
        self.questions.extend(other.questions)
        self.errors.extend(other.errors)
        self.skipped.extend(other.skipped)
