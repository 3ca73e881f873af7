"""Pool fixtures: members in a small province, everyone certified unless a test asks otherwise."""
from datetime import date

import pytest
from sqlalchemy import false, true

from app.people.models import Officer
from app.specialties.models import find
from app.talentpool import eligibility
from app.talentpool.models import TalentMember


@pytest.fixture(autouse=True)
def everyone_certified(monkeypatch):
    """By default every on-post officer counts as certified (a stand-in for a certificate each);
    tests of the rule undo this or override it."""
    monkeypatch.setattr(eligibility, "certified_ids", lambda ids, on, until=None: set(ids))
    monkeypatch.setattr(eligibility, "certified_clause", lambda on, until=None: true())


@pytest.fixture
def certified_only(monkeypatch):
    """Make only the given officers certified: certified_only({id, ...})."""
    def apply(ids: set[int]) -> None:
        monkeypatch.setattr(eligibility, "certified_ids",
                            lambda officer_ids, on, until=None: set(officer_ids) & set(ids))
        monkeypatch.setattr(eligibility, "certified_clause",
                            lambda on, until=None: Officer.id.in_(sorted(ids)) if ids else false())
    return apply


@pytest.fixture
def make_member(db):
    def make(officer, specialty: str = "food", *, level: str = "backbone",
             state: str = "approved", paused_from: date | None = None,
             paused_until: date | None = None) -> TalentMember:
        member = TalentMember(officer=officer, specialty=find(specialty), level=level,
                              state=state, paused_from=paused_from, paused_until=paused_until,
                              pause_reason="休假" if paused_from else None)
        db.session.add(member)
        db.session.commit()
        return member
    return make


@pytest.fixture
def pool(province, make_officer, make_member):
    """Three approved food members in each county: officers named after their county."""
    officers = {}
    for code in ("360102", "360103", "360702", "360703"):
        officers[code] = [make_officer(province[code], f"{code}-{i}", on_post=True)
                          for i in range(3)]
        for officer in officers[code]:
            make_member(officer)
    return officers
