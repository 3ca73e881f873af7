"""Evidence files (佐证): checked by content and extension, stored under generated names.

Files live under UPLOAD_DIR/evidence, outside the static folder; a stored name is 32 hex
digits and an extension, so no user-given name ever reaches the file system.
"""
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Extension -> the file type it must be by content.
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png",
              ".xlsx": "xlsx", ".docx": "docx"}
MIMETYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
ZIP_MEMBER = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png|xlsx|docx)$")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class EvidenceError(ValueError):
    """A file that cannot be kept; the message is for the user."""


@dataclass(frozen=True)
class Stored:
    original_name: str
    stored_name: str
    file_type: str
    size: int


def check_name(name: str) -> str:
    """The file name as given, refused if it names a folder or tries to leave one."""
    name = (name or "").strip()
    if not name or "/" in name or "\\" in name or ".." in name or "\x00" in name \
            or name.startswith("."):
        raise EvidenceError(f"文件名不合法：{name[:50]}")
    if len(name) > 200:
        raise EvidenceError("文件名过长（最多200个字符）")
    return name


def type_by_extension(name: str) -> str:
    file_type = EXTENSIONS.get(Path(name).suffix.lower())
    if file_type is None:
        raise EvidenceError("只接受 PDF、JPEG、PNG、XLSX、DOCX 文件")
    return file_type


def type_by_content(head: bytes, path: Path) -> str | None:
    """What the bytes say the file is (magic numbers; a zip's members for xlsx/docx)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        for file_type, member in ZIP_MEMBER.items():
            if member in names:
                return file_type
    return None


def save(stream: BinaryIO, name: str, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Stored:
    """Check and store one upload; nothing is left on disk when it is refused."""
    name = check_name(name)
    expected = type_by_extension(name)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".jpg" if expected == "jpeg" else f".{expected}"
    stored = f"{uuid.uuid4().hex}{suffix}"
    path = folder / stored
    try:
        size = _copy(stream, path, max_bytes)
        if size == 0:
            raise EvidenceError("文件为空")
        with path.open("rb") as f:
            actual = type_by_content(f.read(16), path)
        if actual != expected:
            raise EvidenceError("文件内容与扩展名不符（只接受真实的 PDF、JPEG、PNG、XLSX、DOCX）")
    except EvidenceError:
        path.unlink(missing_ok=True)
        raise
    return Stored(name, stored, expected, size)


def _copy(stream: BinaryIO, path: Path, max_bytes: int) -> int:
    size = 0
    with path.open("wb") as out:
        while chunk := stream.read(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise EvidenceError(f"文件过大（上限 {max_bytes // (1024 * 1024)} MB）")
            out.write(chunk)
    return size


def path_of(folder: Path, stored_name: str) -> Path:
    """The file of a stored name; only names this module generated are accepted."""
    if not STORED_NAME.match(stored_name):
        raise EvidenceError("无效的文件")
    return folder / stored_name
