"""Course files (mp4 videos, PDFs): checked by content, stored under generated names in
UPLOAD_DIR/learning, served with range requests (or handed to nginx by X-Accel-Redirect)."""
import re
import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

from flask import current_app

KINDS = {"video": (".mp4", "video/mp4"), "pdf": (".pdf", "application/pdf")}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(mp4|pdf)$")


class MediaError(ValueError):
    """A file that cannot be a chapter; the message is for the user."""


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "learning"
    path.mkdir(parents=True, exist_ok=True)
    return path


def kind_of(head: bytes) -> str | None:
    """mp4 carries 'ftyp' at byte 4; a PDF starts with %PDF-."""
    if head[4:8] == b"ftyp":
        return "video"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def save(stream: BinaryIO, kind: str) -> str:
    """Store the file if its content is `kind`; returns the stored name."""
    head = stream.read(16)
    if kind_of(head) != kind:
        raise MediaError("视频只接受 MP4 文件，课件只接受 PDF 文件")
    name = uuid.uuid4().hex + KINDS[kind][0]
    with open(folder() / name, "wb") as out:
        out.write(head)
        shutil.copyfileobj(stream, out, 1024 * 1024)
    return name


def path_of(stored_name: str) -> Path:
    if not STORED_NAME.match(stored_name or ""):
        raise MediaError("文件名不合法")
    return folder() / stored_name
