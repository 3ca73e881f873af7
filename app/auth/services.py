"""Accounts: authenticate, change and reset passwords, enable and disable."""
import re

from sqlalchemy import func, select

from app.auth.models import User
from app.core import audit
from app.core.models import utcnow
from app.extensions import db


class AccountError(ValueError):
    """An account change that cannot be made; the message is for the user."""


def password_problem(password: str) -> str | None:
    if len(password) < 8:
        return "密码至少8位"
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return "密码须同时包含字母和数字"
    return None


def user_by_name(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, else None (same answer for every failure)."""
    user = user_by_name(username.strip())
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def change_password(user: User, old: str, new: str) -> None:
    if not user.check_password(old):
        raise AccountError("原密码不正确")
    _set_password(user, new)
    user.must_change_password = False
    audit.record(user, "user.password", "user", user.id, label=user.username,
                 unit_id=user.unit_id)


def reset_password(actor, user: User, new: str) -> None:
    _set_password(user, new)
    user.must_change_password = True
    audit.record(actor, "user.reset_password", "user", user.id, label=user.username,
                 unit_id=user.unit_id)


def set_active(actor, user: User, active: bool) -> None:
    if user.id == getattr(actor, "id", None) and not active:
        raise AccountError("不能停用自己的账号")
    before = user.snapshot()
    user.active = active
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
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
