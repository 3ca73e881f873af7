"""The notifications page: a user sees only their own."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.core.pagination import paginate
from app.extensions import db
from app.notifications import queries, services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("/")
@login_required
def index():
    page = paginate(queries.mine(current_user.id), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    return render_template("notifications/index.html", page=page)


@bp.route("/read", methods=["POST"])
@login_required
def read_all():
    services.mark_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def unread():
    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        return queries.unread_count(current_user.id)
    return {"unread_notifications": count}
