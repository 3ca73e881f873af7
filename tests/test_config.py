"""Production refuses to start without a real secret key, and starts with one."""
import pytest

import config


def test_production_refuses_a_missing_or_default_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError):
        config.config_for("production")
    monkeypatch.setenv("SECRET_KEY", config.DEV_SECRET_KEY)
    with pytest.raises(RuntimeError):
        config.config_for("production")


def test_production_starts_with_a_real_secret_key(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", config.ProductionConfig.SECRET_KEY)
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    assert config.config_for("production").SECRET_KEY == "a-real-secret-from-the-environment"
