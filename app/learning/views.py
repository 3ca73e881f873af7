"""The officer's pages: my courses, a course, a chapter (video, PDF, text) with heartbeats, the
quiz; the media files with range requests. Staff pages are in views_admin.py."""
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth.permissions import require
from app.core import clock
from app.extensions import db
from app.learning import credit, heartbeat, media, queries, quiz, services, timing
from app.learning.models import Chapter, Course, QuizAttempt

bp = Blueprint("learning", __name__, url_prefix="/learning")


def _officer():
    return current_user.officer


def _rules() -> heartbeat.Rules:
    return heartbeat.Rules(beat_seconds=current_app.config.get("LEARNING_BEAT_SECONDS", 30))


def _course_for_officer(course_id: int) -> tuple[Course, object]:
    """The course and the officer's enrolment; 404 when the course is not for them."""
    course = db.session.get(Course, course_id)
    if course is None:
        abort(404)
    try:
        enrolment = services.enrol(_officer(), course, clock.today(), timing.now())
    except services.CourseError:
        abort(404)
    return course, enrolment


@bp.get("/")
@require("training.self")
def mine():
    items = queries.officer_courses(current_user.officer_id, clock.today())
    return render_template("learning/mine.html", items=items,
                           adds=queries.adds_to_floors(items))


@bp.get("/courses/<int:course_id>")
@require("training.self")
def course(course_id: int):
    course, enrolment = _course_for_officer(course_id)
    db.session.commit()
    return render_template("learning/course.html", p=queries.progress(course, enrolment),
                           quiz_ready=credit.chapters_done(enrolment))


@bp.get("/courses/<int:course_id>/chapters/<int:chapter_id>")
@require("training.self")
def chapter(course_id: int, chapter_id: int):
    course, enrolment = _course_for_officer(course_id)
    item = db.session.get(Chapter, chapter_id)
    if item is None or item.course_id != course.id:
        abort(404)
    db.session.commit()
    p = queries.progress(course, enrolment)
    row = next(r for r in p.chapters if r.chapter.id == item.id)
    return render_template("learning/chapter.html", p=p, row=row, enrolment=enrolment,
                           beat_ms=current_app.config.get("LEARNING_PAGE_BEAT_MS", 30_000))


@bp.post("/beat/<int:enrolment_id>")
@require("training.self")
def beat(enrolment_id: int):
    """One heartbeat (JSON); another officer's enrolment is 404 like a missing one."""
    enrolment = services.own_enrolment(current_user.officer_id, enrolment_id)
    data = request.get_json(silent=True) or {}
    try:
        chapter = db.session.get(Chapter, int(data.get("chapter_id", 0)))
        b = heartbeat.Beat(str(data.get("tab", ""))[:40], chapter.id if chapter else 0,
                           bool(data.get("visible")), bool(data.get("playing")),
                           float(data.get("rate", 1.0)), float(data.get("position", 0.0)))
    except (TypeError, ValueError):
        return jsonify(error="bad beat"), 400
    if enrolment is None or chapter is None or not b.tab:
        abort(404)
    try:
        verdict = heartbeat.record(enrolment, chapter, b, timing.now(), _rules())
    except heartbeat.BeatRefused:
        abort(404)
    except IntegrityError:          # two first beats at once: the other one made the live row
        db.session.rollback()
        return jsonify(error="busy"), 409
    if verdict.chapter_complete and enrolment.completed_at is None:
        credit.complete_if_due(current_user, enrolment, timing.now())
    db.session.commit()
    return jsonify(verdict.as_json() | {"course_complete": enrolment.completed_at is not None})


@bp.post("/confirm/<int:enrolment_id>")
@require("training.self")
def confirm(enrolment_id: int):
    enrolment = services.own_enrolment(current_user.officer_id, enrolment_id)
    if enrolment is None:
        abort(404)
    heartbeat.confirm_presence(enrolment, _rules())
    db.session.commit()
    return jsonify(ok=True)


@bp.route("/courses/<int:course_id>/quiz", methods=["GET", "POST"])
@require("training.self")
def take_quiz(course_id: int):
    course, enrolment = _course_for_officer(course_id)
    if not credit.chapters_done(enrolment) or course.quiz_size == 0:
        flash(_("Finish every chapter before the quiz."), "warning")
        return redirect(url_for("learning.course", course_id=course.id))
    try:
        attempt = quiz.open_attempt(enrolment, timing.now())
    except quiz.QuizError as error:
        flash(str(error), "danger")
        return redirect(url_for("learning.course", course_id=course.id))
    if request.method == "POST":
        return _submit_quiz(course, enrolment, attempt)
    db.session.commit()
    return render_template("learning/quiz.html", course=course, attempt=attempt,
                           versions=quiz.versions(attempt))


def _submit_quiz(course, enrolment, attempt: QuizAttempt):
    answers = {str(v): "".join(request.form.getlist(f"q{v}")) for v in attempt.version_ids}
    quiz.submit(enrolment, attempt, answers, timing.now())
    credit.complete_if_due(current_user, enrolment, timing.now())
    db.session.commit()
    if attempt.passed:
        flash(_("Quiz passed with %(s)s points: the course hours are in your training record.",
                s=attempt.score), "success")
    else:
        flash(_("Quiz score %(s)s, below the pass mark %(p)s: try again.", s=attempt.score,
                p=course.pass_percent), "warning")
    return redirect(url_for("learning.course", course_id=course.id))


@bp.get("/media/<int:chapter_id>")
@require("training.self")
def chapter_file(chapter_id: int):
    item = db.session.get(Chapter, chapter_id)
    if item is None or not item.stored_name:
        abort(404)
    _course_for_officer(item.course_id)
    db.session.commit()
    return serve(item)


def serve(item: Chapter):
    """The file with range requests (send_file conditional); behind nginx, X-Accel-Redirect."""
    path = media.path_of(item.stored_name)
    mimetype = media.KINDS[item.kind][1]
    prefix = current_app.config.get("LEARNING_ACCEL_PREFIX")
    if prefix:
        response = current_app.response_class(mimetype=mimetype)
        response.headers["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{item.stored_name}"
        return response
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=mimetype, conditional=True, max_age=0)
    if item.kind == "pdf":   # shown in the chapter page's frame, from this site only
        response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "private, max-age=0"
    return response


from app.learning import views_admin  # noqa: E402,F401  (staff routes on the same blueprint)
