"""The pool pages: list with eligibility, nominate, decide, pause; a member's page."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.id_access import may_search_by_number, shows_full
from app.auth.permissions import can, require, scope, search_limit
from app.certificates.queries import window_problem
from app.core import clock
from app.core.pagination import paginate
from app.core.scoping import get_scoped
from app.extensions import db
from app.main.helpers import page_disclosure
from app.org.queries import unit_choices
from app.people.models import Officer
from app.people.services import officer_by_id_number
from app.specialties.models import Specialty, all_specialties
from app.talentpool import queries, services
from app.talentpool.eligibility import certified_ids, problems_for
from app.talentpool.forms import DecideForm, NominateForm, PauseForm
from app.talentpool.models import LEVELS, STATES

bp = Blueprint("talentpool", __name__, url_prefix="/talent")


@bp.route("/")
@require("talent.view")
@search_limit()
def pool():
    f = queries.PoolFilter.from_args(request.args, may_search_by_number(current_user))
    page = paginate(queries.members(scope(), f), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    return render_template("talentpool/pool.html", page=page, f=f, states=STATES, levels=LEVELS,
                           problems=problems_for(page.items, clock.today()),
                           specialties=all_specialties(active_only=False),
                           units=unit_choices(scope()), decide_form=DecideForm())


@bp.route("/nominate", methods=["GET", "POST"])
@require("talent.nominate")
def nominate():
    form = NominateForm(id_number=request.args.get("id_number", ""))
    form.specialties.choices = [(s.id, s.name) for s in all_specialties()]
    if form.validate_on_submit():
        officer = officer_by_id_number(form.id_number.data)
        if officer is None or not scope().covers_unit(officer.unit):
            form.id_number.errors.append(_("No officer with this ID number in your units."))
        elif _nominate_all(form, officer):
            db.session.commit()
            flash(_("Nominated; the legal section will decide."), "success")
            return redirect(url_for("talentpool.officer", officer_id=officer.id))
    return render_template("talentpool/nominate.html", form=form)


def _nominate_all(form: NominateForm, officer: Officer) -> bool:
    try:
        for specialty_id in form.specialties.data:
            services.nominate(current_user, officer, db.session.get(Specialty, specialty_id),
                              form.level.data, form.note.data)
    except services.PoolError as exc:
        db.session.rollback()
        form.specialties.errors.append(str(exc))
        return False
    return True


@bp.route("/members/<int:member_id>/decide", methods=["POST"])
@require("talent.decide")
def decide(member_id: int):
    member = queries.get_member(member_id, scope())
    form = DecideForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide(current_user, member, bool(form.approve.data), form.note.data)
    except services.PoolError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Decision saved."), "success")
    return redirect(_back(url_for("talentpool.pool")))


def _back(default: str) -> str:
    """The page the form came from, if it is one of ours (never another site)."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/members/<int:member_id>/pause", methods=["GET", "POST"])
@require("talent.pause")
def pause(member_id: int):
    member = queries.get_member(member_id, scope())
    form = PauseForm(obj=member, reason=member.pause_reason)
    if form.validate_on_submit():
        try:
            services.pause(current_user, member, form.paused_from.data, form.paused_until.data,
                           form.reason.data)
        except services.PoolError as exc:
            db.session.rollback()
            form.paused_until.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Pause saved."), "success")
            return redirect(url_for("talentpool.officer", officer_id=member.officer_id))
    return render_template("talentpool/pause.html", form=form, member=member)


@bp.route("/members/<int:member_id>/resume", methods=["POST"])
@require("talent.pause")
def resume(member_id: int):
    member = queries.get_member(member_id, scope())
    try:
        services.resume(current_user, member)
    except services.PoolError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Member back in the draws."), "success")
    return redirect(url_for("talentpool.officer", officer_id=member.officer_id))


@bp.route("/officers/<int:officer_id>")
@require("talent.view")
def officer(officer_id: int):
    return _member_page(get_scoped(Officer, officer_id, scope()))


@bp.route("/me")
@require("talent.self")
def me():
    return _member_page(current_user.officer)


def _member_page(officer: Officer):
    """The member's specialties, inspections, exam results in those specialties, certificate."""
    today = clock.today()
    memberships = queries.memberships_of(officer)
    certified = certified_ids([officer.id], today)
    return render_template(
        "talentpool/member.html", officer=officer, memberships=memberships,
        problems=problems_for(memberships, today), inspections=queries.inspections_of(officer),
        results=queries.exam_results_of(officer, scope(),
                                        {m.specialty_id for m in memberships}),
        certificate=queries.certificate_of(officer), certified=officer.id in certified,
        certificate_problem=window_problem(officer, today), decide_form=DecideForm(),
        nominate_id=page_disclosure().shown(officer)
        if can(current_user, "talent.nominate") and shows_full(current_user, officer.unit) else None,
        masked=officer.id_number_masked)


from app.talentpool import draw_views  # noqa: E402,F401  (routes on the same blueprint)
