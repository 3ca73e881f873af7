"""Production refuses a guessable key and per-process rate limits; `make run` gets its own key."""
import stat

import pytest

import config
from app import create_app

LONG_KEY = "k" * config.MIN_SECRET_KEY_BYTES


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", config.ProductionConfig.SECRET_KEY)
    monkeypatch.setattr(config.ProductionConfig, "RATELIMIT_STORAGE_URI",
                        config.ProductionConfig.RATELIMIT_STORAGE_URI)
    for name in ("SECRET_KEY", "RATELIMIT_STORAGE_URI", "WEB_WORKERS", "WEB_SERVERS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_a_missing_or_default_secret_key(production_env):
    with pytest.raises(RuntimeError):
        config.config_for("production")
    production_env.setenv("SECRET_KEY", config.DEV_SECRET_KEY)
    with pytest.raises(RuntimeError):
        config.config_for("production")


def test_production_refuses_a_secret_key_shorter_than_32_bytes(production_env):
    production_env.setenv("SECRET_KEY", "k" * 31)
    with pytest.raises(RuntimeError, match="32"):
        config.config_for("production")


def test_production_starts_with_a_real_secret_key(production_env):
    production_env.setenv("SECRET_KEY", "a-real-secret-from-the-environment-0123456789")
    assert config.config_for("production").SECRET_KEY == \
        "a-real-secret-from-the-environment-0123456789"


@pytest.mark.parametrize("env", [{"WEB_WORKERS": "2"}, {"WEB_SERVERS": "2"},
                                 {"WEB_WORKERS": "4", "RATELIMIT_STORAGE_URI": "memory://"}])
def test_production_refuses_memory_rate_limits_with_several_processes(production_env, env):
    production_env.setenv("SECRET_KEY", LONG_KEY)
    for name, value in env.items():
        production_env.setenv(name, value)
    with pytest.raises(RuntimeError, match="redis"):
        config.config_for("production")


def test_production_takes_memory_limits_on_one_worker_and_redis_on_many(production_env):
    production_env.setenv("SECRET_KEY", LONG_KEY)
    production_env.setenv("WEB_WORKERS", "1")
    assert config.config_for("production").RATELIMIT_STORAGE_URI == "memory://"
    production_env.setenv("WEB_WORKERS", "9")
    production_env.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    assert config.config_for("production").RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"


def test_gunicorn_tells_the_app_how_many_workers_it_runs(monkeypatch):
    import os
    import runpy

    monkeypatch.setenv("WEB_WORKERS", "unset")     # so that the test leaves it as it found it
    monkeypatch.delenv("WEB_WORKERS")
    settings = runpy.run_path(str(config.BASE_DIR / "gunicorn.conf.py"))
    assert settings["workers"] > 1
    assert os.environ["WEB_WORKERS"] == str(settings["workers"])


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """`make run`'s settings (development, no SECRET_KEY) with the instance folder in tmp."""
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.setattr(config.DevelopmentConfig, "SECRET_KEY", None)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return tmp_path


def test_make_run_serves_with_its_own_random_key_and_no_debugger(instance):
    app = create_app("development")
    key_file = instance / "secret_key"
    assert app.config["SECRET_KEY"] == key_file.read_text().strip()
    assert app.config["SECRET_KEY"] != config.DEV_SECRET_KEY
    assert len(app.config["SECRET_KEY"].encode()) >= config.MIN_SECRET_KEY_BYTES
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not app.debug


def test_another_install_gets_another_key(instance, tmp_path_factory):
    first = config.instance_secret_key(instance)
    other = config.instance_secret_key(tmp_path_factory.mktemp("other"))
    assert first != other


def test_a_restart_keeps_the_key_and_the_sessions(instance):
    before = create_app("development")
    with before.test_request_context():
        cookie = before.session_interface.get_signing_serializer(before).dumps({"probe": 1})
    after = create_app("development")      # a restart: the same instance folder
    assert after.config["SECRET_KEY"] == before.config["SECRET_KEY"]
    with after.test_request_context():
        assert after.session_interface.get_signing_serializer(after).loads(cookie) == {"probe": 1}


def test_a_cookie_signed_with_the_old_public_key_is_not_accepted(instance):
    app = create_app("development")
    forged_app = create_app(type("Forged", (config.TestingConfig,),
                                 {"SECRET_KEY": config.DEV_SECRET_KEY}))
    with forged_app.test_request_context():
        forged = forged_app.session_interface.get_signing_serializer(forged_app).dumps(
            {"_user_id": "1"})
    with app.test_request_context():
        from itsdangerous import BadSignature

        with pytest.raises(BadSignature):
            app.session_interface.get_signing_serializer(app).loads(forged)


def test_demo_data_prints_the_demo_accounts_once(runner):
    first = runner.invoke(args=["demo-data", "--officers", "30"])
    again = runner.invoke(args=["demo-data", "--if-empty"])
    for result in (first, again):
        assert result.exit_code == 0, result.output
        assert result.output.count("演示账号（密码 Demo@2026）") == 1
