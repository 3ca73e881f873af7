"""Notifications the training domain sends: the officer hears how HR decided an external
training they submitted."""
from flask import url_for
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.notifications.services import notify
from app.training.models import ExternalTraining


def _link() -> str:
    try:
        return url_for("training.my_year")
    except RuntimeError:    # outside a request (commands, jobs)
        return "/training/me"


def submission_decided(item: ExternalTraining) -> int:
    users = db.session.scalars(select(User.id).where(
        User.officer_id == item.officer_id, User.active.is_(True)))
    if item.state == "approved":
        text = f"您申报的外部培训《{item.title}》已审核通过，{float(item.hours):g} 学时已计入"
    else:
        text = f"您申报的外部培训《{item.title}》被退回：{item.reason}"
    return notify(users, text, link=_link(), key=f"training-submission-{item.id}-{item.state}")
