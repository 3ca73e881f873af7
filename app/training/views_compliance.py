"""The legal section's compliance view and its exports, the pace view, floors and the plan."""
from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.id_access import may_search_by_number
from app.auth.permissions import can, require, scope, search_limit
from app.core import clock
from app.core.scoping import get_scoped
from app.extensions import db
from app.jobs.runner import submit
from app.org.models import Unit
from app.org.queries import unit_choices
from app.training import compliance, exports, queries, reports, services
from app.training.forms import PlanForm, PolicyForm, PoliticalFloorForm
from app.training.models import CATEGORIES, PlanItem, TrainingPolicy
from app.training.reminders import elapsed_months
from app.training.rules import floors_for
from app.training.views import XLSX, _download, bp, show_errors


@dataclass
class Args:
    """The compliance page's query string, read once."""

    year: int
    unit: Unit | None
    missing: bool
    q: str
    pace: bool

    @classmethod
    def read(cls) -> "Args":
        year = request.args.get("year", type=int) or clock.today().year
        unit_id = request.args.get("unit", type=int)
        unit = get_scoped(Unit, unit_id, scope()) if unit_id else _home_unit()
        return cls(min(max(year, 2000), 2100), unit, request.args.get("missing") == "1",
                   request.args.get("q", "").strip()[:50], request.args.get("pace") == "1")

    @property
    def pace_months(self) -> int | None:
        if not self.pace:
            return None
        today = clock.today()
        return elapsed_months(today) if self.year == today.year else 12

    def params(self) -> dict:
        """This query as an export job's parameters (the job finds the scope itself)."""
        return exports.query_params(self.year, self.unit, self.missing, self.q, self.pace_months)

    def query(self) -> compliance.Query:
        return compliance.Query(self.year, scope(), self.unit, missing=self.missing, q=self.q,
                                behind_pace_months=self.pace_months,
                                by_number=may_search_by_number(current_user))


def _home_unit() -> Unit | None:
    return None if scope().everything else current_user.unit


@bp.route("/compliance")
@require("training.view")
@search_limit()
def compliance_page():
    args = Args.read()
    query = args.query()
    page, whole, groups = compliance.overview(query, args.unit,
                                              request.args.get("page", 1, type=int),
                                              current_app.config["PAGE_SIZE"])
    return render_template(
        "training/compliance.html", args=args, page=page, whole=whole, groups=groups,
        floors=floors_for(args.year), units=unit_choices(scope()),
        years=range(clock.today().year, clock.today().year - 6, -1),
        chart={"labels": [g.name for g in groups], "rates": [g.rate for g in groups]})


def _start(export: str):
    """POST: the same report as a job (the whole province is 50,000 officers), then its page."""
    job = submit("export", current_user, {"export": export, "params": Args.read().params()})
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/compliance.xlsx", methods=["GET", "POST"])
@require("training.view")
def compliance_xlsx():
    if request.method == "POST":
        return _start("compliance.xlsx")
    args = Args.read()
    data = reports.xlsx_bytes(compliance.stream(args.query()), args.year)
    return _download(data, XLSX, f"{args.year}年度培训学时达标情况.xlsx")


@bp.route("/compliance.pdf", methods=["GET", "POST"])
@require("training.view")
def compliance_pdf():
    if request.method == "POST":
        return _start("compliance.pdf")
    args = Args.read()
    query = args.query()
    whole, _groups = compliance.totals(query, args.unit)
    name = args.unit.name if args.unit else _("All units")
    content, _missing = reports.compliance_pdf(compliance.stream(query), args.year, name, whole)
    return _download(content, "application/pdf", f"{args.year}年度培训学时达标情况表.pdf")


@bp.route("/archives.zip", methods=["POST"])
@require("training.view")
def archives():
    """Every officer's training archive PDF of the unit's subtree, in one zip (a job)."""
    return _start("archives")


@bp.route("/policy", methods=["GET", "POST"])
@require("training.policy")
def policy():
    form = PolicyForm()
    if request.method == "GET":
        form.year.data = clock.today().year + 1
        floors = floors_for(form.year.data)
        form.public_law_hours.data, form.business_hours.data = floors.public_law, floors.business
        form.total_hours.data = floors.total
    if form.validate_on_submit():
        try:
            services.set_policy(current_user, form.year.data, form.public_law_hours.data,
                                form.business_hours.data, form.total_hours.data)
        except services.TrainingError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Floors saved."), "success")
            return redirect(url_for("training.policy"))
    rows = db.session.scalars(db.select(TrainingPolicy).order_by(TrainingPolicy.year.desc()))
    return render_template("training/policy.html", form=form, policies=list(rows),
                           this_year=clock.today().year)


@bp.route("/policy/political", methods=["GET", "POST"])
@require("training.political")
def political_floor():
    """The legal section sets the year's political-theory floor (outside the 60)."""
    form = PoliticalFloorForm()
    if request.method == "GET":
        form.year.data = request.args.get("year", type=int) or clock.today().year
        form.political_hours.data = floors_for(form.year.data).political
    if form.validate_on_submit():
        try:
            services.set_political_floor(current_user, form.year.data, form.political_hours.data)
        except services.TrainingError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Political-theory floor saved."), "success")
            return redirect(url_for("training.political_floor"))
    rows = db.session.scalars(db.select(TrainingPolicy).order_by(TrainingPolicy.year.desc()))
    return render_template("training/political_floor.html", form=form, policies=list(rows))


def _plan_unit() -> Unit:
    unit_id = request.args.get("unit", type=int)
    if unit_id:
        return get_scoped(Unit, unit_id, scope())
    unit = _home_unit()
    if unit is None:
        unit = db.session.scalar(db.select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    return unit


@bp.route("/plan", methods=["GET", "POST"])
@require("training.view")
def plan():
    if request.method == "POST" and not can(current_user, "training.edit"):
        abort(403)
    year = request.args.get("year", type=int) or clock.today().year
    unit = _plan_unit()
    form = PlanForm()
    form.unit_id.choices = unit_choices(scope())
    if request.method == "GET":
        form.unit_id.data = unit.id if unit else None
    if form.validate_on_submit():
        target = get_scoped(Unit, form.unit_id.data, scope())
        data = services.PlanData(target, year, form.title.data, form.category.data,
                                 form.planned_hours.data, form.month.data, form.audience.data or "")
        try:
            services.add_plan_item(current_user, data)
        except services.TrainingError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Course added to the plan."), "success")
            return redirect(url_for("training.plan", year=year, unit=target.id))
    items = queries.plan_items(scope(), unit, year) if unit else []
    planned = {c: sum((i.planned_hours for i in items if i.category == c), 0) for c in CATEGORIES}
    return render_template("training/plan.html", form=form, items=items, unit=unit, year=year,
                           planned=planned, categories=CATEGORIES,
                           delivered=queries.delivered_by_category(unit, year) if unit else {},
                           years=range(clock.today().year + 1, clock.today().year - 5, -1))


@bp.route("/plan/<int:item_id>/delete", methods=["POST"])
@require("training.edit")
def delete_plan_item(item_id: int):
    item = get_scoped(PlanItem, item_id, scope())
    year, unit_id = item.year, item.unit_id
    services.remove_plan_item(current_user, item)
    db.session.commit()
    flash(_("Course removed from the plan."), "success")
    return redirect(url_for("training.plan", year=year, unit=unit_id))
