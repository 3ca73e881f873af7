"""Guessing passwords: shared counters, the same work for every name, a password policy,
and an attacker slowed down without locking the real user out."""
from concurrent.futures import ProcessPoolExecutor

import pytest
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from app.auth import services
from app.auth.models import User
from app.core.ratelimits import SQLiteFileStorage
from tests.conftest import PASSWORD
from tests.exams.helpers import forget_request_state


def _hit(args) -> list[bool]:
    """One web worker: a storage of its own on the shared file, as after gunicorn's fork."""
    path, tries = args
    limiter = FixedWindowRateLimiter(SQLiteFileStorage(f"sqlite:///{path}"))
    return [limiter.hit(parse("5 per minute"), "login-account", "hr@10.0.0.9")
            for _ in range(tries)]


def test_login_counters_are_shared_by_every_worker_process(tmp_path):
    path = tmp_path / "ratelimits.db"
    with ProcessPoolExecutor(2) as pool:
        allowed = [ok for worker in pool.map(_hit, [(path, 6), (path, 6)]) for ok in worker]
    assert allowed.count(True) == 5         # not 5 per process
    storage = SQLiteFileStorage(f"sqlite:///{path}")
    assert storage.check()
    storage.reset()
    assert FixedWindowRateLimiter(storage).test(parse("5 per minute"), "login-account",
                                                "hr@10.0.0.9")


def test_make_run_counts_in_a_file_not_in_process_memory(monkeypatch):
    from limits.storage import storage_from_string

    import config

    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    uri = config.DevelopmentConfig.RATELIMIT_STORAGE_URI
    assert uri == f"sqlite:///{config.INSTANCE_DIR / 'ratelimits.db'}"
    assert isinstance(storage_from_string(uri), SQLiteFileStorage)


def test_an_unknown_name_costs_a_password_hash_like_a_real_one(db, auth, monkeypatch):
    calls = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash",
                        lambda stored, given: calls.append(given) or real(stored, given))
    assert services.authenticate("nobody-here", "Guess1234") is None
    assert calls == ["Guess1234"]
    assert auth.login("nobody-here", "Other1234").status_code == 200
    assert calls[-1] == "Other1234"


def test_a_disabled_account_also_costs_the_hash(db, make_user, province, monkeypatch):
    user = make_user("hr", province["360102"])
    user.active = False
    db.session.commit()
    calls = []
    monkeypatch.setattr(User, "check_password",
                        lambda self, given: calls.append(given) or False)
    assert services.authenticate(user.username, PASSWORD) is None
    assert calls == [PASSWORD]


@pytest.fixture
def strict_limits(app):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="3 per minute", LOGIN_LIMIT_PER_ADDRESS="6 per minute")
    yield
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="1000 per minute",
                      LOGIN_LIMIT_PER_ADDRESS="1000 per minute")


def _login(app, username: str, password: str, address: str):
    from tests.conftest import Auth

    forget_request_state()
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = Auth(client).csrf("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


def test_an_attacker_is_held_back_but_the_real_user_elsewhere_still_logs_in(
        app, db, make_user, province, strict_limits):
    user = make_user("hr", province["360102"])
    attacker, office = "203.0.113.66", "10.36.1.20"
    codes = [_login(app, user.username, "Wrong1234", attacker).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _login(app, user.username, PASSWORD, attacker).status_code == 429
    assert _login(app, user.username, PASSWORD, office).status_code == 302


def test_one_address_is_held_back_across_accounts(app, db, make_user, province, strict_limits):
    codes = [_login(app, f"nobody{i}", "Wrong1234", "203.0.113.7").status_code for i in range(7)]
    assert codes == [200] * 6 + [429]


def test_successful_log_ins_of_one_office_do_not_use_up_its_limit(
        app, db, make_user, province, strict_limits):
    users = [make_user("officer", province["360102"]) for _ in range(8)]
    codes = [_login(app, u.username, PASSWORD, "10.36.1.1").status_code for u in users]
    assert codes == [302] * 8


@pytest.mark.parametrize("password, problem", [
    ("Ab1!xyz", "至少8位"),
    ("password1", "至少三类"),
    ("abcdefgh1", "至少三类"),
    ("ABCDEFG!!", "至少三类"),
    ("Password1", "过于常见"),
    ("P@ssw0rd", "过于常见"),
    ("Zhangsan2026", "用户名"),
])
def test_the_password_policy_refuses_weak_passwords_in_chinese(password, problem):
    assert problem in services.password_problem(password, "zhangsan")


@pytest.mark.parametrize("password", ["Demo@2026", "Secret123", "tiaojie#2026", "9月3日Xyz1"])
def test_the_password_policy_takes_good_ones(password):
    assert services.password_problem(password, "zhangsan") is None


def test_the_policy_holds_for_change_reset_and_new_accounts(db, auth, make_user, province):
    admin = make_user("admin")
    clerk = make_user("hr", province["360102"], username="liming")
    with pytest.raises(services.AccountError, match="至少三类"):
        services.reset_password(admin, clerk, "password1")
    with pytest.raises(services.AccountError, match="用户名"):
        services.reset_password(admin, clerk, "Liming2026!")
    with pytest.raises(services.AccountError, match="过于常见"):
        services.change_password(clerk, PASSWORD, "Password1")
    with pytest.raises(services.AccountError, match="至少三类"):
        services.create_user(admin, username="wangwu", password="wangwu12345", role="admin")
    auth.login(clerk.username)
    page = auth.post("/password", {"old_password": PASSWORD, "new_password": "password1",
                                   "confirm": "password1"}).get_data(as_text=True)
    assert "至少三类" in page
