"""What every template may call: permissions, the menu, masked ID numbers, labels."""
from flask import Flask, g, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.auth.id_access import Disclosure, may_search_by_number
from app.auth.permissions import can
from app.core import clock
from app.main.menu import grouped_menu_for, menu_for

ROLE_LABELS = {"officer": "执法人员", "hr": "人事科", "legal": "法规科", "leader": "单位负责人",
               "admin": "系统管理员"}


def page_disclosure() -> Disclosure:
    """This request's hand-out of whole ID numbers, audited when the response leaves."""
    if "id_disclosure" not in g:
        g.id_disclosure = Disclosure(current_user, f"{request.method} {request.path}")
    return g.id_disclosure


def id_number_for(officer) -> str:
    """The whole number for HR of the officer's scope, masked for everyone else."""
    return page_disclosure().shown(officer)


def audit_disclosure(response):
    disclosure = g.pop("id_disclosure", None)
    if disclosure is not None and disclosure.count and response.status_code < 400:
        from app.extensions import db
        disclosure.record()
        db.session.commit()
    return response


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
    app.after_request(audit_disclosure)
    app.jinja_env.globals.update(
        can=lambda permission: can(current_user, permission),
        menu=lambda: menu_for(current_user),
        grouped_menu=lambda: grouped_menu_for(current_user),
        id_number_for=id_number_for, page_url=page_url, sort_url=sort_url,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        current_locale=lambda: str(get_locale()),
        searches_by_number=lambda: may_search_by_number(current_user),
    )
