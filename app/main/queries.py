"""The figures on each role's home page, scoped to the user."""
from sqlalchemy import func, select

from app.core.scoping import Scope, scoped
from app.extensions import db
from app.people.models import Officer


def home_figures(user) -> dict:
    scope = Scope.of(user)
    if user.role == "officer":
        return {"officer": user.officer}
    base = scoped(Officer, scope, select(func.count(Officer.id)))
    return {
        "officers": db.session.scalar(base),
        "enforcing": db.session.scalar(base.where(Officer.on_post.is_(True),
                                                  Officer.status == "active")),
        "left_post": db.session.scalar(base.where(Officer.status != "active")),
    }
