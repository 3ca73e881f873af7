"""The organisation tree: browse (scoped), add and edit (admin)."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require, scope
from app.core.scoping import get_scoped
from app.extensions import db
from app.org import queries, services
from app.org.forms import UnitForm
from app.org.models import Unit

bp = Blueprint("org", __name__, url_prefix="/units")


@bp.route("/")
@require("units.view")
def tree():
    return render_template("org/tree.html", units=queries.ordered_tree(scope()),
                           counts=queries.officer_counts(scope()))


def _form(unit: Unit | None = None) -> UnitForm:
    form = UnitForm(obj=unit)
    form.parent_id.choices = [(0, _("(top level)"))] + queries.unit_choices(scope())
    if unit is not None and not form.is_submitted():
        form.parent_id.data = unit.parent_id or 0
    return form


@bp.route("/new", methods=["GET", "POST"])
@require("units.edit")
def create():
    form = _form()
    if form.validate_on_submit():
        try:
            services.create_unit(current_user, code=form.code.data.strip(),
                                 name=form.name.data.strip(), kind=form.kind.data or None,
                                 parent=_parent(form))
        except services.UnitError as exc:
            form.code.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Unit saved."), "success")
            return redirect(url_for("org.tree"))
    return render_template("org/form.html", form=form, unit=None)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@require("units.edit")
def edit(unit_id: int):
    unit = get_scoped(Unit, unit_id, scope())
    form = _form(unit)
    del form.code
    if form.validate_on_submit():
        try:
            services.update_unit(current_user, unit, name=form.name.data.strip(),
                                 kind=form.kind.data or None, parent=_parent(form),
                                 active=form.active.data)
        except services.UnitError as exc:
            form.parent_id.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Unit saved."), "success")
            return redirect(url_for("org.tree"))
    return render_template("org/form.html", form=form, unit=unit)


def _parent(form: UnitForm) -> Unit | None:
    if not form.parent_id.data:
        return None
    parent = db.session.get(Unit, form.parent_id.data)
    if parent is None:
        abort(400)
    return parent
