"""Reading and writing spreadsheets: xlsx and csv, streamed, with safe cells.

Reading yields (spreadsheet row number, {header: value}) so that error
messages can name the row a person sees in Excel (the header is row 1).
"""
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from app.core import clock
from app.core.encoding import UndecodableError, decode_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


def neutralise(value: object) -> object:
    """Make a cell that would start a formula in Excel plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def check_xlsx(path: Path, max_uncompressed: int) -> None:
    """Refuse a file that is not an xlsx or that inflates past the limit (a zip bomb)."""
    if not zipfile.is_zipfile(path):
        raise TableError("文件不是有效的 Excel (.xlsx) 文件")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names:
            raise TableError("文件不是有效的 Excel (.xlsx) 文件")
        if sum(info.file_size for info in archive.infolist()) > max_uncompressed:
            raise TableError("Excel 文件解压后过大，已拒绝")


def decode_csv(raw: bytes) -> str:
    """UTF-8 (with or without BOM), GB18030 as Chinese Excel saves it, or Windows-1252."""
    try:
        return decode_text(raw)
    except UndecodableError as exc:
        raise TableError(str(exc)) from exc


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _rows_to_dicts(rows: Iterable[tuple], first_row: int = 1) -> Iterator[tuple[int, dict]]:
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise TableError("文件为空")
    names = [str(h).strip() if h is not None else "" for h in header]
    for number, row in enumerate(rows, start=first_row + 1):
        values = [_clean(v) for v in row]
        if all(v is None for v in values):
            continue
        yield number, {n: v for n, v in zip(names, values, strict=False) if n}


def header_of(path: Path, max_uncompressed: int = 200 * 1024 * 1024) -> list[str]:
    """The header row of a file, to check required columns before reading on."""
    for _number, row in read_rows(path, max_uncompressed, include_header=True):
        return list(row)
    return []


def read_rows(path: Path, max_uncompressed: int = 200 * 1024 * 1024, *,
              include_header: bool = False) -> Iterator[tuple[int, dict]]:
    """Stream the rows of an .xlsx or .csv file as (row number, {header: value})."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        raw = _xlsx_rows(path, max_uncompressed)
    elif suffix == ".csv":
        raw = csv.reader(io.StringIO(decode_csv(path.read_bytes())))
    else:
        raise TableError("只接受 .xlsx 或 .csv 文件")
    if include_header:
        header = next(iter(raw), None)
        if header is None:
            raise TableError("文件为空")
        yield 1, {str(h).strip(): None for h in header if h is not None}
        return
    yield from _rows_to_dicts(raw)


def _xlsx_rows(path: Path, max_uncompressed: int) -> Iterator[tuple]:
    check_xlsx(path, max_uncompressed)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise TableError("无法读取 Excel 文件") from exc
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def count_rows(path: Path, max_uncompressed: int = 200 * 1024 * 1024) -> int:
    """Data rows in the file (for progress bars), from the sheet's stated size."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        check_xlsx(path, max_uncompressed)
        try:
            book = load_workbook(path, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise TableError("无法读取 Excel 文件") from exc
        try:
            return max((book.worksheets[0].max_row or 1) - 1, 0)
        finally:
            book.close()
    if path.suffix.lower() == ".csv":
        return max(decode_csv(path.read_bytes()).count("\n") - 1, 0)
    raise TableError("只接受 .xlsx 或 .csv 文件")


def _cell_text(value: object) -> object:
    if isinstance(value, datetime | date):
        return clock.shown(value)
    return neutralise(value)


def write_xlsx(headers: list[str], rows: Iterable[list], title: str = "Sheet1") -> bytes:
    """A workbook written as the rows come (app/core/xlsx_writer.py): flat memory, fast."""
    from app.core import xlsx_writer

    return xlsx_writer.write(headers, rows, neutralise, title=title)


def write_csv(headers: list[str], rows: Iterable[list]) -> str:
    """UTF-8 CSV (the caller adds a BOM for Excel when writing bytes)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _cell_text(v) for v in row])
    return out.getvalue()
