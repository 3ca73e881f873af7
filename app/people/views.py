"""The roster: list, see, add and edit officers; an officer's own record."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.id_access import may_search_by_number
from app.auth.permissions import require, scope, search_limit
from app.core.pagination import paginate
from app.core.scoping import get_scoped
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people import queries, services
from app.people.forms import OfficerForm
from app.people.models import PERSON_STATUSES, Officer

bp = Blueprint("people", __name__, url_prefix="/officers")


@bp.route("/")
@require("roster.view")
@search_limit()
def roster():
    f = queries.RosterFilter.from_args(request.args, may_search_by_number(current_user))
    page = paginate(queries.roster(scope(), f), request.args.get("page", 1, type=int),
                            current_app.config["PAGE_SIZE"])
    return render_template("people/roster.html", page=page, f=f, statuses=PERSON_STATUSES,
                           units=unit_choices(scope()))


@bp.route("/<int:officer_id>")
@require("roster.view")
def detail(officer_id: int):
    officer = get_scoped(Officer, officer_id, scope())
    return render_template("people/detail.html", officer=officer)


@bp.route("/me")
@require("self.view")
def me():
    return render_template("people/detail.html", officer=current_user.officer)


def _form(officer: Officer | None = None) -> OfficerForm:
    form = OfficerForm(obj=officer)
    form.unit_id.choices = unit_choices(scope())
    return form


def _data(form: OfficerForm) -> dict:
    unit = get_scoped(Unit, form.unit_id.data, scope())
    return {"name": form.name.data.strip(), "unit": unit, "on_post": form.on_post.data,
            "post_since": form.post_since.data, "status": form.status.data,
            "status_changed_on": form.status_changed_on.data,
            "specialty": form.specialty.data or None, "education": form.education.data or None,
            "legal_major": form.legal_major.data, "phone": form.phone.data or None,
            "legal_reviewer": form.legal_reviewer.data,
            "legal_qualification": form.legal_qualification.data}


@bp.route("/new", methods=["GET", "POST"])
@require("roster.edit")
def create():
    form = _form()
    del form.post_left_on   # a new officer's leaving day is its status change date
    if form.validate_on_submit():
        try:
            officer = services.create_officer(
                current_user, services.OfficerData(id_number=form.id_number.data, **_data(form)))
        except services.OfficerError as exc:
            form.id_number.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Officer saved."), "success")
            return redirect(url_for("people.detail", officer_id=officer.id))
    return render_template("people/form.html", form=form, officer=None)


@bp.route("/<int:officer_id>/edit", methods=["GET", "POST"])
@require("roster.edit")
def edit(officer_id: int):
    officer = get_scoped(Officer, officer_id, scope())
    form = _form(officer)
    del form.id_number
    if form.validate_on_submit():
        services.update_officer(current_user, officer,
                                _data(form) | {"post_left_on": form.post_left_on.data})
        db.session.commit()
        flash(_("Officer saved."), "success")
        return redirect(url_for("people.detail", officer_id=officer.id))
    return render_template("people/form.html", form=form, officer=officer)
