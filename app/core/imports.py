"""The import contract shared by every KIND: validate every row, then write all or nothing.

An importer names its columns and turns one row into a record (raising
CellError for a bad cell); `run_import` reads the file once, collects one
error per bad cell with its spreadsheet row number, and only when the whole
file is clean lets the importer write it.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl.utils.datetime import from_excel

from app.core import idcard, synonyms
from app.core.cells import Cell, general
from app.core.tables import MERGED, TableError, count_rows, header_of, read_rows

Progress = Callable[[int, int], None]


class CellError(ValueError):
    """A bad cell: the message says why, in Chinese."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行: {self.column}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    # Rows written as asked but worth a look (a talent member who cannot be drawn).
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def notes(self) -> list[str]:
        """Lines shown beside the result, on the command line and the web page."""
        return [f"提示 {w}" for w in self.warnings]

    def summary(self) -> str:
        head = "试运行（未写入）" if self.dry_run else "导入完成"
        return f"{head}: 新增 {self.created} 条, 更新 {self.updated} 条, 未变 {self.unchanged} 条"

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [str(e) for e in self.errors], "dry_run": self.dry_run,
                "notes": self.notes()}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    parse: Callable[[object], object] = lambda v: v


class Importer:
    """Base for one KIND: subclasses set `columns` and implement the hooks."""

    kind = ""
    key_label = ""
    columns: tuple[Column, ...] = ()
    # Headers the file has: a column left out keeps stored values, an empty cell clears them.
    present: frozenset[str] = frozenset()
    # Filled by `check` for rows that are written but deserve a word (run_import resets it).
    warnings: list[RowError]

    def key(self, record: dict) -> object:
        raise NotImplementedError  # pragma: no cover - every importer defines its key

    def check(self, number: int, record: dict) -> list[RowError]:
        """Checks against the database or other rows (after cell parsing)."""
        return []

    def check_file(self, records: list[tuple[int, dict]]) -> list[RowError]:
        """Checks that need every row first (a parent named further down)."""
        return []

    def write(self, records: list[dict], actor, step: Callable[[int], None]) -> ImportReport:
        raise NotImplementedError  # pragma: no cover

    def parse_row(self, number: int, row: dict) -> tuple[dict, list[RowError]]:
        record, errors = {}, []
        for column in self.columns:
            value = row.get(column.name)
            if value is MERGED:
                errors.append(RowError(number, column.name, MERGED_CELL))
                continue
            if value is None or value == "":
                if column.required:
                    errors.append(RowError(number, column.name, "必填项为空"))
                record[column.name] = None
                continue
            try:
                record[column.name] = column.parse(value)
            except CellError as exc:
                errors.append(RowError(number, column.name, str(exc)))
        return record, errors


def _names(importer: Importer) -> list[str]:
    return [c.name for c in importer.columns]


def missing_columns(importer: Importer, path: Path) -> list[RowError]:
    present = set(header_of(path, headers=_names(importer)))
    if not present & {c.name for c in importer.columns}:
        return [RowError(1, "文件", "表头不符合模板，请下载模板后填写")]
    return [RowError(1, c.name, "缺少必填列")
            for c in importer.columns if c.required and c.name not in present]


