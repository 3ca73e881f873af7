"""Which sessions count: the user loader and the checks every request passes.

A session (or a remember-me cookie) carries "id:generation:signed-in-at" (User.get_id). It is
refused once the user's generation has moved on (log-out, password change or reset, disabling:
every device at once), once the log-in is older than SESSION_LIFETIME_SECONDS, and once the
session has been idle for SESSION_IDLE_SECONDS. A user whose password an administrator reset
sees only the change-password form until they have changed it.
"""
import time
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.auth.models import User
from app.extensions import db, login_manager

SEEN = "_seen"
SEEN_STEP = 60
# Token-authorised (the exam API) or public: the session is not read, so not refreshed either.
SESSIONLESS = ("static", "main.healthz")
# Paths whose requests never open the session cookie at all (checking its signature is a
# tenth of an autosave's CPU): the exam API, authorised by its per-attempt token alone.
COOKIELESS_PATHS = ("/exams/api/",)
# What a user who must change their password may still reach.
WHILE_MUST_CHANGE = {"auth.change_password", "auth.logout", "auth.session_status",
                     "auth.set_language", "static"}


def _now() -> int:
    return int(time.time())


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    parts = user_id.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) > 18:
        return None
    uid, generation, signed_in_at = map(int, parts)
    if _now() - signed_in_at > current_app.config["SESSION_LIFETIME_SECONDS"]:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.active or user.session_generation != generation:
        return None
    user.signed_in_at = signed_in_at
    return user


def started(user: User) -> None:
    """Mark a fresh log-in: its clock starts now (call before login_user)."""
    user.signed_in_at = _now()
    session[SEEN] = user.signed_in_at


def check_request():
    """Idle timeout, then the forced password change; nothing for sessionless endpoints."""
    endpoint = request.endpoint or ""
    if endpoint in SESSIONLESS or endpoint.startswith("exams.api_") or \
            not current_user.is_authenticated:
        return None
    now = _now()
    if now - session.get(SEEN, now) > current_app.config["SESSION_IDLE_SECONDS"]:
        logout_user()
        session.pop(SEEN, None)
        if endpoint == "auth.session_status":
            return None                         # it answers 401 itself
        flash(_("You were away too long: please log in again."), "warning")
        return login_manager.unauthorized()
    # The exam page's check is not activity. Activity is noted to the minute: a cookie
    # re-signed and sent back with every page costs each page more than it tells.
    if endpoint != "auth.session_status" and now - session.get(SEEN, 0) >= SEEN_STEP:
        session[SEEN] = now
    if current_user.must_change_password and endpoint not in WHILE_MUST_CHANGE:
        return redirect(url_for("auth.change_password"))
    return None


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: never a redirect off the site.

    Browsers drop tabs and newlines and read a backslash as a slash, so "/\\t/evil.example"
    and "/\\\\evil.example" would leave the site: any of them, or any scheme or host, is refused.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


class TokenApiSessions(SecureCookieSessionInterface):
    """The signed-cookie session, except on COOKIELESS_PATHS: there a null session (empty;
    writing to it fails loudly), never saved, so the response sets no cookie."""

    def open_session(self, app, request):
        if request.path.startswith(COOKIELESS_PATHS):
            return self.null_session_class()
        return super().open_session(app, request)


def install(app: Flask) -> None:
    app.session_interface = TokenApiSessions()
    app.before_request(check_request)
