"""What every template may call: permissions, the menu, masked ID numbers, labels."""
from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.auth.permissions import can, shows_full_id_number
from app.core import clock
from app.main.menu import grouped_menu_for, menu_for

ROLE_LABELS = {"officer": "执法人员", "hr": "人事科", "legal": "法规科", "leader": "单位负责人",
               "admin": "系统管理员"}


def id_number_for(officer) -> str:
    """The whole number for HR of the officer's scope, masked for everyone else."""
    if shows_full_id_number(current_user, officer):
        return officer.id_number
    return officer.id_number_masked


def page_url(page: int) -> str:
    """This page's URL with another page number, keeping the filters."""
    args = request.args.to_dict() | (request.view_args or {}) | {"page": page}
    return url_for(request.endpoint, **args)


def sort_url(column: str) -> str:
    args = request.args.to_dict() | (request.view_args or {})
    desc = args.get("sort") == column and args.get("dir") != "desc"
    args.update(sort=column, dir="desc" if desc else "asc", page=1)
    return url_for(request.endpoint, **args)


def install(app: Flask) -> None:
    app.jinja_env.filters["beijing"] = clock.shown
    app.jinja_env.globals.update(
        can=lambda permission: can(current_user, permission),
        menu=lambda: menu_for(current_user),
        grouped_menu=lambda: grouped_menu_for(current_user),
        id_number_for=id_number_for, page_url=page_url, sort_url=sort_url,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        current_locale=lambda: str(get_locale()),
    )
