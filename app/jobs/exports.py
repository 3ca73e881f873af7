"""Big exports as jobs: what can be exported (one table), the job that writes the file, and
the pruning of files older than a day.

`runner.submit("export", user, {"export": NAME, "params": {...}})` starts one. A build is
`build(actor, params, progress) -> (filename, bytes or a Path)`: it works as the user who
asked, computing Scope.of(actor) itself exactly as the synchronous download did, and calls
progress(done, total) every thousand rows or every PDF. The file is kept in the job's
folder (UPLOAD_DIR/jobs/<id>/, shared by the app servers and left out of backups) under a
generated name; the name the user sees travels in job.result only.
"""
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.auth.id_access import Disclosure, may_search_by_number
from app.auth.models import User
from app.auth.permissions import can
from app.core.scoping import Scope
from app.core.tables import write_xlsx
from app.extensions import db
from app.importing import KINDS
from app.jobs.models import Job
from app.jobs.progress import ProgressFile, job_dir, ticking
from app.jobs.runner import JobError, handler
from app.people import importer as officer_io
from app.people.queries import RosterFilter, roster
from app.training import exports as training_exports
from app.training import importer as training_io

Progress = Callable[[int, int], None]
KEEP_SECONDS = 24 * 3600
PREFIX = "export-"
STORED = re.compile(r"^export-[0-9a-f]{32}\.(xlsx|pdf|zip)$")
MIMETYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ".pdf": "application/pdf", ".zip": "application/zip"}


@dataclass(frozen=True)
class Export:
    title: str                                   # the Chinese name on the job page
    permission: str                              # checked when started and again in the job
    build: Callable[[User, dict, Progress], tuple[str, bytes | Path]]


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def roster_xlsx(actor, params: dict, progress) -> tuple[str, bytes]:
    """The roster as its page filtered it (params["args"]); ID numbers masked but for HR."""
    kind = KINDS["officers"]
    f = RosterFilter.from_args(MultiDict(params.get("args") or {}), may_search_by_number(actor))
    stmt = roster(Scope.of(actor), f)
    rows = officer_io.export_rows(stmt.order_by(None))
    return _disclosed(actor, kind, ticking(rows, _count(stmt), progress))


def training_xlsx(actor, params: dict, progress) -> tuple[str, bytes]:
    """Every attendance the actor may see, in the import's own headers."""
    kind, scope = KINDS["training"], Scope.of(actor)
    rows = ticking(kind.rows(scope), training_io.export_count(scope), progress)
    return _disclosed(actor, kind, rows)


def _disclosed(actor, kind, rows) -> tuple[str, bytes]:
    """The kind's file with ID numbers as the rule lets the actor see them, audited."""
    disclosure = Disclosure(actor, f"导出任务：{kind.title}")
    headers = list(kind.headers)
    data = write_xlsx(headers, disclosure.rows(headers, rows), title=kind.title)
    disclosure.record()
    return f"{kind.title}.xlsx", data


EXPORTS: dict[str, Export] = {
    "officers": Export("人员名册", "roster.view", roster_xlsx),
    "training": Export("培训记录", "training.view", training_xlsx),
    "compliance.xlsx": Export("培训学时达标情况（Excel）", "training.view",
                              training_exports.compliance_xlsx),
    "compliance.pdf": Export("培训学时达标情况表（PDF）", "training.view",
                             training_exports.compliance_pdf),
    "archives": Export("培训记录档案（PDF 压缩包）", "training.view",
                       training_exports.archives_zip),
}


@handler("export")
def export_job(job: Job) -> dict:
    export = EXPORTS.get(job.params.get("export"))
    if export is None:
        raise JobError("未知的导出类型")
    actor = db.session.get(User, job.owner_id) if job.owner_id else None
    if actor is None or not actor.is_active or not can(actor, export.permission):
        raise JobError("您没有导出这些数据的权限")
    filename, content = export.build(actor, job.params.get("params") or {}, ProgressFile(job.id))
    return _store(job.id, filename, content)


def _store(job_id: int, filename: str, content: bytes | Path) -> dict:
    suffix = Path(filename).suffix.lower()
    target = job_dir(job_id) / f"{PREFIX}{uuid.uuid4().hex}{suffix}"
    part = target.with_name(target.name + ".part")
    try:
        if isinstance(content, bytes):
            part.write_bytes(content)
        else:
            shutil.move(str(content), part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return {"filename": filename, "file": target.name, "size": target.stat().st_size}


def stored_file(job: Job) -> Path | None:
    """The finished export's file, if it is still kept."""
    name = (job.result or {}).get("file", "")
    if job.kind != "export" or job.state != "done" or not STORED.match(name):
        return None
    path = Path(current_app.config["UPLOAD_DIR"]) / "jobs" / str(job.id) / name
    return path if path.is_file() else None


def title(job: Job) -> str:
    export = EXPORTS.get((job.params or {}).get("export"))
    return export.title if export else ""


def prune(max_age: float = KEEP_SECONDS) -> int:
    """Delete export files and uploaded import files (whole 身份证号 in both) older than
    `max_age` seconds; running it twice deletes nothing more."""
    cutoff, removed = time.time() - max_age, 0
    root = Path(current_app.config["UPLOAD_DIR"])
    for path in [*(root / "jobs").glob(f"*/{PREFIX}*"), *(root / "imports").glob("*")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue    # another app server's prune took it first
    return removed
