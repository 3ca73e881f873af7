"""Certificate pages: the list, one certificate with its events and actions, apply, issue.

The clearance pages live in clearance_views; both share the blueprint.
"""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.id_access import may_search_by_number
from app.auth.permissions import can, require, scope, search_limit
from app.certificates import (
    clearance_views,  # noqa: F401  (registers the clearance routes)
    queries,
    review,
    services,
)
from app.certificates.blueprint import bp, download
from app.certificates.forms import ActionForm, ApplyForm, IssueForm, attach_errors
from app.certificates.models import KINDS, STATUSES, TRANSITIONS, Certificate
from app.core import clock
from app.core.pagination import Page, paginate
from app.core.scoping import get_scoped
from app.core.tables import write_xlsx
from app.extensions import db
from app.main.helpers import page_disclosure
from app.org.queries import unit_choices
from app.people.models import Officer

# Who may take each action from the certificate page.
ACTION_PERMISSIONS = {"approve": "certificates.review", "reject": "certificates.review",
                      "suspend": "certificates.manage", "restore": "certificates.manage",
                      "revoke": "certificates.manage", "cancel": "certificates.manage"}
LIST_HEADERS = ["姓名", "身份证号", "单位", "证件编号", "发证机关", "发证日期", "有效期至",
                "证件状态", "执法类别", "证件种类"]


@bp.app_template_global()
def uncertified(officers) -> set[int]:
    """Ids of the listed officers without a valid certificate (one query for the page)."""
    return queries.uncertified_ids(officers)


@bp.app_template_global()
def certificate_of(officer: Officer) -> Certificate | None:
    return queries.current_for(officer)


@bp.app_template_global()
def certificates_of(officer: Officer) -> list[Certificate]:
    """Every certificate of the officer, every kind (the officer page's card)."""
    return queries.all_for(officer)


