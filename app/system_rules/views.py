"""The rules page (本系统规则): read by the legal section and leaders, signed by the legal
section."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, require
from app.extensions import db
from app.system_rules import services
from app.system_rules.forms import SignoffForm
from app.system_rules.text import OURS, RULES, VERSION

bp = Blueprint("system_rules", __name__, url_prefix="/rules", template_folder="templates")


@bp.route("/")
@require("rules.view")
def page():
    form = SignoffForm(version=VERSION) if can(current_user, "rules.sign") else None
    return render_template("system_rules/page.html", rules=RULES, version=VERSION, ours=OURS,
                           state=services.state(), form=form)


@bp.route("/sign", methods=["POST"])
@require("rules.sign")
def sign():
    form = SignoffForm()
    if form.validate_on_submit():
        try:
            services.sign(current_user, form.version.data, form.note.data)
        except services.SignoffError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("The rules were signed off."), "success")
    else:
        flash(_("The sign-off could not be saved."), "danger")
    return redirect(url_for("system_rules.page"))