def validate_file(importer: Importer, path: Path,
                  step: Callable[[int], None]) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Every row parsed and checked; duplicates of a key reported at their second row."""
    errors = missing_columns(importer, path)
    if errors:
        return [], errors
    importer.present = frozenset(header_of(path, headers=_names(importer)))
    records, clean, seen = [], [], {}
    for number, row in read_rows(path, headers=_names(importer)):
        record, row_errors = importer.parse_row(number, row)
        if not row_errors:
            key = importer.key(record)
            if key in seen:
                row_errors.append(RowError(number, importer.key_label,
                                           f"与第{seen[key]}行重复"))
            else:
                seen[key] = number
                row_errors.extend(importer.check(number, record))
        errors.extend(row_errors)
        records.append((number, record))
        if not row_errors:
            clean.append((number, record))
        step(len(records))
    errors.extend(importer.check_file(clean))
    errors.sort(key=lambda e: e.row)
    return records, errors


def run_import(importer: Importer, path: Path, actor, *, dry_run: bool = False,
               progress: Progress | None = None) -> ImportReport:
    """Validate the whole file; write it only if every row is good. The caller commits."""
    progress = progress or (lambda done, total: None)
    importer.warnings = []
    try:
        total = max(count_rows(Path(path)), 1)
        records, errors = validate_file(importer, Path(path),
                                        lambda n: progress(n, 2 * total))
    except TableError as exc:
        return ImportReport(errors=[RowError(1, "文件", str(exc))], dry_run=dry_run)
    if errors:
        return ImportReport(errors=errors, dry_run=dry_run)
    if not records:
        return ImportReport(errors=[RowError(2, "文件", "没有数据行")], dry_run=dry_run)
    report = importer.write([r for _n, r in records], actor,
                            lambda n: progress(total + n, 2 * total))
    progress(2 * total, 2 * total)
    report.dry_run, report.warnings = dry_run, importer.warnings
    return report


# Cell parsers: each takes the raw cell and returns the value or raises CellError.
# A number or date cell arrives as a cells.Cell (app/core/tables.py), text as str.

NUMBER_CELL = "以数字格式保存（Excel 只保留15位有效数字，前导0也会丢失），" \
              "请将该列设置为文本格式（文本格式）后重新输入"
MERGED_CELL = "合并单元格：请取消合并，在每一行填写完整"
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
DATE_FORMAT = "日期格式应为 YYYY-MM-DD"
FIRST_SERIAL, LAST_SERIAL = 18264, 73051   # Excel dates from 1950 to 2099


def cell_text(value: object) -> str:
    """The cell as the user sees it; a cell whose display cannot be told back is refused."""
    if isinstance(value, Cell):
        if value.shown is None:
            raise CellError(value.problem or "无法读取该单元格")
        return value.shown
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def halfwidth(value: str) -> str:
    """Full-width digits, letters and signs (ＡＢ１２) as their ASCII forms."""
    return value.translate(_FULL_WIDTH)


def _as_text(value: object) -> str:
    return halfwidth(cell_text(value)).strip()


def text(max_length: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        result = cell_text(value)
        if len(result) > max_length:
            raise CellError(f"长度不能超过{max_length}个字符")
        return result
    return parse


def code_text(max_length: int) -> Callable[[object], str]:
    """An identifying code (单位编码, 证件编号): text only, full-width forms normalised."""
    def parse(value: object) -> str:
        if isinstance(value, Cell):
            raise CellError(NUMBER_CELL)
        result = re.sub(r"\s+", "", halfwidth(str(value)))
        if len(result) > max_length:
            raise CellError(f"长度不能超过{max_length}个字符")
        return result
    return parse


def person_name(max_length: int) -> Callable[[object], str]:
    """A name; spaces inside a Chinese name (范　然, aligned to three characters) removed."""
    def parse(value: object) -> str:
        result = normalise_name(cell_text(value))
        if len(result) > max_length:
            raise CellError(f"长度不能超过{max_length}个字符")
        return result
    return parse


def normalise_name(name: str) -> str:
    name = name.strip()
    return re.sub(r"\s+", "", name) if _CJK.search(name) else re.sub(r"\s+", " ", name)


def id_number(value: object) -> str:
    if isinstance(value, Cell):
        raise CellError("身份证号" + NUMBER_CELL)
    number = idcard.normalise(halfwidth(str(value)))
    reason = idcard.problem(number)
    if reason:
        raise CellError(f"身份证号无效（{reason}）")
    return number


def yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    key = _as_text(value).upper()
    if key not in synonyms.YES_NO:
        raise CellError("应填“是”或“否”")
    return synonyms.YES_NO[key]


def a_date(value: object) -> date:
    if isinstance(value, Cell):
        return _cell_date(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(_as_text(value))
    try:
        return date(*(int(part) for part in match.groups()))
    except (AttributeError, ValueError) as exc:
        raise CellError(DATE_FORMAT) from exc


def _cell_date(value: Cell) -> date:
    if value.is_date:
        return value.value.date()
    # A date in a Chinese built-in format openpyxl does not know arrives as its serial number.
    if float(value.value).is_integer() and FIRST_SERIAL <= value.value <= LAST_SERIAL:
        return from_excel(value.value).date()
    raise CellError(DATE_FORMAT)


def choice(labels: dict[str, str], aliases: dict[str, str] | None = None) -> Callable[[object], str]:
    """Map a Chinese label (or one of its documented synonyms) to its stored code."""
    def parse(value: object) -> str:
        label = _as_text(value)
        label = (aliases or {}).get(label, label)
        if label not in labels:
            raise CellError("应为以下之一: " + "/".join(labels))
        return labels[label]
    return parse


def phone(value: object) -> str:
    if isinstance(value, Cell) and not value.is_date:
        value = general(value.value)
    result = re.sub(r"[-\s]", "", _as_text(value))
    if not result.isdigit() or not 7 <= len(result) <= 15:
        raise CellError("手机号格式不正确")
    return result


def half_hours(value: object) -> Decimal:
    try:
        if isinstance(value, Cell) and not value.is_date:
            hours = Decimal(repr(value.value))
        else:
            hours = Decimal(_as_text(value))
    except InvalidOperation as exc:
        raise CellError("应为数字") from exc
    if not hours.is_finite() or hours <= 0 or (hours * 2) % 1 != 0:
        raise CellError("应为0.5的正整数倍")
    return hours
