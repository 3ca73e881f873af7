"""Reading and writing spreadsheets: xlsx and csv, streamed, with safe cells.

Reading yields (spreadsheet row number, {header: value}) so that error
messages can name the row a person sees in Excel (the header is row 1).
"""
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from app.core import cells, clock
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


HEADER_SEARCH_ROWS = 10   # a title row or two may sit above the header
INSTRUCTION_SHEETS = ("填表说明", "说明")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class _Merged:
    """A cell inside a merged range but not its first cell: it looks filled and holds nothing."""

    def __repr__(self) -> str:
        return "MERGED"

    def __str__(self) -> str:
        return ""


MERGED = _Merged()


def _clean(value: object) -> object:
    """Text stripped, our export's formula guard (a leading ') taken off, empty as None."""
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]
        return value or None
    return value


def header_name(value: object) -> str:
    """A header cell as a column name: spaces, line breaks and required-marks (*) dropped."""
    if value is None or value is MERGED:
        return ""
    return re.sub(r"\s+", "", str(value)).strip("*＊")


def header_of(path: Path, max_uncompressed: int = 200 * 1024 * 1024, *,
              headers: Iterable[str] | None = None) -> list[str]:
    """The header row of a file, to check required columns before reading on."""
    for _number, row in read_rows(path, max_uncompressed, include_header=True, headers=headers):
        return list(row)
    return []


def read_rows(path: Path, max_uncompressed: int = 200 * 1024 * 1024, *,
              include_header: bool = False,
              headers: Iterable[str] | None = None) -> Iterator[tuple[int, dict]]:
    """Stream the rows of an .xlsx or .csv file as (row number, {header: value}).

    `headers` are the column names the caller knows: the header is the row, within the
    first rows of the first sheet that has it, naming most of them (an instructions sheet
    or a title row may come first). Numbers and dates come as `cells.Cell`, a cell covered
    by a merged range as MERGED.
    """
    with _opened(Path(path), max_uncompressed) as book:
        sheet, at = _locate(book, frozenset(headers or ()))
        rows = enumerate(book.rows(sheet), start=1)
        for number, row in rows:
            if number == at:
                names = [header_name(h) for h in row]
                break
        else:
            raise TableError("文件为空")
        if include_header:
            yield at, {n: None for n in names if n}
            return
        for number, row in rows:
            values = [_clean(v) for v in row]
            if all(v is None for v in values):
                continue
            yield number, {n: v for n, v in zip(names, values, strict=False) if n}


def _locate(book, wanted: frozenset[str]) -> tuple[int, int]:
    """(sheet index, header row number): the first row naming most of `wanted`."""
    best = (0, 0, 1)
    for sheet in range(book.count):
        for number, row in enumerate(book.head(sheet), start=1):
            names = [header_name(v) for v in row]
            score = len(wanted & set(names)) if wanted else \
                (2 if sum(1 for n in names if n) >= 2 else 0)
            if score > best[0]:
                best = (score, sheet, number)
        if best[0] and not wanted:
            break
    return best[1], best[2]


@contextmanager
def _opened(path: Path, max_uncompressed: int):
    """The file's sheets as rows of cell values (a CSV is one sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        book = _XlsxBook(path, max_uncompressed)
    elif suffix == ".csv":
        book = _CsvBook(path)
    else:
        raise TableError("只接受 .xlsx 或 .csv 文件")
    try:
        yield book
    finally:
        book.close()


class _CsvBook:
    count = 1

    def __init__(self, path: Path) -> None:
        self.lines = decode_csv(path.read_bytes())

    def head(self, _sheet: int) -> list[list[str]]:
        return list(itertools.islice(self.rows(0), HEADER_SEARCH_ROWS))

    def rows(self, _sheet: int) -> Iterator[list[str]]:
        return csv.reader(io.StringIO(self.lines))

    def close(self) -> None:
        """Nothing to release: a CSV is decoded into memory when it is opened."""


class _XlsxBook:
    def __init__(self, path: Path, max_uncompressed: int) -> None:
        check_xlsx(path, max_uncompressed)
        self.path = path
        try:
            self.book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise TableError("无法读取 Excel 文件") from exc
        # A template's instructions (with its example row) and hidden lists are never data.
        self.sheets = [ws for ws in self.book.worksheets
                       if ws.sheet_state == "visible" and ws.title not in INSTRUCTION_SHEETS] \
            or self.book.worksheets
        self.count = len(self.sheets)

    def head(self, sheet: int) -> list[tuple]:
        return list(self.sheets[sheet].iter_rows(
            min_row=1, max_row=HEADER_SEARCH_ROWS, min_col=1, values_only=True))

    def rows(self, sheet: int) -> Iterator[tuple]:
        worksheet = self.sheets[sheet]
        covered = _covered_cells(self.path, worksheet._worksheet_path)
        for number, row in enumerate(worksheet.iter_rows(min_row=1, min_col=1), start=1):
            merged = covered.get(number, ())
            yield tuple(MERGED if col in merged and cell.value is None else _cell_value(cell)
                        for col, cell in enumerate(row, start=1))

    def close(self) -> None:
        self.book.close()


def _cell_value(cell) -> object:
    value = cell.value
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return cells.from_date(value, cell.number_format)
    if isinstance(value, int | float):
        return cells.from_number(value, cell.number_format, cell.style_array.numFmtId)
    return value


def _covered_cells(path: Path, member: str) -> dict[int, set[int]]:
    """Row -> columns covered by a merged range, its first cell excepted.

    openpyxl's streaming reader does not report merged ranges; they sit after the rows in
    the sheet's XML, so the XML is streamed once more and only its tail is searched.
    """
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as stream:
        found = None
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            if found is None and b"mergeCells" in data:
                found = [data[data.index(b"mergeCells"):]]
            elif found is not None:
                found.append(chunk)
            tail = data[-32:]
    covered: dict[int, set[int]] = {}
    for first_col, first_row, last_col, last_row in _MERGE.findall(b"".join(found or [])):
        top, left = int(first_row), column_index_from_string(first_col.decode())
        right = column_index_from_string(last_col.decode())
        for row in range(top, int(last_row) + 1):
            covered.setdefault(row, set()).update(
                c for c in range(left, right + 1) if (row, c) != (top, left))
    return covered


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
