"""An officer's year (their own, or as staff see it), the archive PDF, external trainings."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require, scope
from app.core import clock
from app.core.actions import perform
from app.core.scoping import get_scoped
from app.extensions import db
from app.people.models import Officer
from app.training import queries, reports, services
from app.training.evidence import EvidenceError
from app.training.forms import ExternalForm, RejectForm
from app.training.models import ExternalTraining
from app.training.views import _download, bp, evidence_folder, evidence_limit, show_errors


def _year() -> int:
    year = request.args.get("year", type=int) or clock.today().year
    return min(max(year, 2000), 2100)


def _year_page(officer: Officer, own: bool):
    data = queries.officer_year(officer, _year())
    return render_template("training/officer_year.html", data=data, own=own,
                           submissions=queries.own_submissions(officer) if own else [],
                           years=range(clock.today().year, clock.today().year - 6, -1))


@bp.route("/me")
@require("training.self")
def my_year():
    return _year_page(current_user.officer, own=True)


@bp.route("/officers/<int:officer_id>")
@require("training.view")
def officer_year(officer_id: int):
    return _year_page(get_scoped(Officer, officer_id, scope()), own=False)


def _archive(officer: Officer):
    data = queries.officer_year(officer, _year())
    content, _missing = reports.archive_pdf(data, officer.unit.name)
    return _download(content, "application/pdf", f"{officer.name}-{data.year}年度培训记录档案.pdf")


@bp.route("/me/archive.pdf")
@require("training.self")
def my_archive():
    return _archive(current_user.officer)


@bp.route("/officers/<int:officer_id>/archive.pdf")
@require("training.view")
def officer_archive(officer_id: int):
    return _archive(get_scoped(Officer, officer_id, scope()))


@bp.route("/me/external", methods=["GET", "POST"])
@require("training.self")
def submit_external():
    form = ExternalForm()
    if form.validate_on_submit():
        data = services.ExternalData(form.title.data, form.organiser.data, form.category.data,
                                     form.start_date.data, form.end_date.data, form.hours.data,
                                     form.content.data or "")
        try:
            item = services.submit_external(current_user, current_user.officer, data)
            upload = form.file.data
            services.attach_evidence(current_user, upload.stream, upload.filename or "",
                                     evidence_folder(), evidence_limit(), submission=item)
        except services.TrainingError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        except EvidenceError as exc:
            db.session.rollback()
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Submitted; HR will review it."), "success")
            return redirect(url_for("training.my_year"))
    return render_template("training/external_form.html", form=form)


@bp.route("/submissions")
@require("training.edit")
def submissions():
    state = request.args.get("state", "pending")
    state = state if state in ("pending", "approved", "rejected", "") else "pending"
    items = list(db.session.scalars(queries.submissions(scope(), state).limit(200)))
    return render_template("training/submissions.html", items=items, state=state,
                           reject_form=RejectForm())


@bp.route("/submissions/<int:item_id>/approve", methods=["POST"])
@require("training.edit")
def approve(item_id: int):
    item = get_scoped(ExternalTraining, item_id, scope())
    perform(lambda: services.approve(current_user, item), services.TrainingError,
            _("Approved: the hours now count."))
    return redirect(url_for("training.submissions"))


@bp.route("/submissions/<int:item_id>/reject", methods=["POST"])
@require("training.edit")
def reject(item_id: int):
    item = get_scoped(ExternalTraining, item_id, scope())
    form = RejectForm()
    perform(lambda: services.reject(current_user, item, form.reason.data if form.validate() else ""),
            services.TrainingError, _("Rejected; the officer sees the reason."))
    return redirect(url_for("training.submissions"))
