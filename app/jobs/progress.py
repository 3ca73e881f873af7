"""Progress of a running job, kept in a small file beside its upload.

A file, not a table: the job's own work is one database transaction (all or
nothing), and on SQLite a second writer would wait on that transaction's lock.
The folder is the shared upload path, so every app server can read it.
"""
import json
import os
import time
from pathlib import Path

from flask import current_app


def job_dir(job_id: int) -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "jobs" / str(job_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


class ProgressFile:
    """Writes (done, total) at most a few times a second."""

    def __init__(self, job_id: int) -> None:
        self.path = job_dir(job_id) / "progress.json"
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.3 and done < total:
            return
        self.last = now
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"done": done, "total": total}))
        os.replace(tmp, self.path)


def read(job_id: int) -> dict:
    path = Path(current_app.config["UPLOAD_DIR"]) / "jobs" / str(job_id) / "progress.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {"done": 0, "total": 0}
