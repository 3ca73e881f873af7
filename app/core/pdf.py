"""PDFs in Chinese: ReportLab with WenQuanYi Zen Hei embedded.

Noto CJK's CFF outlines don't load in ReportLab; WenQuanYi Zen Hei's TrueType
ones do. Rare characters in names (CJK Extension B and beyond, e.g. 𠮷) that
WenQuanYi lacks are drawn with HanaMin (fonts-hanazono) where it is installed.
A character no font has is never dropped silently: it is drawn as its code
point in brackets, e.g. [U+10FFFD], and reported in `missing`.
"""
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors, textsplit
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
    paragraph,
)

from app.core.clock import today

# ReportLab's CJK wrapping lets a line start with "，" (its list of marks that may not start
# a line lacks the full-width comma, semicolon, colon, ? ! and closing quotes and title
# marks) and hangs at most one mark at the end of the line before ("》，" leaves "，" first).
# Marks that would start a line are hung at the end of the line before instead.
NO_LINE_START = "，；：！？》〉”’…％" + textsplit.ALL_CANNOT_START
_word_split = textsplit.wordSplit


def _word_split_hanging(word, max_widths, font_name, font_size, encoding="utf8"):
    lines = _word_split(word, max_widths, font_name, font_size, encoding)
    for before, line in zip(lines, lines[1:], strict=False):
        while line[1] and line[1][0] in NO_LINE_START:
            width = pdfmetrics.stringWidth(line[1][0], font_name, font_size)
            before[0], before[1] = before[0] - width, before[1] + line[1][0]
            line[0], line[1] = line[0] + width, line[1][1:]
    return [line for line in lines if line[1]]


paragraph.wordSplit = _word_split_hanging     # the one-run paragraphs every table cell is

FONT_NAME = "WenQuanYiZenHei"
FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc")


FALLBACK_FONTS = (("HanaMinA", "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
                  ("HanaMinB", "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"))


class FontMissing(RuntimeError):
    """The CJK font is not installed (make system-deps installs fonts-wqy-zenhei)."""


@cache
def font() -> TTFont:
    for path in FONT_PATHS:
        if Path(path).exists():
            face = TTFont(FONT_NAME, path, subfontIndex=0)
            pdfmetrics.registerFont(face)
            return face
    raise FontMissing("未找到中文字体 WenQuanYi Zen Hei（请安装 fonts-wqy-zenhei）")


@cache
def fallback_fonts() -> tuple[TTFont, ...]:
    """The installed fonts that draw what the main font lacks, registered once."""
    faces = []
    for name, path in FALLBACK_FONTS:
        if Path(path).exists():
            face = TTFont(name, path)
            pdfmetrics.registerFont(face)
            faces.append(face)
    return tuple(faces)


def _fallback_for(char: str) -> str | None:
    return next((f.fontName for f in fallback_fonts() if ord(char) in f.face.charToGlyph), None)


@dataclass
class Text:
    """Turns strings into text the fonts can draw, remembering what it had to replace.

    Calling it gives plain text in the main font (canvas strings); `markup` gives
    Paragraph markup that switches to a fallback font for rare characters."""

    missing: set[str] = field(default_factory=set)

    def __call__(self, value: object) -> str:
        return "".join(self._piece(c, markup=False) for c in _chars(value))

    def markup(self, value: object) -> str:
        """Escaped Paragraph markup for `value`."""
        return "".join(self._piece(c, markup=True) for c in _chars(value))

    def _piece(self, char: str, markup: bool) -> str:
        if ord(char) in font().face.charToGlyph or char in "\n\t ":
            return escape(char) if markup else char
        fallback = _fallback_for(char) if markup else None
        if fallback:
            return f'<font name="{fallback}">{escape(char)}</font>'
        self.missing.add(char)
        return f"[U+{ord(char):04X}]"


def _chars(value: object) -> str:
    return "" if value is None else str(value)


def missing_note(missing: set[str]) -> str:
    """What a command says when the font lacked characters (they stand as [U+XXXX])."""
    return "字体缺字，已以 [U+XXXX] 标出: " + " ".join(sorted(missing))


def styles() -> dict[str, ParagraphStyle]:
    font()
    base = ParagraphStyle("base", fontName=FONT_NAME, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=1),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=14, alignment=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=base, fontSize=8, leading=10,
                               textColor=colors.white),
    }


