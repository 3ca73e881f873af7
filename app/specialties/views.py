"""The specialty list: everyone with a role sees it, the admin edits it."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require
from app.extensions import db
from app.specialties import services
from app.specialties.forms import SpecialtyForm
from app.specialties.models import Specialty, all_specialties

bp = Blueprint("specialties", __name__, url_prefix="/specialties")


@bp.route("/")
@require("specialties.view")
def index():
    return render_template("specialties/index.html", items=all_specialties(active_only=False))


@bp.route("/new", methods=["GET", "POST"], defaults={"specialty_id": None})
@bp.route("/<int:specialty_id>/edit", methods=["GET", "POST"])
@require("specialties.edit")
def edit(specialty_id: int | None):
    specialty = db.session.get(Specialty, specialty_id) if specialty_id else None
    if specialty_id and specialty is None:
        abort(404)
    form = SpecialtyForm(obj=specialty)
    if specialty is not None:
        del form.code
    if form.validate_on_submit():
        try:
            services.save(current_user, code=specialty.code if specialty else form.code.data,
                          name=form.name.data.strip(), sort_order=form.sort_order.data or 0,
                          active=form.active.data, specialty=specialty)
        except services.SpecialtyError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("specialties.index"))
    return render_template("specialties/form.html", form=form, specialty=specialty)
