"""The home page: what each role needs first."""
from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from app.main import dashboard

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    return render_template("main/home.html", figures=dashboard.figures_for(current_user))


@bp.route("/healthz")
def health():
    return {"status": "ok"}


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it at the root whatever the page links to."""
    return current_app.send_static_file("favicon.ico")