@dataclass
class Report:
    """A formal table document: title, subtitle, a table, and lines to sign under it."""

    title: str
    headers: list[str]
    rows: list[list]
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=lambda: ["制表人：", "审核人：",
                                                           "单位（盖章）："])
    landscape: bool = True
    col_widths: list[float] | None = None


def render(report: Report, on_page=None) -> tuple[bytes, set[str]]:
    """The PDF bytes and the characters the font could not draw; `on_page(n)` is told of
    each page as it is laid out (a job's progress)."""
    text, st = Text(), styles()
    size = landscape(A4) if report.landscape else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=text(report.title))
    story = [Paragraph(text.markup(report.title), st["title"])]
    if report.subtitle:
        story.append(Paragraph(text.markup(report.subtitle), st["subtitle"]))
    table, tail = _tables(report, text, st, doc.width, doc.height)
    closing = [Spacer(1, 6 * mm), *[Paragraph(text.markup(n), st["base"]) for n in report.notes],
               Spacer(1, 10 * mm), _signature_line(report.signatures, text, st, doc.width)]
    # The last rows go with the notes and the signatures, so that the block to sign never
    # stands alone on a last page.
    story += [Spacer(1, 4 * mm), table, KeepTogether([*tail, *closing])]
    footer = _footer(text, on_page)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue(), text.missing


def render_parts(report: Report, parts: list[Report]) -> tuple[bytes, set[str]]:
    """One document of several tables: `report`'s title and subtitle, then each part's title,
    table and notes, then `report`'s notes and signatures (kept with the last rows)."""
    text, st = Text(), styles()
    size = landscape(A4) if report.landscape else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=text(report.title))
    story = [Paragraph(text.markup(report.title), st["title"])]
    if report.subtitle:
        story.append(Paragraph(text.markup(report.subtitle), st["subtitle"]))
    for n, part in enumerate(parts, start=1):
        table, tail = _tables(part, text, st, doc.width, doc.height)
        notes = [Paragraph(text.markup(note), st["base"]) for note in part.notes]
        heading = Paragraph(text.markup(part.title), st["subtitle"])
        closing = []
        if n == len(parts):
            closing = [Spacer(1, 6 * mm),
                       *[Paragraph(text.markup(note), st["base"]) for note in report.notes],
                       Spacer(1, 10 * mm),
                       _signature_line(report.signatures, text, st, doc.width)]
        story += [Spacer(1, 5 * mm), KeepTogether([heading, Spacer(1, 2 * mm), table]),
                  KeepTogether([*tail, Spacer(1, 2 * mm), *notes, *closing])]
    footer = _footer(text)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue(), text.missing


TAIL_ROWS = 3


def _tables(report: Report, text: Text, st: dict, width: float,
            height: float) -> tuple[Table, list[Table]]:
    """The table, and its last rows apart (same column widths) to keep with what follows."""
    head = [Paragraph(text.markup(h), st["head"]) for h in report.headers]
    body = [[Paragraph(text.markup(c), st["cell"]) for c in row] for row in report.rows]
    cut = max(len(body) - TAIL_ROWS, 0)
    whole = Table([head, *body], repeatRows=1, colWidths=report.col_widths)
    whole.wrap(width, height)
    widths = report.col_widths or whole._colWidths
    table = _styled(Table([head, *body[:cut]], repeatRows=1, colWidths=widths), header=True)
    if cut == len(body):
        return table, []
    tail = _styled(Table(body[cut:], colWidths=widths), header=False, first=cut)
    return table, [tail]


def _styled(table: Table, header: bool, first: int = 0) -> Table:
    stripes = [colors.white, colors.HexColor("#f2f5f9")]
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1),
              stripes if first % 2 == 0 else stripes[::-1])]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")))
    table.setStyle(TableStyle(style))
    return table


def _signature_line(labels: list[str], text: Text, st: dict, width: float) -> Table:
    cells = [Paragraph(text.markup(label), st["base"]) for label in labels]
    cells.append(Paragraph(text.markup(f"日期：{today():%Y年%m月%d日}"), st["base"]))
    return Table([cells], colWidths=[width / len(cells)] * len(cells))


def _footer(text: Text, on_page=None):
    def draw(canvas, doc) -> None:
        if on_page is not None:
            on_page(doc.page)
        canvas.saveState()
        canvas.setFont(FONT_NAME, 8)
        canvas.drawCentredString(doc.pagesize[0] / 2, 8 * mm, text(f"第 {doc.page} 页"))
        canvas.restoreState()
    return draw
