"""The application factory: a list of configure and register steps, no I/O."""
import logging
from importlib import import_module

from flask import Flask

from config import config_for


def create_app(config: str | type | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config if isinstance(config, type) else config_for(config))
    configure_logging(app)
    configure_proxy(app)
    configure_extensions(app)
    configure_requests(app)
    register_models()
    register_blueprints(app)
    register_commands(app)
    register_template_helpers(app)
    register_error_pages(app)
    register_request_checks(app)
    return app


def configure_logging(app: Flask) -> None:
    """JSON lines in production (for the log collector), plain lines elsewhere."""
    if app.debug or app.testing:
        return
    handler = logging.StreamHandler()
    if app.config.get("JSON_LOGS"):
        from app.core.logs import JsonFormatter

        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


def configure_proxy(app: Flask) -> None:
    """Behind the reverse proxy, client addresses (rate limits, logs) come from its headers."""
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def configure_extensions(app: Flask) -> None:
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    configure_sqlite(app)


def configure_sqlite(app: Flask) -> None:
    """WAL, a busy timeout and enforced foreign keys on every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _pragmas(dbapi_connection, _record):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()


def configure_requests(app: Flask) -> None:
    from app.core import bounded

    bounded.install(app)


def register_request_checks(app: Flask) -> None:
    """Session rules before each request, security headers on every response; the autosave
    answered before Flask's request machinery (app/exams/autosave.py)."""
    from app.auth import sessions
    from app.core import headers
    from app.exams import autosave

    sessions.install(app)
    headers.install(app)
    autosave.install(app)


# Every module with models, and every module with a blueprint `bp`: one line each.
MODEL_MODULES = (
    "app.auth.models",
    "app.core.audit",
    "app.jobs.models",
    "app.org.models",
    "app.people.models",
    "app.specialties.models",
    "app.questions.models",
    "app.notifications.models",
    "app.ops.models",
    "app.training.models",
    "app.training.online.models",
    "app.talentpool.models",
    "app.certificates.models",
    "app.exams.models",
    "app.results.models",
    "app.laws.models",
    "app.system_rules.models",
    "app.rotation.models",
    "app.staffing.models",
    "app.learning.models",
    "app.assessment.models",
)
BLUEPRINT_MODULES = (
    "app.auth.views",
    "app.main.views",
    "app.org.views",
    "app.people.views",
    "app.admin.views",
    "app.jobs.views",
    "app.specialties.views",
    "app.questions.views",
    "app.notifications.views",
    "app.training.views",
    "app.talentpool.views",
    "app.certificates.views",
    "app.exams.views",
    "app.results.views",
    "app.laws.views",
    "app.system_rules.views",
    "app.rotation.views",
    "app.staffing.views",
    "app.learning.views",
    "app.assessment.views",
    "app.annual.views",
)


def register_models() -> None:
    """Import every model module so that metadata and migrations see all tables."""
    for name in MODEL_MODULES:
        import_module(name)


def register_blueprints(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(name).bp)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.main.helpers import install

    install(app)


def register_error_pages(app: Flask) -> None:
    from app.main.errors import install

    install(app)
