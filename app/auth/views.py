"""Log in, log out, change own password, choose the language."""
from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services, sessions
from app.auth.forms import ChangePasswordForm, LoginForm
from app.extensions import db, limiter

bp = Blueprint("auth", __name__)


# Failed log-ins are counted per address and per account *from that address*, in the shared
# limiter storage (all workers, all servers). Not per account alone: a limit on the name alone
# lets anyone lock a user out by typing wrong passwords for it. Keyed on name and address, the
# attacker's address is held back while the real user, at her own computer, still logs in.
# Guessing from many addresses at once meets the password policy (no common passwords, three
# character classes). Successful log-ins are not counted, so a whole office behind one address
# can log in together on exam day.
def _account_key() -> str:
    account = (request.form.get("username") or "").strip().lower()[:50]
    return f"login-account:{account}@{get_remote_address()}"


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            db.session.commit()
            sessions.started(user)
            login_user(user, remember=form.remember.data)
            return redirect(sessions.safe_next(request.args.get("next")) or url_for("main.home"))
        flash(_("Wrong username or password, or the account is disabled."), "danger")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.log_out(current_user)
    db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/session/status")
def session_status():
    """For the exam page: is the session still alive? (Answers are saved by token either way.)"""
    if not current_user.is_authenticated:
        return jsonify(ok=False, error=_("Your log-in has ended: this exam's answers are still "
                                         "saved. Log in again after submitting.")), 401
    return jsonify(ok=True)


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
            # Every other session of the user has just ended; this one goes on.
            login_user(current_user._get_current_object(),
                       remember=current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
                       in request.cookies)
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
