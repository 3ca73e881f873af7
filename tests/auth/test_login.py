import pytest

from app.auth.models import User
from app.core.audit import AuditEntry
from tests.conftest import PASSWORD


def test_login_page_speaks_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and "用户名" in page


def test_english_is_selectable(client):
    client.get("/lang/en")
    page = client.get("/login").get_data(as_text=True)
    assert "Log in" in page and "登录" not in page.replace("中文", "")


def test_good_credentials_log_in_and_out(auth, make_user, province):
    user = make_user("hr", province["360102"])
    assert auth.login(user.username).status_code == 302
    assert auth.client.get("/").status_code == 200
    auth.logout()
    assert auth.client.get("/").status_code == 302


def test_wrong_password_and_disabled_account_get_the_same_answer(auth, make_user, province, db):
    user = make_user("hr", province["360102"])
    wrong = auth.login(user.username, "nope").get_data(as_text=True)
    user.active = False
    db.session.commit()
    disabled = auth.login(user.username).get_data(as_text=True)
    assert "用户名或密码错误" in wrong and "用户名或密码错误" in disabled
    assert auth.client.get("/").status_code == 302


def test_login_without_csrf_token_is_refused(client, make_user, province):
    user = make_user("hr", province["360102"])
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400


def test_login_attempts_are_limited_per_account(app, auth, make_user, province):
    user = make_user("hr", province["360102"])
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    try:
        codes = [auth.login(user.username, "bad").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        # Even the right password is refused while the account is limited.
        assert auth.login(user.username).status_code == 429
    finally:
        app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "1000 per minute"


def test_login_attempts_are_limited_per_address(app, auth, make_user, province):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    try:
        codes = [auth.login(f"nobody{i}", "bad").status_code for i in range(4)]
        assert codes == [200, 200, 200, 429]
    finally:
        app.config["LOGIN_LIMIT_PER_ADDRESS"] = "1000 per minute"


def test_next_never_leads_off_site(auth, make_user, province):
    user = make_user("hr", province["360102"])
    token = auth.csrf("/login")
    response = auth.client.post("/login?next=//evil.example/x", data={
        "username": user.username, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [
    "/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "/%5Cevil.example",
    "/%5C%5Cevil.example", "%2F%2Fevil.example", "https://evil.example/", "/%20/evil.example",
    "javascript:alert(1)", "/\\evil.example", "///evil.example", "http:/evil.example"])
def test_next_never_leads_off_site_however_disguised(auth, make_user, province, target):
    user = make_user("hr", province["360102"])
    token = auth.csrf("/login")
    response = auth.client.post(f"/login?next={target}", data={
        "username": user.username, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_next_keeps_a_same_site_path(auth, make_user, province):
    user = make_user("hr", province["360102"])
    token = auth.csrf("/login")
    response = auth.client.post("/login?next=/officers/%3Fq%3D%E5%BC%A0", data={
        "username": user.username, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/officers/?q=%E5%BC%A0"


def test_change_own_password(auth, make_user, province, db):
    user = make_user("officer", province["360102"])
    auth.login(user.username)
    bad = auth.post("/password", {"old_password": "wrong", "new_password": "Newpass123",
                                  "confirm": "Newpass123"})
    assert "原密码不正确" in bad.get_data(as_text=True)
    weak = auth.post("/password", {"old_password": PASSWORD, "new_password": "abcdefgh",
                                   "confirm": "abcdefgh"})
    assert "至少三类" in weak.get_data(as_text=True)
    ok = auth.post("/password", {"old_password": PASSWORD, "new_password": "Newpass123",
                                 "confirm": "Newpass123"})
    assert ok.status_code == 302
    assert db.session.get(User, user.id).check_password("Newpass123")


def test_admin_resets_password_and_disables_account(auth, make_user, province, db):
    admin = make_user("admin")
    clerk = make_user("hr", province["360102"])
    auth.login(admin.username)
    auth.post(f"/admin/users/{clerk.id}/password", {"password": "Reset1234"})
    auth.post(f"/admin/users/{clerk.id}/active")
    db.session.expire_all()
    clerk = db.session.get(User, clerk.id)
    assert clerk.check_password("Reset1234") and clerk.must_change_password
    assert not clerk.active
    actions = {e.action for e in db.session.query(AuditEntry).filter_by(entity_id=clerk.id)}
    assert {"user.reset_password", "user.disable"} <= actions


def test_a_disabled_user_loses_an_open_session(auth, make_user, province, db):
    user = make_user("hr", province["360102"])
    auth.login(user.username)
    user.active = False
    db.session.commit()
    assert auth.client.get("/").status_code == 302
