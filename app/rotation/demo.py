"""A demo rotation programme: the legal account's city, this year, an interview panel with
two jurors who scored part of the officers. Its own random numbers (see app/staffing/demo)."""
import random
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.core import clock
from app.core.actor import CLI
from app.core.scoping import subtree_ids
from app.extensions import db
from app.rotation import services
from app.training.models import TrainingSession


def build(_rng: random.Random) -> None:
    rng = random.Random(7)
    legal = db.session.scalar(select(User).where(User.username == "legal"))
    if legal is None or legal.unit is None:
        return
    city, year = legal.unit, clock.today().year
    programme = services.save_programme(CLI, services.ProgrammeData(
        name=f"{year}年度{city.name}行政执法人员全员轮训", year=year, unit=city, units=[city],
        method="interview"))
    for session in db.session.scalars(
            select(TrainingSession).where(TrainingSession.unit_id.in_(subtree_ids(city.path)),
                                          TrainingSession.year == year)
            .order_by(TrainingSession.start_date).limit(2)):
        services.link_session(CLI, programme, session, True)
    services.enrol(CLI, programme)
    jurors = [services.add_juror(CLI, programme, "", legal),
              services.add_juror(CLI, programme, "外聘评委")]
    scored = programme.participants[: len(programme.participants) // 2]
    for juror in jurors:
        services.record_scores(CLI, programme, juror, {
            p.id: Decimal(rng.randrange(50, 100)) for p in scored})
