"""A spreadsheet cell read as the user sees it in Excel, never as another value.

Excel keeps numbers and dates behind a number format: the user sees `3%` while
the file holds 0.03, `1/2` while it holds 0.5, `2026年3月5日` while it holds the
serial 46086. A text column must get what the user sees; a number or date column
the value behind it. `Cell` carries both: `shown` (None when what the user sees
cannot be told back with confidence, `problem` then says why) and `value`.
Strings arrive as plain `str`; only numbers and dates become a `Cell`.
"""
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from openpyxl.utils.datetime import from_excel

# Chinese-locale built-in formats Excel writes by id only (openpyxl does not know them).
CJK_DATE_FORMATS = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"', 36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"', 53: 'm"月"d"日"', 54: 'm"月"d"日"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
_PLAIN = re.compile(r"^(General|@)$", re.IGNORECASE)
_DECIMALS = re.compile(r"^(#,##)?0(?:\.(0+))?$")
_PERCENT = re.compile(r"^0(?:\.(0+))?%$")
_FRACTION = re.compile(r"^(#\s+)?(\?+)/(\?+)$")
_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|y+|m+|d+|h+|s+|AM/PM|上午/下午|.', re.IGNORECASE)
_TYPED_DATE = "Excel 已把输入的内容转换为日期（显示为{shown}），无法确定原来输入的内容，" \
              "请将该列设置为文本格式（文本格式）后重新输入"
_UNKNOWN_FORMAT = "无法按显示内容读取该单元格（数字格式 {fmt}），请将该列设置为文本格式（文本格式）后重新输入"


@dataclass(frozen=True)
class Cell:
    """A number or date cell: what Excel stores and what the user sees."""

    value: float | int | datetime
    shown: str | None
    problem: str | None = None

    @property
    def is_date(self) -> bool:
        return isinstance(self.value, datetime)

    def __str__(self) -> str:
        return self.shown or ""


def from_number(value: float | int, fmt: str | None, fmt_id: int | None = None) -> Cell:
    if fmt_id in CJK_DATE_FORMATS and 0 < value < 2958466:
        return from_date(from_excel(value), CJK_DATE_FORMATS[fmt_id])
    fmt = first_section(fmt or "General")
    if _PLAIN.match(fmt):
        return Cell(value, general(value))
    if match := _DECIMALS.match(fmt):
        return Cell(value, _fixed(Decimal(repr(value)), len(match.group(2) or "")))
    if match := _PERCENT.match(fmt):
        places = len(match.group(1) or "")
        return Cell(value, _fixed(Decimal(repr(value)) * 100, places) + "%")
    if match := _FRACTION.match(fmt):
        return Cell(value, _fraction(value, len(match.group(3)), bool(match.group(1))))
    return Cell(value, None, _UNKNOWN_FORMAT.format(fmt=fmt))


def first_section(fmt: str) -> str:
    """The format for positive values: `yyyy"年"m"月"d"日";@` -> `yyyy"年"m"月"d"日"`."""
    text = "".join(t for t in _TOKEN.findall(fmt) if t != "@" or len(fmt) == 1)
    sections, quoted = [""], False
    for char in text:
        quoted ^= char == '"'
        if char == ";" and not quoted:
            break
        sections[0] += char
    return sections[0].strip() or fmt.strip()


def _fixed(number: Decimal, places: int) -> str:
    """Rounded as Excel shows it: half away from zero."""
    return str(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def general(value: float | int) -> str:
    """Excel's General format: an integer without `.0`, else 15 significant digits."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def _fraction(value: float, digits: int, whole: bool) -> str:
    fraction = Fraction(value).limit_denominator(10 ** digits - 1)
    integer, rest = divmod(fraction, 1) if whole else (0, fraction)
    if rest == 0:
        return str(int(integer))
    text = f"{rest.numerator}/{rest.denominator}"
    return f"{int(integer)} {text}" if integer else text


def from_date(value: datetime, fmt: str | None) -> Cell:
    """A date as its format shows it; a date without a year was typed as something else
    (`1/2`, `3-5`) that Excel took for a date: told back only when the format shows it as
    typed (`m/d`), else refused."""
    tokens = [t for t in _TOKEN.findall(first_section(fmt or "yyyy-mm-dd"))
              if not t.startswith("[")]
    kinds = {t[0].lower() for t in tokens if t[:1].lower() in "ymd" and len(t) <= 4}
    shown = _render(value, tokens)
    if "y" in kinds:
        return Cell(value, shown)
    if re.fullmatch(r"\d{1,2}/\d{1,2}", shown or "") and _month_first(tokens):
        return Cell(value, shown)
    return Cell(value, None, _TYPED_DATE.format(shown=shown or value.strftime("%m-%d")))


def _month_first(tokens: list[str]) -> bool:
    letters = [t[0].lower() for t in tokens if t[:1].lower() in "md"]
    return letters[:1] == ["m"]


def _render(value: datetime, tokens: list[str]) -> str | None:
    out = []
    for index, token in enumerate(tokens):
        part = _part(value, token, tokens, index)
        if part is None:
            return None
        out.append(part)
    return "".join(out)


def _part(value: datetime, token: str, tokens: list[str], index: int) -> str | None:
    lower = token.lower()
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    first = lower[:1]
    if first == "y":
        return str(value.year) if len(token) > 2 else f"{value.year % 100:02d}"
    if first == "m" and len(token) <= 2:
        number = value.minute if _is_minute(tokens, index) else value.month
        return f"{number:0{len(token)}d}"
    if first == "d" and len(token) <= 2:
        return f"{value.day:0{len(token)}d}"
    if first == "h":
        return f"{value.hour:0{len(token)}d}"
    if first == "s":
        return f"{value.second:0{len(token)}d}"
    if first in "mdyhs" or "/" in token and len(token) > 1:
        return None   # month or day names, AM/PM: not worth guessing
    return token


def _is_minute(tokens: list[str], index: int) -> bool:
    before = [t[0].lower() for t in tokens[:index] if t[:1].lower() in "ymdhs"]
    after = [t[0].lower() for t in tokens[index + 1:] if t[:1].lower() in "ymdhs"]
    return before[-1:] == ["h"] or after[:1] == ["s"]
