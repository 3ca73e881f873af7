"""The task queue (huey): SQLite on one PC, Redis across servers, immediate in tests.

Only `flask worker` consumes it; web workers only enqueue.
"""
import os
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import RedisHuey, SqliteHuey


def _make_huey():
    url = os.environ.get("TASK_QUEUE_URL", "")
    if url.startswith("redis://"):
        return RedisHuey("enforcement-training", url=url)
    default = Path(__file__).resolve().parents[2] / "instance" / "huey.db"
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else default
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("enforcement-training", filename=str(path))


huey = _make_huey()
_bound: dict[str, Flask] = {}


def init_app(app: Flask) -> None:
    """Tests run tasks at once, in the caller's process."""
    if app.config.get("TASK_QUEUE_IMMEDIATE"):
        huey.immediate = True
    _bound.setdefault("app", app)


def app_for_task() -> Flask:
    if has_app_context():
        return current_app._get_current_object()
    if "app" not in _bound:
        from app import create_app

        _bound["app"] = create_app()
    return _bound["app"]


@huey.task()
def run_job(job_id: int) -> None:
    from app.jobs.runner import execute

    app = app_for_task()
    with app.app_context():
        execute(job_id)
