"""Chinese article numbers: 第一百零二条 <-> 102, and 款 within a citation."""
import re

DIGITS = "零一二三四五六七八九"
_UNITS = {"十": 10, "百": 100, "千": 1000}
REF = re.compile(r"^第([零一二三四五六七八九十百千\d]+)条(?:第([一二三四五六七八九十\d]+)款)?")


def to_int(text: str) -> int:
    """一百零二 -> 102 (also plain digits)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            digit = DIGITS.index(ch)
    return total + digit


def to_chinese(n: int) -> str:
    """102 -> 一百零二, 10 -> 十, 110 -> 一百一十."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            out += ("零" if zero and out else "") + DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def label(n: int) -> str:
    return f"第{to_chinese(n)}条"


def parse_ref(text: str | None) -> tuple[int, int | None] | None:
    """'第三十六条第一款' -> (36, 1); None when it does not start with 第X条."""
    m = REF.match((text or "").strip())
    if not m:
        return None
    return to_int(m.group(1)), to_int(m.group(2)) if m.group(2) else None


STEM_NUMBER = re.compile(r"第[零一二三四五六七八九十百千\d]+条")
