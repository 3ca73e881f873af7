"""Staff pages: courses in scope, a course with its chapters, progress per unit, reminders,
and a 讲法微课堂 recording made a course in one step."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import can, require, scope
from app.core import clock
from app.core.scoping import get_scoped
from app.extensions import db
from app.laws.models import Law
from app.learning import media, queries, services, staff
from app.learning.forms import ChapterForm, CourseForm, LectureForm
from app.learning.models import Chapter, Course
from app.learning.views import bp, serve
from app.org.models import Unit
from app.org.queries import unit_choices
from app.training.access import may_see_session
from app.training.models import TrainingSession

UPLOADS = {"learning.manage", "learning.from_lecture"}


@bp.url_value_preprocessor
def _allow_big_uploads(endpoint, _values):
    """Lecture videos are bigger than MAX_CONTENT_LENGTH (forms and spreadsheets): the two
    upload pages take up to LEARNING_MAX_UPLOAD_BYTES. Set here, before the CSRF check
    (a before_request) reads the form."""
    if endpoint in UPLOADS and request.method == "POST":
        request.max_content_length = current_app.config.get("LEARNING_MAX_UPLOAD_BYTES",
                                                            2 * 1024 ** 3)


def _followed(course_id: int) -> Course:
    """A course the staff member follows (see queries.staff_courses), else 404."""
    course = queries.staff_course(course_id, scope())
    if course is None:
        abort(404)
    return course


@bp.get("/admin/")
@require("training.view")
def courses():
    items = db.session.scalars(queries.staff_courses(scope()).order_by(Course.closes_on.desc(),
                                                                Course.id.desc())).all()
    return render_template("learning/courses.html", items=items,
                           may_edit=can(current_user, "training.edit"))


@bp.route("/admin/new", methods=["GET", "POST"])
@require("training.edit")
def new_course():
    form = CourseForm()
    form.unit_id.choices = form.audience.choices = unit_choices(scope())
    form.laws.choices = [(law.id, law.name) for law in db.session.scalars(
        select(Law).order_by(Law.name))]
    if form.validate_on_submit():
        try:
            course = services.create_course(
                current_user, title=form.title.data, category=form.category.data,
                hours=form.hours.data, unit=get_scoped(Unit, form.unit_id.data, scope()),
                units=[get_scoped(Unit, uid, scope()) for uid in form.audience.data],
                specialty=form.specialty.data, opens_on=form.opens_on.data,
                closes_on=form.closes_on.data, law_ids=form.laws.data,
                description=form.description.data or "", quiz_size=form.quiz_size.data,
                pass_percent=form.pass_percent.data)
        except services.CourseError as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Course saved: add its chapters, then publish it."), "success")
            return redirect(url_for("learning.manage", course_id=course.id))
    return render_template("learning/course_form.html", form=form)


@bp.route("/admin/<int:course_id>", methods=["GET", "POST"])
@require("training.view")
def manage(course_id: int):
    course = _followed(course_id)
    form = ChapterForm()
    if request.method == "POST":
        if not can(current_user, "training.edit"):
            abort(403)
        course = get_scoped(Course, course.id, scope())   # chapters: the organiser's side only
        if form.validate_on_submit():
            return _add_chapter(course, form)
    return render_template("learning/manage.html", course=course, form=form,
                           units=queries.by_unit(course, scope()),
                           may_remind=can(current_user, "training.edit"),
                           may_edit=can(current_user, "training.edit")
                           and scope().covers_unit(course.unit))


def _add_chapter(course: Course, form: ChapterForm):
    kind, upload = form.kind.data, form.file.data
    try:
        stored = media.save(upload.stream, kind) if kind != "text" and upload else None
        services.add_chapter(current_user, course, title=form.title.data, kind=kind,
                             min_minutes=form.min_minutes.data, stored_name=stored,
                             original_name=upload.filename[:200] if stored else None,
                             body=form.body.data or "")
    except (media.MediaError, services.CourseError) as error:
        flash(str(error), "danger")
        return redirect(url_for("learning.manage", course_id=course.id))
    db.session.commit()
    flash(_("Chapter added."), "success")
    return redirect(url_for("learning.manage", course_id=course.id))


@bp.post("/admin/<int:course_id>/publish")
@require("training.edit")
def publish(course_id: int):
    course = get_scoped(Course, course_id, scope())
    try:
        services.publish(current_user, course)
    except services.CourseError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Course published."), "success")
    return redirect(url_for("learning.manage", course_id=course.id))


@bp.post("/admin/<int:course_id>/remind")
@require("training.edit")
def remind(course_id: int):
    course = _followed(course_id)
    sent = staff.remind(current_user, course, clock.today(),
                        url_for("learning.course", course_id=course.id))
    db.session.commit()
    flash(_("%(n)s officers reminded.", n=sent), "success")
    return redirect(url_for("learning.manage", course_id=course.id))


@bp.get("/admin/chapters/<int:chapter_id>/file")
@require("training.view")
def staff_file(chapter_id: int):
    item = db.session.get(Chapter, chapter_id)
    if item is None or not item.stored_name:
        abort(404)
    _followed(item.course_id)
    return serve(item)


@bp.route("/admin/from-session/<int:session_id>", methods=["GET", "POST"])
@require("training.edit")
def from_lecture(session_id: int):
    session = db.session.get(TrainingSession, session_id)
    if session is None or not may_see_session(current_user, session):
        abort(404)
    form = LectureForm()
    if form.validate_on_submit():
        try:
            upload = form.file.data
            if not upload:
                raise media.MediaError("请上传讲座录像（MP4）")
            stored = media.save(upload.stream, "video")
            course = staff.from_lecture(current_user, session, stored, upload.filename[:200],
                                        form.min_minutes.data, form.quiz_size.data,
                                        clock.today())
        except (media.MediaError, services.CourseError) as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("The lecture is now an online course."), "success")
            return redirect(url_for("learning.manage", course_id=course.id))
    return render_template("learning/from_lecture.html", form=form, session=session)
