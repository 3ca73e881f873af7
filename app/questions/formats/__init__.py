"""Question files to plain records, with no database: GIFT, Aiken, YAML and template rows.

Every parser returns a ParseResult: the questions that passed validate(), one
ParseError per problem (line, column, reason in Chinese), and for GIFT the
questions of unsupported types that were skipped. Nothing here raises on bad
input; the importer refuses a file whose result has errors.
"""
from app.questions.formats.aiken import parse_aiken
from app.questions.formats.answers import format_basis, normalize_answer, parse_basis
from app.questions.formats.gift import parse_gift
from app.questions.formats.model import (
    TYPE_LABELS,
    TYPES,
    ParsedQuestion,
    ParseError,
    ParseResult,
    parse_type,
)
from app.questions.formats.rows import HEADERS, REQUIRED_HEADERS, parse_rows, rows_for_template
from app.questions.formats.validation import problems, validate
from app.questions.formats.yaml_bank import dump_yaml, parse_yaml_path, parse_yaml_text

__all__ = [
    "HEADERS",
    "REQUIRED_HEADERS",
    "TYPES",
    "TYPE_LABELS",
    "ParseError",
    "ParseResult",
    "ParsedQuestion",
    "dump_yaml",
    "format_basis",
    "normalize_answer",
    "parse_aiken",
    "parse_basis",
    "parse_gift",
    "parse_rows",
    "parse_type",
    "parse_yaml_path",
    "parse_yaml_text",
    "problems",
    "rows_for_template",
    "validate",
]
