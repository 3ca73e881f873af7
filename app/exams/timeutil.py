"""Exam times: stored as naive UTC, entered and shown in Asia/Shanghai."""
from datetime import UTC, datetime

from app.core.clock import ZONE


def to_utc(local: datetime) -> datetime:
    """A naive Shanghai wall-clock time as naive UTC."""
    return local.replace(tzinfo=ZONE).astimezone(UTC).replace(tzinfo=None)


def to_local(utc: datetime | None) -> datetime | None:
    """Naive UTC as naive Shanghai wall-clock time."""
    if utc is None:
        return None
    return utc.replace(tzinfo=UTC).astimezone(ZONE).replace(tzinfo=None)


def local_text(utc: datetime | None) -> str:
    local = to_local(utc)
    return local.strftime("%Y-%m-%d %H:%M") if local else ""
