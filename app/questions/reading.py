"""From a path and the user's options to parsed questions: picks the format, reads, parses.

Formats: the Excel/CSV template (`rows`), the YAML of question_bank/ (a file or
a folder), Moodle GIFT and Aiken (`.txt` files are told apart by their look
unless the caller names the format). Nothing here touches the database.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.core.tables import TableError, decode_csv, header_of, read_rows
from app.questions.formats import (
    HEADERS,
    REQUIRED_HEADERS,
    ParseError,
    ParseResult,
    parse_aiken,
    parse_gift,
    parse_rows,
    parse_yaml_path,
)
from app.questions.formats.rows import OPTIONAL_FIELDS

FORMATS = {"rows": "Excel/CSV", "yaml": "YAML", "gift": "GIFT", "aiken": "Aiken"}
SUFFIXES = (".xlsx", ".csv", ".yaml", ".yml", ".txt", ".gift")
# What each format can say; a field it cannot say keeps its stored value on update.
ALL_FIELDS = frozenset({"difficulty", "basis", "explanation", "tags", "scoring_points", "name"})
CARRIES = {"yaml": ALL_FIELDS, "gift": frozenset({"explanation", "name"}),
           "aiken": frozenset()}
ROW_FIELDS = OPTIONAL_FIELDS
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*[:：]", re.IGNORECASE | re.MULTILINE)
_GIFT_ANSWERS = re.compile(r"(?<!\\)\{\s*(?:[=~#]|(?:T|F|TRUE|FALSE)\s*[}#])", re.IGNORECASE)
_GIFT_TITLE = re.compile(r"^\s*::[^\n]*?::", re.MULTILINE)
AIKEN_HINT = "如果这是 Aiken 格式的文件，请指定格式为 Aiken（命令行加 --format aiken）"


@dataclass
class Reading:
    """What a file holds: the parse result, its format and the fields it carries."""

    result: ParseResult
    format: str
    carries: frozenset[str] = field(default_factory=frozenset)
    category_column: str = "专业类别"


def read(path: Path, *, fmt: str | None = None, category: str | None = None,
         skip_unsupported: bool = False, filename: str | None = None) -> Reading:
    """Parse the file or folder at `path`; problems come back as errors, never raised."""
    path = Path(path)
    try:
        fmt = fmt or guess_format(path)
        if fmt is None:
            return _refused("只接受 .xlsx、.csv、.yaml、.yml、.txt（GIFT 或 Aiken）文件或 YAML 文件夹")
        if category and fmt not in ("gift", "aiken"):
            return _refused("专业类别选项只用于 GIFT 和 Aiken 文件，其他格式在文件中写明专业类别")
        return _READERS[fmt](path, category, skip_unsupported, filename)
    except (TableError, OSError) as exc:
        return _refused(str(exc))


def guess_format(path: Path) -> str | None:
    if path.is_dir():
        return "yaml"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return "rows"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".gift":
        return "gift"
    if suffix == ".txt":
        return text_format(decode_csv(path.read_bytes()))
    return None


def text_format(text: str) -> str:
    """Aiken when the text has ANSWER: lines and no GIFT answer block or title, else GIFT.

    A brace alone does not make GIFT (an Aiken stem may quote one); `{=`, `{~`, `{T}`
    or `::title::` do. Old Mac files end lines with a bare CR."""
    text = _lines(text)
    gift = _GIFT_ANSWERS.search(text) or _GIFT_TITLE.search(text)
    return "aiken" if _AIKEN_ANSWER.search(text) and not gift else "gift"


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refused(message: str) -> Reading:
    return Reading(ParseResult(errors=[ParseError(1, "文件", message)]), "")


def _read_rows(path: Path, _category, _skip, _name) -> Reading:
    present = set(header_of(path, headers=HEADERS))
    missing = [ParseError(1, h, "缺少必填列") for h in REQUIRED_HEADERS if h not in present]
    if missing:
        return Reading(ParseResult(errors=missing), "rows")
    carries = frozenset(f for h, f in ROW_FIELDS.items() if h in present)
    return Reading(parse_rows(read_rows(path, headers=HEADERS)), "rows", carries)


def _read_yaml(path: Path, _category, _skip, name) -> Reading:
    return Reading(parse_yaml_path(path, name=name), "yaml", CARRIES["yaml"], "category")


def _read_gift(path: Path, category, skip, _name) -> Reading:
    text = decode_csv(path.read_bytes())
    result = parse_gift(text, category=category, skip_unsupported=skip)
    if result.errors and _AIKEN_ANSWER.search(_lines(text)):
        result.errors.insert(0, ParseError(1, "文件", AIKEN_HINT))
    return Reading(result, "gift", CARRIES["gift"])


def _read_aiken(path: Path, category, _skip, _name) -> Reading:
    result = parse_aiken(decode_csv(path.read_bytes()), category=category)
    return Reading(result, "aiken", CARRIES["aiken"])


_READERS = {"rows": _read_rows, "yaml": _read_yaml, "gift": _read_gift, "aiken": _read_aiken}