@bp.route("/")
@require("certificates.view")
@search_limit()
def index():
    f = queries.CertificateFilter.from_args(request.args, may_search_by_number(current_user))
    page = paginate(queries.listing(scope(), f), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    return render_template("certificates/index.html", page=page, f=f, statuses=STATUSES,
                           kinds=KINDS,
                           units=unit_choices(scope()), counts=queries.counts_by_status(scope()),
                           today=clock.today())


@bp.route("/export.xlsx")
@require("certificates.view")
def export():
    f = queries.CertificateFilter.from_args(request.args, may_search_by_number(current_user))
    disclosure = page_disclosure()
    rows = ([c.officer.name, disclosure.shown(c.officer),
             c.officer.unit.name, c.number, c.authority, c.issued_on, c.valid_until,
             c.status_label, c.categories, c.kind_label]
            for c in db.session.scalars(queries.listing(scope(), f)))
    return download("执法证.xlsx", write_xlsx(LIST_HEADERS, rows, title="执法证"), "xlsx")


@bp.route("/<int:certificate_id>")
@login_required
def detail(certificate_id: int):
    if not (can(current_user, "certificates.view") or can(current_user, "self.view")):
        abort(403)
    certificate = _certificate(certificate_id)
    return render_template("certificates/detail.html", c=certificate, **_action_forms(certificate))


def _certificate(certificate_id: int) -> Certificate:
    certificate = queries.certificate_in_scope(scope(), certificate_id)
    if certificate is None:
        abort(404)
    return certificate


def _action_forms(certificate: Certificate, failed: str | None = None,
                  form: ActionForm | None = None) -> dict:
    today = clock.today()
    actions = [a for a in certificate.allowed_actions(today)
               if a in ACTION_PERMISSIONS and can(current_user, ACTION_PERMISSIONS[a])]
    forms = {a: (form if a == failed and form else ActionForm()) for a in actions}
    issue_form = None
    if "issue" in certificate.allowed_actions(today) and can(current_user, "certificates.issue"):
        issue_form = IssueForm()
    stray = []   # errors of an action whose form the page does not show (not allowed now)
    if failed and form is not None and failed not in forms:
        stray = [*form.form_errors, *(e for f in form for e in f.errors)]
    return {"forms": forms, "rules": TRANSITIONS, "issue_form": issue_form, "failed": failed,
            "today": today, "stray_errors": stray}


@bp.route("/<int:certificate_id>/<action>", methods=["POST"])
@login_required
def act(certificate_id: int, action: str):
    if action not in ACTION_PERMISSIONS and action != "expire":
        abort(404)
    if not can(current_user, ACTION_PERMISSIONS.get(action, "certificates.manage")):
        abort(403)
    certificate = _certificate(certificate_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.act(current_user, certificate, action, reason=form.reason.data or "",
                         document_ref=form.document_ref.data)
        except services.CertificateError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Certificate updated: %(status)s.", status=certificate.status_label), "success")
            return redirect(url_for("certificates.detail", certificate_id=certificate.id))
    db.session.rollback()
    certificate = _certificate(certificate_id)
    return render_template("certificates/detail.html", c=certificate,
                           **_action_forms(certificate, action, form)), 400


@bp.route("/<int:certificate_id>/issue", methods=["POST"])
@require("certificates.issue")
def issue(certificate_id: int):
    certificate = _certificate(certificate_id)
    form = IssueForm()
    if form.validate_on_submit():
        data = services.Issue(number=form.number.data.strip(),
                              authority=form.authority.data.strip(),
                              issued_on=form.issued_on.data, valid_until=form.valid_until.data,
                              document_ref=form.document_ref.data or None)
        try:
            services.issue(current_user, certificate, data)
        except services.CertificateError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Issue recorded."), "success")
            return redirect(url_for("certificates.detail", certificate_id=certificate.id))
    db.session.rollback()
    certificate = _certificate(certificate_id)
    forms = _action_forms(certificate) | {"issue_form": form}
    return render_template("certificates/detail.html", c=certificate, **forms), 400


@bp.route("/apply/<int:officer_id>", methods=["GET", "POST"])
@require("certificates.apply")
def apply(officer_id: int):
    officer = get_scoped(Officer, officer_id, scope())
    form = ApplyForm()
    if not form.is_submitted() and request.args.get("kind") in KINDS:
        form.kind.data = request.args["kind"]   # the officer page's link for a missing kind
    if form.validate_on_submit():
        try:
            certificate = services.apply(current_user, officer, categories=form.categories.data,
                                         area=form.area.data, reason=form.reason.data or "",
                                         kind=form.kind.data)
        except services.CertificateError as exc:
            form.form_errors.extend(exc.errors.values())
        else:
            db.session.commit()
            flash(_("Application recorded; the legal section reviews it next."), "success")
            return redirect(url_for("certificates.detail", certificate_id=certificate.id))
    year = clock.today().year - 1
    return render_template("certificates/apply.html", officer=officer, form=form, year=year,
                           ready=review.readiness(officer, year),
                           current=queries.current_of_every_kind(officer))


@bp.route("/review")
@require("certificates.view")
def review_list():
    year = request.args.get("year", clock.today().year - 1, type=int)
    result = review.review_list(scope(), year)
    size = current_app.config["PAGE_SIZE"]
    page = page_of(result.rows, request.args.get("page", 1, type=int), size)
    return render_template("certificates/review.html", result=result, page=page, year=year,
                           this_year=clock.today().year)


def page_of(rows: list, number: int, size: int) -> Page:
    pages = max((len(rows) + size - 1) // size, 1)
    number = min(max(number, 1), pages)
    return Page(rows[(number - 1) * size:number * size], number, pages, len(rows))


@bp.route("/review.xlsx")
@require("certificates.view")
def review_xlsx():
    year = request.args.get("year", clock.today().year - 1, type=int)
    rows = ([r.officer.name, r.officer.unit.name, r.certificate.number,
             r.certificate.status_label, "；".join(r.reasons)]
            for r in review.review_list(scope(), year).rows)
    data = write_xlsx(["姓名", "单位", "证件编号", "证件状态", "列入原因"], rows, title="复核名单")
    return download(f"执法证复核名单{year}.xlsx", data, "xlsx")
