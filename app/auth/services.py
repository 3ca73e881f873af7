"""Accounts: authenticate, change and reset passwords, enable and disable."""
import re
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import User
from app.core import audit
from app.core.models import utcnow
from app.extensions import db

# Passwords every guessing list starts with; the policy refuses them whatever their classes.
COMMON_PASSWORDS = frozenset("""
password password1 password123 passw0rd p@ssw0rd p@ssword admin123 admin@123 admin1234
abc12345 abcd1234 abc@1234 qwerty123 qwe123456 1qaz2wsx 1qaz@wsx qazwsx123 zaq12wsx
a1234567 a12345678 aa123456 iloveyou1 welcome1 welcome123 letmein1 123456aa 123qwe!@#
woaini1314 woaini520 huawei123 root1234 test1234 test@123 user1234 changeme1 sunshine1
""".split())
CHARACTER_CLASSES = (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")


class AccountError(ValueError):
    """An account change that cannot be made; the message is for the user."""


def password_problem(password: str, username: str = "") -> str | None:
    """What the 等保 level-3 policy finds wrong with a new password, else None."""
    if len(password) < 8:
        return "密码至少8位"
    if sum(bool(re.search(c, password)) for c in CHARACTER_CLASSES) < 3:
        return "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名"
    if password.lower() in COMMON_PASSWORDS:
        return "密码过于常见，请换一个"
    return None


def user_by_name(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password")


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, else None (same answer for every failure).

    An unknown name costs one password hash like a known one, so timing tells nothing.
    """
    user = user_by_name(username.strip())
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def log_out(user: User) -> None:
    """Logging out ends every session of the user, on every device, and their remember-me cookies."""
    user.revoke_sessions()


def change_password(user: User, old: str, new: str) -> None:
    if not user.check_password(old):
        raise AccountError("原密码不正确")
    _set_password(user, new)
    user.must_change_password = False
    user.revoke_sessions()
    audit.record(user, "user.password", "user", user.id, label=user.username,
                 unit_id=user.unit_id)


def reset_password(actor, user: User, new: str) -> None:
    _set_password(user, new)
    user.must_change_password = True
    user.revoke_sessions()
    audit.record(actor, "user.reset_password", "user", user.id, label=user.username,
                 unit_id=user.unit_id)


def set_active(actor, user: User, active: bool) -> None:
    if user.id == getattr(actor, "id", None) and not active:
        raise AccountError("不能停用自己的账号")
    before = user.snapshot()
    user.active = active
    user.revoke_sessions()
    audit.record(actor, "user.enable" if active else "user.disable", "user", user.id,
                 label=user.username, unit_id=user.unit_id, before=before, after=user.snapshot())


def create_user(actor, *, username: str, password: str, role: str, unit=None, officer=None,
                display_name: str = "") -> User:
    if user_by_name(username):
        raise AccountError("用户名已存在")
    if role != "admin" and unit is None:
        raise AccountError("非管理员账号必须指定所属单位")
    if role == "officer" and officer is None:
        raise AccountError("执法人员账号必须关联人员")
    user = User(username=username, role=role, unit=unit, officer=officer,
                display_name=display_name or username)
    _set_password(user, password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", "user", user.id, label=username,
                 unit_id=user.unit_id, after=user.snapshot())
    return user


def _set_password(user: User, password: str) -> None:
    problem = password_problem(password, user.username)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
