"""Web imports and exports: upload, watch the progress bar, read the result, download."""
from pathlib import Path
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import import_templates
from app.auth.id_access import may_search_by_number
from app.auth.permissions import can, scope, search_limit
from app.core.tables import TableError, write_xlsx
from app.core.uploads import save_upload
from app.extensions import db
from app.importing import KINDS
from app.jobs import exports, progress
from app.jobs.models import Job
from app.jobs.runner import submit
from app.main.helpers import page_disclosure
from app.people import importer as officer_io
from app.people.forms import ImportForm
from app.people.queries import RosterFilter, roster

bp = Blueprint("jobs", __name__)


def _allowed(kind: str, action: str) -> None:
    if kind not in KINDS:
        abort(404)
    if not can(current_user, getattr(KINDS[kind], f"{action}_permission")):
        abort(403)


@bp.route("/imports/<kind>", methods=["GET", "POST"])
@login_required
def new_import(kind: str):
    _allowed(kind, "import")
    form = (KINDS[kind].form or ImportForm)()
    if form.validate_on_submit():
        try:
            path = save_upload(form.file.data, KINDS[kind].suffixes)
        except TableError as exc:
            form.file.errors.append(str(exc))
        else:
            options = form.options() if hasattr(form, "options") else {}
            job = submit("import", current_user, {"kind": kind, "path": str(path),
                                                  "dry_run": form.dry_run.data,
                                                  "options": options})
            return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("jobs/import.html", form=form, kind=kind, title=KINDS[kind].title)


def _own_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.owner_id != current_user.id:
        abort(404)
    return job


@bp.route("/jobs/")
@login_required
def mine():
    """The user's own imports and exports of the last days, newest first."""
    jobs = db.session.scalars(select(Job).where(Job.owner_id == current_user.id)
                              .order_by(Job.id.desc()).limit(50)).all()
    titles = {job.id: exports.title(job) if job.kind == "export"
              else _title((job.params or {}).get("kind")) for job in jobs}
    return render_template("jobs/mine.html", jobs=jobs, titles=titles)


@bp.route("/jobs/<int:job_id>")
@login_required
def show(job_id: int):
    job = _own_job(job_id)
    if job.kind == "export":
        stored = exports.stored_file(job)
        return render_template("jobs/show.html", job=job, exporting=True,
                               title=exports.title(job), stored=stored,
                               size=_size(stored.stat().st_size) if stored else "")
    return render_template("jobs/show.html", job=job, exporting=False,
                           title=_title(job.params.get("kind")))


@bp.route("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int):
    """The finished export's file, to the user who started it only (404 to anyone else)."""
    job = _own_job(job_id)
    path = exports.stored_file(job)
    if path is None:
        abort(404)
    return send_file(path, mimetype=exports.MIMETYPES.get(path.suffix, "application/octet-stream"),
                     as_attachment=True, download_name=job.result["filename"], max_age=0)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


@bp.route("/jobs/<int:job_id>/confirm", methods=["POST"])
@login_required
def confirm(job_id: int):
    """Write the file a finished dry run checked, with the same options."""
    job = _own_job(job_id)
    if job.kind != "import" or not job.params.get("dry_run") or not job.finished \
            or (job.result or {}).get("errors"):
        abort(400)
    _allowed(job.params["kind"], "import")
    if not Path(job.params["path"]).exists():
        # Imported already (the upload is deleted then) or pruned after a day.
        flash(_("This file was imported already or has expired; upload it again to import it "
                "again."), "warning")
        return redirect(url_for("jobs.show", job_id=job.id))
    again = submit("import", current_user, job.params | {"dry_run": False})
    return redirect(url_for("jobs.show", job_id=again.id))


@bp.route("/jobs/<int:job_id>/status")
@login_required
def status(job_id: int):
    job = _own_job(job_id)
    done = progress.read(job.id)
    return {"state": job.state, "done": done["done"], "total": done["total"],
            "finished": job.finished}


@bp.route("/imports/<kind>/template.xlsx")
@login_required
def template(kind: str):
    _allowed(kind, "import")
    return _xlsx_response(import_templates.template(kind, current_user),
                          f"{KINDS[kind].title}导入模板.xlsx")


@bp.route("/exports/<kind>.<fmt>", methods=["GET", "POST"])
@login_required
@search_limit()
def export(kind: str, fmt: str):
    """GET downloads at once (small kinds, scripts); POST starts the export as a job with the
    page's filters (its query string) and shows its progress."""
    _allowed(kind, "export")
    if fmt != "xlsx":
        abort(404)
    if request.method == "POST":
        if kind not in exports.EXPORTS:
            abort(405)
        job = submit("export", current_user, {"export": kind,
                                              "params": {"args": request.args.to_dict()}})
        return redirect(url_for("jobs.show", job_id=job.id))
    headers = list(KINDS[kind].headers)
    disclosure = page_disclosure()
    return _xlsx(f"{KINDS[kind].title}.xlsx", headers,
                 disclosure.rows(headers, _export_rows(kind)), kind)


def _title(kind: str | None) -> str:
    return KINDS[kind].title if kind in KINDS else ""


def _export_rows(kind: str):
    """The kind's rows in scope, whole ID numbers in them (the caller masks them as the rule
    says); the roster follows the page's filters."""
    if kind != "officers":
        return KINDS[kind].rows(scope())
    f = RosterFilter.from_args(request.args, may_search_by_number(current_user))
    return officer_io.export_rows(roster(scope(), f).order_by(None))


def _xlsx(filename: str, headers: list[str], rows, kind: str) -> Response:
    return _xlsx_response(write_xlsx(headers, rows, title=KINDS[kind].title), filename)


def _xlsx_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             f"attachment; filename*=UTF-8''{quote(filename)}"})
