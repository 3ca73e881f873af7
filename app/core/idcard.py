"""Chinese resident ID numbers (GB 11643-1999): check digit, normalising, masking."""
import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(value: object) -> str:
    """Strip spaces and upper-case a trailing x."""
    return str(value or "").strip().replace(" ", "").upper()


def problem(value: str) -> str | None:
    """Why `value` is not a valid ID number, or None when it is."""
    if not _SHAPE.match(value):
        return "应为18位，前17位为数字，末位为数字或X"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "出生日期无效"
    if check_char(value[:17]) != value[17]:
        return "校验码错误"
    return None


def is_valid(value: str) -> bool:
    return problem(value) is None


def mask(value: str) -> str:
    """Keep the region code and the last four characters: 360102********1234."""
    if len(value) != 18:
        return "*" * len(value)
    return value[:6] + "*" * 8 + value[14:]


def make(region: str, born: date, sequence: int) -> str:
    """Build a valid ID number (for synthetic people)."""
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)
