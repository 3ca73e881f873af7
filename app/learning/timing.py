"""The server's clock for study time: one function, so tests can run it fast."""
from datetime import datetime

from app.core.models import utcnow


def now() -> datetime:
    """Naive UTC now (browser tests replace this with a faster clock)."""
    return utcnow()
