"""Progress of a running job, kept in a small file beside its upload.

A file, not a table: the job's own work is one database transaction (all or
nothing), and on SQLite a second writer would wait on that transaction's lock.
The folder is the shared upload path, so every app server can read it.
"""
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
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


def ticking(items: Iterable, total: int, progress: Callable[[int, int], None],
            every: int = 1000) -> Iterator:
    """`items` unchanged, telling `progress` (done, total) at the start, every `every` items
    and at the end."""
    progress(0, total)
    n = 0
    for n, item in enumerate(items, start=1):
        if n % every == 0:
            progress(min(n, total), total)
        yield item
    progress(min(n, total), total)


def share(progress: Callable[[int, int], None], start: int, end: int,
          scale: int = 1000) -> Callable[[int, int], None]:
    """A progress callback for one phase of a job, mapped onto [start, end] of `scale`
    (e.g. reading rows 0-100, then laying out pages 100-1000)."""
    def report(done: int, total: int) -> None:
        progress(start + (end - start) * min(done, total) // max(total, 1), scale)
    return report
