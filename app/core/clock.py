"""Time in the province's zone (Asia/Shanghai), whatever the server's zone.

Times are stored as naive UTC; every page, export, PDF and notification shows them
in Beijing time through `shown` (the `beijing` template filter), and nowhere else.
"""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"


def today() -> date:
    return datetime.now(ZONE).date()


def to_utc(local: datetime) -> datetime:
    """A naive Shanghai wall-clock time as naive UTC."""
    return local.replace(tzinfo=ZONE).astimezone(UTC).replace(tzinfo=None)


def to_local(utc: datetime | None) -> datetime | None:
    """Naive UTC as naive Shanghai wall-clock time."""
    if utc is None:
        return None
    return utc.replace(tzinfo=UTC).astimezone(ZONE).replace(tzinfo=None)


def shown(value: datetime | date | None, fmt: str = MINUTES) -> str:
    """A stored time as people read it: Beijing time; a date as it is; '' for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return to_local(value).strftime(fmt)
    return value.strftime("%Y-%m-%d")


def local_date(utc: datetime | None) -> date | None:
    """The Beijing calendar day of a stored time."""
    local = to_local(utc)
    return local.date() if local else None
