"""The law library pages: laws and versions, a version's articles, compare two versions,
upload a version, and the legal section's citation review queue."""
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require
from app.core.actions import perform
from app.core.clock import today
from app.extensions import db
from app.laws import compare, queries, services
from app.laws.forms import ReviewForm, UploadForm
from app.laws.models import CitationReview

bp = Blueprint("laws", __name__, url_prefix="/laws", template_folder="templates")


@bp.route("/")
@require("laws.view")
def index():
    return render_template("laws/index.html", laws=queries.laws(), today=today(),
                           reviews=queries.open_review_count())


def _version(version_id: int):
    version = queries.version(version_id)
    if version is None:
        abort(404)
    return version


@bp.route("/versions/<int:version_id>")
@require("laws.view")
def version(version_id: int):
    return render_template("laws/version.html", version=_version(version_id))


@bp.route("/versions/<int:old_id>/compare/<int:new_id>")
@require("laws.view")
def compare_page(old_id: int, new_id: int):
    old, new = _version(old_id), _version(new_id)
    if old.law_id != new.law_id:
        abort(404)
    return render_template("laws/compare.html", old=old, new=new,
                           rows=compare.compare(old, new))


@bp.route("/upload", methods=["GET", "POST"])
@require("laws.edit")
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        report = _load(form.file.data)
        if report.ok:
            db.session.commit()
            flash(report.summary(), "success")
            return redirect(url_for("laws.index"))
        db.session.rollback()
        for error in report.errors:
            flash(str(error), "danger")
    return render_template("laws/upload.html", form=form)


def _load(upload):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.md"
        upload.save(path)
        return services.run_import(path, current_user, filename=upload.filename or "upload.md")


@bp.route("/reviews")
@require("laws.edit")
def reviews():
    return render_template("laws/reviews.html", reviews=queries.open_reviews(),
                           form=ReviewForm())


@bp.route("/reviews/<int:review_id>", methods=["POST"])
@require("laws.edit")
def decide(review_id: int):
    review = db.session.get(CitationReview, review_id)
    if review is None:
        abort(404)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Check the article number."), "danger")
        return redirect(url_for("laws.reviews"))
    ok, question = perform(lambda: services.decide(current_user, review, form.decision.data,
                                                   form.article.data),
                           services.LawError, _("Decision saved."))
    if ok and form.decision.data == "edit":
        return redirect(url_for("questions.edit", question_id=question.id))
    return redirect(url_for("laws.reviews"))
