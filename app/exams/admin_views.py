"""The quarterly plan and bulk accommodations."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.id_access import NO_NUMBER_SEARCH, may_search_by_number
from app.auth.permissions import require, scope
from app.core.clock import shown, to_local, to_utc
from app.core.models import utcnow
from app.core.scoping import get_scoped, scoped
from app.exams import accommodations, availability, plan, queries, services
from app.exams.blueprint import bp
from app.exams.forms import AccommodationForm, PlanForm
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.people.models import Officer
from app.questions.formats import TYPE_LABELS


@bp.route("/plan", methods=["GET", "POST"])
@require("exams.manage")
def year_plan():
    form = PlanForm()
    form.unit_id.choices = unit_choices(scope())
    if request.method == "GET":
        form.year.data = to_local(utcnow()).year + (1 if to_local(utcnow()).month == 12 else 0)
        form.unit_id.data = current_user.unit_id
    outcome, lines = None, {}
    if form.validate_on_submit():
        unit = get_scoped(Unit, form.unit_id.data, scope())
        template = plan.PlanTemplate(day=form.day.data, open_days=form.open_days.data,
                                     time_limit_minutes=form.time_limit_minutes.data)
        outcome = plan.create_year_plan(current_user, form.year.data, unit, template, utcnow())
        db.session.commit()
        flash(_("%(n)s exams scheduled, %(d)s left as drafts, %(e)s already existed.",
                n=len(outcome.scheduled), d=len(outcome.drafts), e=outcome.existing), "success")
        lines = availability.for_exams(outcome.scheduled + [e for e, _why in outcome.drafts])
    return render_template("exams/plan.html", form=form, outcome=outcome, lines=lines,
                           type_labels=TYPE_LABELS)


def _officer_ids(form: AccommodationForm) -> tuple[list[int], list[str]]:
    """Officers named by unit (its subtree) and by ID number, within scope; unknown numbers."""
    ids, unknown = set(), []
    if form.unit_id.data:
        unit = get_scoped(Unit, form.unit_id.data, scope())
        ids |= {o.id for o in queries.officers_in(unit.path, scope(), only_enforcing=False)}
    by_number = may_search_by_number(current_user)
    for line in (form.id_numbers.data or "").split():
        officer = db.session.scalar(scoped(Officer, scope()).where(
            Officer.id_number_matches(line))) if by_number else None
        if officer is None:
            unknown.append(line)
        else:
            ids.add(officer.id)
    return sorted(ids), unknown


@bp.route("/accommodations", methods=["GET", "POST"])
@require("exams.manage")
def accommodate():
    now = utcnow()
    form = AccommodationForm()
    exams = queries.open_or_upcoming(scope(), now)
    form.exam_ids.choices = [(e.id, f"{e.name}（{shown(e.opens_at)}）") for e in exams]
    form.unit_id.choices = [("", "—")] + unit_choices(scope())
    if form.validate_on_submit():
        officer_ids, unknown = _officer_ids(form)
        chosen = [e for e in exams if e.id in set(form.exam_ids.data or [])]
        if unknown and not may_search_by_number(current_user):
            flash(NO_NUMBER_SEARCH, "danger")
        elif unknown:
            flash(_("Not found in your scope: %(numbers)s", numbers="、".join(unknown)), "danger")
        elif not chosen or not officer_ids:
            flash(_("Choose at least one exam and some officers."), "danger")
        else:
            try:
                outcome = accommodations.accommodate(
                    current_user, chosen, officer_ids, extra_minutes=form.extra_minutes.data or 0,
                    window_opens_at=to_utc(form.window_opens_at.data)
                    if form.window_opens_at.data else None,
                    window_closes_at=to_utc(form.window_closes_at.data)
                    if form.window_closes_at.data else None,
                    reason=form.reason.data, now=now)
            except services.ExamError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
            else:
                db.session.commit()
                flash(_("%(n)s seats adjusted; %(s)s already submitted, %(c)s officers were not "
                        "candidates.", n=outcome.changed, s=outcome.submitted,
                        c=outcome.not_candidates), "success")
                return redirect(url_for("exams.accommodate"))
    return render_template("exams/accommodations.html", form=form)
