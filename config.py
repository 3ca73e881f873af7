"""Settings for development, testing and production, read from the environment."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{BASE_DIR / 'instance' / name}"


DEV_SECRET_KEY = "dev-only-not-secret"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url("app.db")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # An xlsx is a zip: refuse one whose members inflate past this.
    MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(BASE_DIR / "instance" / "uploads"))
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per minute")
    PAGE_SIZE = 50
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # 身份证号 encryption (app/core/idcrypt.py): keys from here, else files in ID_KEY_DIR
    # (default: the instance folder), created once where ID_KEYS_GENERATE allows.
    ID_ENCRYPTION_KEY = os.environ.get("ID_ENCRYPTION_KEY")
    ID_ENCRYPTION_OLD_KEYS = os.environ.get("ID_ENCRYPTION_OLD_KEYS", "")
    ID_HASH_KEY = os.environ.get("ID_HASH_KEY")
    ID_KEY_DIR = os.environ.get("ID_KEY_DIR")
    ID_KEYS_GENERATE = True
    SEARCH_LIMIT = os.environ.get("SEARCH_LIMIT", "30 per minute")


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    LOGIN_LIMIT_PER_ACCOUNT = "1000 per minute"
    LOGIN_LIMIT_PER_ADDRESS = "1000 per minute"
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
    REMEMBER_COOKIE_HTTPONLY = True
    PREFERRED_URL_SCHEME = "https"
    # Several servers must share one set of keys: never make one up on a server.
    ID_KEYS_GENERATE = os.environ.get("ID_KEYS_GENERATE") == "1"

    @classmethod
    def check(cls) -> None:
        """Refuse to start production without a real secret key."""
        key = os.environ.get("SECRET_KEY")
        if not key or key == DEV_SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in production")
        cls.SECRET_KEY = key


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """The settings class named by `name` or by APP_ENV (development by default)."""
    name = name or os.environ.get("APP_ENV", "development")
    cfg = CONFIGS[name]
    if cfg is ProductionConfig:
        ProductionConfig.check()
    return cfg
