"""The import contract shared by every KIND: validate every row, then write all or nothing.

An importer names its columns and turns one row into a record (raising
CellError for a bad cell); `run_import` reads the file once, collects one
error per bad cell with its spreadsheet row number, and only when the whole
file is clean lets the importer write it.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.core import idcard
from app.core.tables import TableError, count_rows, header_of, read_rows

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


def missing_columns(importer: Importer, path: Path) -> list[RowError]:
    present = set(header_of(path))
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
    importer.present = frozenset(header_of(path))
    records, clean, seen = [], [], {}
    for number, row in read_rows(path):
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

def text(max_length: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        result = _as_text(value)
        if len(result) > max_length:
            raise CellError(f"长度不能超过{max_length}个字符")
        return result
    return parse


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def id_number(value: object) -> str:
    number = idcard.normalise(_as_text(value))
    reason = idcard.problem(number)
    if reason:
        raise CellError(f"身份证号无效（{reason}）")
    return number


def yes_no(value: object) -> bool:
    mapping = {"是": True, "否": False, "Y": True, "N": False, "1": True, "0": False}
    key = _as_text(value).upper() if not isinstance(value, bool) else ("1" if value else "0")
    if key not in mapping:
        raise CellError("应填“是”或“否”")
    return mapping[key]


def a_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_as_text(value).replace("/", "-"))
    except ValueError as exc:
        raise CellError("日期格式应为 YYYY-MM-DD") from exc


def choice(labels: dict[str, str]) -> Callable[[object], str]:
    """Map a Chinese label to its stored code."""
    def parse(value: object) -> str:
        label = _as_text(value)
        if label not in labels:
            raise CellError("应为以下之一: " + "/".join(labels))
        return labels[label]
    return parse


def phone(value: object) -> str:
    result = _as_text(value).replace("-", "").replace(" ", "")
    if not result.isdigit() or not 7 <= len(result) <= 15:
        raise CellError("手机号格式不正确")
    return result


def half_hours(value: object) -> Decimal:
    try:
        hours = Decimal(_as_text(value))
    except InvalidOperation as exc:
        raise CellError("应为数字") from exc
    if hours <= 0 or (hours * 2) % 1 != 0:
        raise CellError("应为0.5的正整数倍")
    return hours
