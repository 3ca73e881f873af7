"""Demo staffing: some 法制审核 staff, and three past years' snapshots a little below today's
(the seed wants the shares to rise). Its own random numbers, so that the steps before keep
theirs."""
import random

from sqlalchemy import select, update

from app.core import clock
from app.extensions import db
from app.people.models import Officer
from app.staffing.models import COUNTS, StaffingSnapshot
from app.staffing.queries import live_counts


def build(_rng: random.Random) -> None:
    rng = random.Random(51)
    ids = list(db.session.scalars(select(Officer.id).where(Officer.status == "active")
                                  .order_by(Officer.id)))
    reviewers = [i for i in ids if rng.random() < 0.08]
    qualified = [i for i in reviewers if rng.random() < 0.6]
    db.session.execute(update(Officer).where(Officer.id.in_(reviewers))
                       .values(legal_reviewer=True))
    db.session.execute(update(Officer).where(Officer.id.in_(qualified))
                       .values(legal_qualification=True))
    this = clock.today().year
    for unit_id, now in live_counts().items():
        for back in (1, 2, 3):
            # Each one counted today was counted then with a chance falling 7 points a year.
            past = {n: sum(rng.random() >= 0.07 * back for _ in range(getattr(now, n)))
                    for n in COUNTS}
            past["enforcing"] = now.enforcing
            past["reviewers_qualified"] = min(past["reviewers_qualified"], past["reviewers"])
            db.session.add(StaffingSnapshot(unit_id=unit_id, year=this - back, **past))
    db.session.flush()
