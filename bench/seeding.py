"""What the load benches seed alike: a county bureau and N officers on post, each with an
officer account (a cheap password hash: the benches measure their route, not log-in)."""
from datetime import date

PASSWORD = "Bench@2026"


def county_with_officers(count: int, name: str, username: str) -> tuple[object, list]:
    """东湖区's bureau and officers `{name}0001`… with accounts `{username}0001`…, in the app
    context of the caller; returns (unit, officers in id order)."""
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from app.auth.models import User
    from app.core import idcard
    from app.core.models import utcnow
    from app.extensions import db
    from app.org.models import Unit
    from app.people.models import Officer

    unit = Unit(code="360102", name="东湖区市场监督管理局", kind="县区局")
    db.session.add(unit)
    db.session.flush()
    unit.refresh_path()
    now = utcnow()
    db.session.execute(insert(Officer), [
        {"name": f"{name}{i:04d}",
         **Officer.id_columns(idcard.make("360102", date(1980, 1, 1 + i % 28), i)),
         "unit_id": unit.id, "on_post": True, "status": "active",
         "created_at": now, "updated_at": now} for i in range(1, count + 1)])
    officers = list(db.session.scalars(select(Officer).order_by(Officer.id)))
    digest = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    db.session.execute(insert(User), [
        {"username": f"{username}{i:04d}", "display_name": o.name, "password_hash": digest,
         "role": "officer", "unit_id": unit.id, "officer_id": o.id, "active": True,
         "must_change_password": False, "created_at": now}
        for i, o in enumerate(officers, start=1)])
    return unit, officers
