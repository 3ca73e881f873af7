"""Settings for development, testing and production, read from the environment."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
MIN_SECRET_KEY_BYTES = 32


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{INSTANCE_DIR / name}"


DEV_SECRET_KEY = "dev-only-not-secret"
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_LIFETIME_HOURS = int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url("app.db")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # An xlsx is a zip: refuse one whose members inflate past this.
    MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Behind nginx, course files go out by X-Accel-Redirect under this internal prefix.
    LEARNING_ACCEL_PREFIX = os.environ.get("LEARNING_ACCEL_PREFIX") or None
    LEARNING_MAX_UPLOAD_BYTES = int(os.environ.get("LEARNING_MAX_UPLOAD_BYTES", 2 * 1024 ** 3))
    # On one PC the web workers share counters through a small SQLite file; across servers, Redis.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or \
        _sqlite_url("ratelimits.db")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per minute")
    LOGIN_LIMIT_ACCOUNT_ANY_ADDRESS = os.environ.get("LOGIN_LIMIT_ACCOUNT_ANY_ADDRESS",
                                                     "60 per hour")
    PAGE_SIZE = 50
    SESSION_IDLE_SECONDS = SESSION_IDLE_MINUTES * 60
    SESSION_LIFETIME_SECONDS = SESSION_LIFETIME_HOURS * 3600
    # A form's CSRF token lives as long as the longest session it can belong to.
    WTF_CSRF_TIME_LIMIT = SESSION_LIFETIME_SECONDS
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=SESSION_LIFETIME_SECONDS)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    HSTS = False
    # 身份证号 encryption (app/core/idcrypt.py): keys from here, else files in ID_KEY_DIR
    # (default: the instance folder), created once where ID_KEYS_GENERATE allows.
    ID_ENCRYPTION_KEY = os.environ.get("ID_ENCRYPTION_KEY")
    ID_ENCRYPTION_OLD_KEYS = os.environ.get("ID_ENCRYPTION_OLD_KEYS", "")
    ID_HASH_KEY = os.environ.get("ID_HASH_KEY")
    ID_KEY_DIR = os.environ.get("ID_KEY_DIR")
    ID_KEYS_GENERATE = True
    SEARCH_LIMIT = os.environ.get("SEARCH_LIMIT", "30 per minute")

    @classmethod
    def prepare(cls) -> None:
        """Checks and settings that need the environment or the disk; nothing by default."""


class DevelopmentConfig(Config):
    """`make run` and `flask run`: no debugger unless `flask run --debug` asks for one."""

    @classmethod
    def prepare(cls) -> None:
        cls.SECRET_KEY = os.environ.get("SECRET_KEY") or instance_secret_key()


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_LIMIT_PER_ACCOUNT = "1000 per minute"
    LOGIN_LIMIT_PER_ADDRESS = "1000 per minute"
    LOGIN_LIMIT_ACCOUNT_ANY_ADDRESS = "1000 per minute"
    TASK_QUEUE_IMMEDIATE = True
    WTF_CSRF_ENABLED = True
    ID_ENCRYPTION_KEY = "dGVzdGluZy1vbmx5LWlkLWVuY3J5cHRpb24ta2V5ISE="
    ID_ENCRYPTION_OLD_KEYS = ""
    ID_HASH_KEY = "testing-only-id-hash-key"
    SEARCH_LIMIT = "1000 per minute"


class ProductionConfig(Config):
    JSON_LOGS = True
    PROXY_FIX = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    HSTS = True
    # Several servers must share one set of keys: never make one up on a server.
    ID_KEYS_GENERATE = os.environ.get("ID_KEYS_GENERATE") == "1"

    @classmethod
    def prepare(cls) -> None:
        cls.check()

    @classmethod
    def check(cls) -> None:
        """Refuse to start production with a guessable key or with rate limits per process."""
        key = os.environ.get("SECRET_KEY") or ""
        if key == DEV_SECRET_KEY or len(key.encode()) < MIN_SECRET_KEY_BYTES:
            raise RuntimeError(f"SECRET_KEY must be set in production, at least "
                               f"{MIN_SECRET_KEY_BYTES} bytes of random text")
        storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        if storage.startswith("memory://") and _processes() > 1:
            raise RuntimeError("RATELIMIT_STORAGE_URI=memory:// counts per process: with several "
                               "workers or servers set it to redis://...")
        cls.SECRET_KEY = key
        cls.RATELIMIT_STORAGE_URI = storage


def _processes() -> int:
    """Web processes that must share counters: WEB_WORKERS (gunicorn.conf.py sets it) x WEB_SERVERS."""
    return int(os.environ.get("WEB_WORKERS") or 1) * int(os.environ.get("WEB_SERVERS") or 1)


def instance_secret_key(folder: Path | None = None) -> str:
    """This installation's own random key: made once in the instance folder (mode 0600), then reused.

    Several processes start together (`make run`): each writes its candidate to a private file
    and hard-links it into place; the link is atomic, so the first wins and all read its key.
    """
    path = (folder or INSTANCE_DIR) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(candidate, path)
        except FileExistsError:
            # Another worker wrote the key first: everyone reads that one below.
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip()


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """The settings class named by `name` or by APP_ENV (development by default)."""
    name = name or os.environ.get("APP_ENV", "development")
    cfg = CONFIGS[name]
    cfg.prepare()
    return cfg
