"""Log in, log out, change own password, choose the language."""
from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services
from app.auth.forms import ChangePasswordForm, LoginForm
from app.auth.models import User
from app.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def _account_key() -> str:
    return "login-account:" + (request.form.get("username") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next() or url_for("main.home"))
        flash(_("Wrong username or password, or the account is disabled."), "danger")
    return render_template("auth/login.html", form=form)


def _safe_next() -> str | None:
    """Only same-site paths: never redirect a user off the site after log-in."""
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else None


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.old_password.data, form.new_password.data)
        except services.AccountError as exc:
            form.new_password.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Your password was changed."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/lang/<code>")
def set_language(code: str):
    response = make_response(redirect(_safe_referrer()))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _safe_referrer() -> str:
    ref = request.referrer or ""
    host = request.host_url
    return ref if ref.startswith(host) else url_for("main.home")
