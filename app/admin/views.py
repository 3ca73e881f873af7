"""Accounts (create, reset password, disable) and the audit log, for the administrator."""
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.admin import queries
from app.admin.forms import ResetPasswordForm, UserForm
from app.auth import services
from app.auth.models import User
from app.auth.permissions import require, scope
from app.core.pagination import paginate
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people.services import officer_by_id_number

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@require("users.manage")
def users():
    f = queries.UserFilter(q=request.args.get("q", "").strip()[:50],
                           role=request.args.get("role", ""))
    page = paginate(queries.users(f), request.args.get("page", 1, type=int),
                            current_app.config["PAGE_SIZE"])
    return render_template("admin/users.html", page=page, f=f, reset_form=ResetPasswordForm())


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
    return render_template("admin/audit.html", page=page, f=f, actions=sorted(actions))


def _audit_filter() -> queries.AuditFilter:
    args = request.args
    return queries.AuditFilter(
        actor=args.get("actor", "").strip()[:50], action=args.get("action", "")[:50],
        entity=args.get("entity", "")[:30], entity_id=args.get("entity_id", type=int),
        since=_date(args.get("since")), until=_date(args.get("until")))


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None

