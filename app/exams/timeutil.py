"""Exam times: stored as naive UTC, entered and shown in Asia/Shanghai (app/core/clock.py)."""
from app.core.clock import shown, to_local, to_utc

__all__ = ["local_text", "to_local", "to_utc"]


def local_text(utc) -> str:
    return shown(utc)
