"""Error pages in the user's language; never a stack trace, never a 500 for bad input."""
from contextlib import suppress

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, OperationalError

MESSAGES = {
    400: _l("The request was not understood."),
    403: _l("You may not see this page."),
    404: _l("This page does not exist, or is not yours to see."),
    413: _l("The file is too large."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong on our side. It has been logged."),
}


def _render(code: int, message: str):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=message), code
    return render_template("error.html", code=code, message=message), code


def _database_down(error):
    """The database went away (restart, failover): answer 503, keep nothing half-written.

    The page must not touch the database itself: the usual error page would load the
    user, the menu and the notification count, fail again, and turn the 503 into a 500.
    """
    from app.extensions import db

    # The connection may be gone already: the server has rolled back, nothing to undo here.
    with suppress(Exception):
        db.session.rollback()
    current_app.logger.error("database unavailable: %s", error.__class__.__name__)
    message = str(_l("The database is unavailable for a moment. "
                     "Your last action was not saved; try again shortly."))
    if request.is_json or "/api/" in request.path or \
            request.accept_mimetypes.best == "application/json":
        response = jsonify(ok=False, error=message)
    else:
        response = current_app.make_response(
            render_template("error_offline.html", code=503, message=message))
    response.status_code = 503
    response.headers["Retry-After"] = "5"
    return response


def install(app: Flask) -> None:
    app.register_error_handler(OperationalError, _database_down)
    # The pool's own signal that a connection died under it (InvalidatePoolError) is the same outage.
    app.register_error_handler(DisconnectionError, _database_down)
    for code, message in MESSAGES.items():
        app.register_error_handler(code, lambda e, c=code, m=message: _render(c, str(m)))
    app.register_error_handler(
        CSRFError, lambda e: _render(400, _("The form expired. Reload the page and try again.")))
