"""Certificate fixtures: a certificate in any status, and a fixed 'today'."""
from datetime import date

import pytest

from app.certificates.models import Certificate
from app.core import clock

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every certificate test runs on 2026-06-15 (Asia/Shanghai)."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def make_certificate(db):
    """make_certificate(officer, status="valid", number=..., valid_until=...): stored as given."""
    numbers = iter(range(1, 10_000))

    def make(officer, status: str = "valid", *, number: str | None = None,
             issued_on: date = date(2024, 1, 1), valid_until: date | None = date(2029, 12, 31),
             approved: bool = True, **fields) -> Certificate:
        if number is None and status not in ("applied", "rejected"):
            number = f"赣{officer.id:04d}{next(numbers):04d}"
        certificate = Certificate(officer=officer, status=status, number=number,
                                  authority="江西省人民政府" if number else None,
                                  issued_on=issued_on if number else None,
                                  valid_until=valid_until if number else None,
                                  approved=approved, **fields)
        db.session.add(certificate)
        db.session.commit()
        return certificate
    return make
