"""A small streaming .xlsx writer: rows go straight into the zip entry.

openpyxl (without lxml) writes about 10,000 cells a second here; the compliance report of a
province has 650,000. Cells are inline strings or numbers, so nothing in a cell can become
a formula; text that looks like one is still neutralised (see app/core/tables.py).
"""
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from unicodedata import east_asian_width
from xml.sax.saxutils import escape

from app.core import clock

# Characters XML 1.0 forbids: a pasted control character must not make the file unreadable.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
# The header row stays in view while scrolling (Excel's 冻结首行).
FROZEN_HEADER = ('<sheetViews><sheetView workbookViewId="0">'
                 '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                 '</sheetView></sheetViews>')
# Widths come from the header and the first rows: a streamed sheet cannot look further ahead.
WIDTH_SAMPLE = 500
MIN_WIDTH, MAX_WIDTH = 6, 60
SHEET_TAIL = "</sheetData></worksheet>"


def _cell(value: object, neutralise: Callable[[object], object]) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value!r}</v></c>" if isinstance(value, float) else f"<c><v>{value}</v></c>"
    if isinstance(value, datetime | date):
        value = clock.shown(value)
    text = escape(ILLEGAL_XML.sub("", str(neutralise(value))))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _shown_length(value: object) -> int:
    """Characters as Excel's column width counts them: a CJK (wide) character is two."""
    if value is None:
        return 0
    if isinstance(value, datetime | date):
        value = clock.shown(value)
    text = str(value)
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _cols(headers: list[str], sample: list[list]) -> str:
    widths = []
    for index, header in enumerate(headers):
        longest = max([_shown_length(header)] +
                      [_shown_length(row[index]) for row in sample if index < len(row)])
        widths.append(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
    return "<cols>" + "".join(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
                              for n, w in enumerate(widths, start=1)) + "</cols>"


def _row(values: Iterable[object], neutralise) -> str:
    return "<row>" + "".join(_cell(v, neutralise) for v in values) + "</row>"


def write(headers: list[str], rows: Iterable[list], neutralise: Callable[[object], object],
          title: str = "Sheet1") -> bytes:
    """The workbook's bytes; rows are written as they come (memory holds only the zip and
    the first WIDTH_SAMPLE rows, which set the column widths)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK.format(name=escape(title[:31], {'"': "&quot;"})))
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            rows = iter(rows)
            sample = list(islice(rows, WIDTH_SAMPLE))
            sheet.write((SHEET_HEAD + FROZEN_HEADER + _cols(headers, sample)
                         + "<sheetData>").encode())
            sheet.write(_row(headers, neutralise).encode())
            batch = []
            for row in chain(sample, rows):
                batch.append(_row(row, neutralise))
                if len(batch) == 1000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + SHEET_TAIL).encode())
    return out.getvalue()
