"""The clearance pages: who is waiting, the cancellation reports, sent, cancelled."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.id_access import CANCELLATION, Disclosure
from app.auth.permissions import can, require, scope
from app.certificates import clearance, documents, queries
from app.certificates.blueprint import bp, download
from app.certificates.forms import CancelledForm, ReportForm, SentForm, attach_errors
from app.certificates.models import ClearanceReport
from app.certificates.services import CertificateError
from app.core import clock
from app.core.scoping import get_scoped
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices


def _unit_filter() -> Unit | None:
    unit_id = request.args.get("unit", type=int)
    return get_scoped(Unit, unit_id, scope()) if unit_id else None


@bp.route("/clearance", methods=["GET", "POST"])
@require("certificates.view")
def clearance_page():
    unit = _unit_filter()
    form = _report_form()
    if request.method == "POST":
        if not can(current_user, "certificates.clearance"):
            abort(403)
        response = _create_report(form)
        if response is not None:
            return response
    rows = queries.clearance_rows(scope(), unit)
    page = render_template("certificates/clearance.html", rows=rows, form=form, unit=unit,
                           units=unit_choices(scope()), reports=queries.reports(scope()),
                           recipients=clearance.recipients_for(r.officer.unit for r in rows),
                           waiting=sum(1 for r in rows if r.certificate.clearance_report is None))
    return page, 400 if request.method == "POST" else 200


def _report_form() -> ReportForm:
    form = ReportForm()
    form.unit_id.choices = unit_choices(scope())
    if not form.is_submitted() and current_user.unit_id:
        form.unit_id.data = current_user.unit_id
    return form


def _create_report(form: ReportForm):
    if not form.validate_on_submit():
        return None
    unit = get_scoped(Unit, form.unit_id.data, scope())
    try:
        report = clearance.create_report(current_user, unit, form.recipient.data or "")
    except CertificateError as exc:
        form.unit_id.errors = [*form.unit_id.errors, *exc.errors.values()]
        db.session.rollback()
        return None
    db.session.commit()
    flash(_("Cancellation report generated."), "success")
    return redirect(url_for("certificates.report", report_id=report.id))


@bp.route("/clearance.xlsx")
@require("certificates.view")
def clearance_xlsx():
    rows = queries.clearance_rows(scope(), _unit_filter())
    return download("定期清理名单.xlsx", documents.as_xlsx(rows), "xlsx")


@bp.route("/clearance/reports/<int:report_id>")
@require("certificates.view")
def report(report_id: int):
    item = get_scoped(ClearanceReport, report_id, scope())
    return render_template("certificates/report.html", report=item, rows=documents.report_rows(item),
                           sent_form=SentForm(sent_on=clock.today()),
                           cancelled_form=CancelledForm().for_count(clearance.to_cancel(item)))


@bp.route("/clearance/reports/<int:report_id>.pdf")
@require("certificates.view")
def report_pdf(report_id: int):
    item = get_scoped(ClearanceReport, report_id, scope())
    data, _missing = documents.report_pdf(item, _report_ids())
    return download(f"注销报告{item.id}.pdf", data, "pdf")


@bp.route("/clearance/reports/<int:report_id>.xlsx")
@require("certificates.view")
def report_xlsx(report_id: int):
    item = get_scoped(ClearanceReport, report_id, scope())
    return download(f"注销报告{item.id}.xlsx", documents.report_xlsx(item, _report_ids()), "xlsx")


def _report_ids() -> Disclosure:
    """The cancellation report's numbers as this reader may see them, audited as the response
    leaves (app/main/helpers.audit_disclosure)."""
    g.id_disclosure = Disclosure(current_user, f"{request.method} {request.path}", CANCELLATION)
    return g.id_disclosure


@bp.route("/clearance/reports/<int:report_id>/sent", methods=["POST"])
@require("certificates.clearance")
def report_sent(report_id: int):
    item = get_scoped(ClearanceReport, report_id, scope())
    form = SentForm()
    if form.validate_on_submit():
        try:
            clearance.mark_sent(current_user, item, form.sent_on.data, form.reference.data or "")
        except CertificateError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Marked as sent."), "success")
            return redirect(url_for("certificates.report", report_id=item.id))
    db.session.rollback()
    return _report_again(item, sent_form=form)


@bp.route("/clearance/reports/<int:report_id>/cancelled", methods=["POST"])
@require("certificates.clearance")
def report_cancelled(report_id: int):
    item = get_scoped(ClearanceReport, report_id, scope())
    form = CancelledForm()
    if form.validate_on_submit():
        try:
            count = clearance.record_cancellation(current_user, item, form.reference.data or "",
                                                  confirmed=_int(form.count.data))
        except CertificateError as exc:
            attach_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("%(count)s certificates recorded as cancelled.", count=count), "success")
            return redirect(url_for("certificates.report", report_id=item.id))
    db.session.rollback()
    return _report_again(item, cancelled_form=form)


def _report_again(item: ClearanceReport, **forms):
    item = get_scoped(ClearanceReport, item.id, scope())
    forms = {"sent_form": SentForm(sent_on=clock.today()),
             "cancelled_form": CancelledForm()} | forms
    forms["cancelled_form"].for_count(clearance.to_cancel(item))
    return render_template("certificates/report.html", report=item,
                           rows=documents.report_rows(item), **forms), 400


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
