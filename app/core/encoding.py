"""Which encoding a text file (CSV, GIFT, Aiken) was saved in, or a refusal.

UTF-8 (with or without BOM) is taken as it is. Otherwise the two encodings
office PCs save in: GB18030 (Chinese Excel, WPS, Notepad) and Windows-1252
(Western Windows, e.g. a Moodle export opened in Excel). GB18030 decodes
almost any bytes, so it wins only when its reading is mostly common simplified
characters (GB2312), which bytes of Latin text almost never make (a statistical
detector cannot judge a few Chinese words); charset-normalizer then decides
whether the bytes read cleanly as Windows-1252. Anything else is refused.
"""
import re

from charset_normalizer import from_bytes

MAX_CHAOS = 0.2      # charset-normalizer's "mess" ratio; above it the reading is noise
COMMON_SHARE = 0.5   # share of CJK characters in GB2312 that makes GB18030 plausible
SAMPLE = 20_000      # characters enough to judge a file by
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
REFUSAL = "无法确定文件的编码，请在 Excel 或记事本中另存为“UTF-8”编码后重新导入"


class UndecodableError(ValueError):
    """The bytes are no text we can read with confidence; the message is for the user."""


def decode_text(raw: bytes) -> str:
    """The text of `raw`, or UndecodableError."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if raw.startswith(b"\xef\xbb\xbf"):
            raise UndecodableError(REFUSAL) from None
    chinese = _strict(raw, "gb18030")
    if chinese is not None and _mostly_common_chinese(chinese[:SAMPLE]):
        return chinese
    western = from_bytes(raw, cp_isolation=["cp1252"], threshold=MAX_CHAOS).best()
    if western is None:
        raise UndecodableError(REFUSAL)
    return str(western)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_common_chinese(text: str) -> bool:
    chars = _CJK.findall(text)
    if not chars:
        return False
    common = sum(1 for c in chars if _in_gb2312(c))
    return common / len(chars) >= COMMON_SHARE


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
