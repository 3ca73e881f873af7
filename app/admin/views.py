"""Accounts (create, reset password, disable) and the audit log, for the administrator."""
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.admin import labels, queries
from app.admin.forms import ResetPasswordForm, UserForm
from app.auth import services
from app.auth.models import User
from app.auth.permissions import require, scope
from app.core import clock
from app.core.downloads import xlsx_response
from app.core.pagination import paginate
from app.core.tables import write_xlsx
from app.extensions import db
from app.main.helpers import ROLE_LABELS
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people.services import officer_by_id_number

bp = Blueprint("admin", __name__, url_prefix="/admin")
AUDIT_ROWS = 100_000    # an export of the whole log is a backup's job, not a page's


def _user_filter() -> queries.UserFilter:
    args = request.args
    return queries.UserFilter(q=args.get("q", "").strip()[:50], role=args.get("role", ""),
                              sort=args.get("sort", ""), desc=args.get("dir") == "desc")


@bp.route("/users")
@require("users.manage")
def users():
    f = _user_filter()
    page = paginate(queries.users(f), request.args.get("page", 1, type=int),
                            current_app.config["PAGE_SIZE"])
    return render_template("admin/users.html", page=page, f=f, reset_form=ResetPasswordForm(),
                           roles=list(ROLE_LABELS.items()))


@bp.route("/users.xlsx")
@require("users.manage")
def users_xlsx():
    rows = ([u.username, u.display_name, ROLE_LABELS.get(u.role, u.role),
             u.unit.name if u.unit else "", "启用" if u.active else "停用",
             clock.shown(u.last_login_at)]
            for u in db.session.scalars(queries.users(_user_filter())))
    data = write_xlsx(["用户名", "显示名称", "角色", "单位", "状态", "最近登录"], rows,
                      title="账号")
    return xlsx_response(data, "账号.xlsx")


@bp.route("/users/new", methods=["GET", "POST"])
@require("users.manage")
def create_user():
    form = UserForm()
    form.unit_id.choices = [(0, "—")] + unit_choices(scope())
    if form.validate_on_submit():
        try:
            services.create_user(current_user, **_user_fields(form))
        except services.AccountError as exc:
            form.username.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Account created."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


def _user_fields(form: UserForm) -> dict:
    officer = None
    if form.officer_id_number.data:
        officer = officer_by_id_number(form.officer_id_number.data)
        if officer is None:
            raise services.AccountError("未找到该身份证号对应的人员")
    unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
    if officer is not None and unit is None:
        unit = officer.unit
    return {"username": form.username.data.strip(), "password": form.password.data,
            "role": form.role.data, "unit": unit, "officer": officer,
            "display_name": form.display_name.data or (officer.name if officer else "")}


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@require("users.manage")
def reset_password(user_id: int):
    form = ResetPasswordForm()
    user = _user(user_id)
    if not form.validate_on_submit():
        flash(_("Enter a new password."), "danger")
        return redirect(url_for("admin.users"))
    try:
        services.reset_password(current_user, user, form.password.data)
    except services.AccountError as exc:
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Password of %(name)s reset; they must change it at next log-in.",
                name=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@require("users.manage")
def toggle_active(user_id: int):
    user = _user(user_id)
    try:
        services.set_active(current_user, user, not user.active)
    except services.AccountError as exc:
        flash(str(exc), "danger")
    else:
        db.session.commit()
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@require("audit.view")
def audit():
    f = _audit_filter()
    page = paginate(queries.audit_entries(f), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    actions = db.session.scalars(select(queries.AuditEntry.action).distinct()).all()
    return render_template("admin/audit.html", page=page, f=f, labels=labels,
                           actions=sorted(actions, key=labels.action_name),
                           units=unit_choices(scope()),
                           names=_display_names(page.items))


@bp.route("/audit.xlsx")
@require("audit.view")
def audit_xlsx():
    entries = db.session.scalars(queries.audit_entries(_audit_filter()).limit(AUDIT_ROWS))
    names = _display_names([])
    rows = ([clock.shown(e.at, clock.SECONDS), _actor(e, names), labels.action_name(e.action),
             labels.record_type(e.entity_type), e.entity_id, e.entity_label,
             labels.changes_text(e)] for e in entries)
    data = write_xlsx(["时间", "操作人", "操作", "对象类型", "对象编号", "对象", "变更内容"],
                      rows, title="审计日志")
    return xlsx_response(data, "审计日志.xlsx")


def _display_names(entries) -> dict[int, str]:
    """'张三（hr）' per actor id: the person first, the account beside."""
    ids = {e.actor_id for e in entries if e.actor_id}
    users = db.session.scalars(select(User).where(User.id.in_(ids))) if ids else []
    return {u.id: f"{u.display_name}（{u.username}）" if u.display_name else u.username
            for u in users}


def _actor(entry, names: dict[int, str]) -> str:
    if entry.actor_id and entry.actor_id not in names:
        names.update(_display_names([entry]))
    return names.get(entry.actor_id, labels.system_actor(entry.actor_name))


def _audit_filter() -> queries.AuditFilter:
    args = request.args
    return queries.AuditFilter(
        actor=args.get("actor", "").strip()[:50], action=args.get("action", "")[:50],
        entity=args.get("entity", "")[:30], entity_id=args.get("entity_id", type=int),
        unit_id=args.get("unit", type=int),
        since=_date(args.get("since")), until=_date(args.get("until")))


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None

