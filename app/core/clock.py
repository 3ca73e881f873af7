"""Dates in the province's time zone (Asia/Shanghai), whatever the server's zone."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return datetime.now(ZONE).date()
