"""Saving an uploaded spreadsheet for an import: a generated name, the type and size checked."""
import uuid
from pathlib import Path

from flask import current_app

from app.core.tables import TableError, check_xlsx


def save_upload(storage, suffixes: tuple[str, ...] = (".xlsx", ".csv")) -> Path:
    """Store the file under UPLOAD_DIR/imports; refuse other types and xlsx zip bombs."""
    suffix = Path(storage.filename or "").suffix.lower()
    if suffix not in suffixes:
        raise TableError(f"只接受 {'、'.join(suffixes[:-1])} 或 {suffixes[-1]} 文件")
    folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    storage.save(path)
    if suffix == ".xlsx":
        try:
            check_xlsx(path, current_app.config["MAX_XLSX_UNCOMPRESSED"])
        except TableError:
            path.unlink(missing_ok=True)
            raise
    return path
