"""The question bank pages: browse and search, one question with its versions, add, edit,
retire, restore, delete, and the Excel export of what the list shows."""
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require
from app.core.pagination import paginate
from app.core.tables import write_xlsx
from app.extensions import db
from app.questions import queries, services
from app.questions.formats import TYPE_LABELS
from app.questions.forms import QuestionForm
from app.questions.importer import HEADERS, export_rows
from app.questions.models import STATUSES, Question
from app.specialties.models import Specialty, all_specialties

bp = Blueprint("questions", __name__, url_prefix="/questions")


@bp.route("/")
@require("questions.view")
def index():
    f = queries.QuestionFilter.from_args(request.args)
    page = paginate(queries.search(f), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    return render_template("questions/index.html", page=page, f=f,
                           specialties=all_specialties(active_only=False),
                           tags=queries.tag_names(), laws=queries.law_names(),
                           statuses=STATUSES, type_labels=TYPE_LABELS)


@bp.route("/export.xlsx")
@require("questions.view")
def export():
    f = queries.QuestionFilter.from_args(request.args)
    data = write_xlsx(list(HEADERS), export_rows(queries.matching(f)), title="题库")
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             f"attachment; filename*=UTF-8''{quote('题库.xlsx')}"})


def _question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        abort(404)
    return question


@bp.route("/<int:question_id>")
@require("questions.view")
def detail(question_id: int):
    question = _question(question_id)
    number = request.args.get("version", question.current_number, type=int)
    shown = next((v for v in question.versions if v.number == number), None)
    if shown is None:
        abort(404)
    return render_template("questions/detail.html", question=question, shown=shown)


def _form(question: Question | None = None) -> QuestionForm:
    form = QuestionForm()
    form.specialty_id.choices = [(s.id, s.name) for s in all_specialties()]
    if request.method == "GET" and question is not None:
        form.fill(question.current)
        form.specialty_id.data = question.specialty_id
    return form


def _specialty(form: QuestionForm) -> Specialty:
    specialty = db.session.get(Specialty, form.specialty_id.data)
    if specialty is None:
        abort(400)
    return specialty


@bp.route("/new", methods=["GET", "POST"])
@require("questions.edit")
def create():
    form = _form()
    if form.validate_on_submit():
        specialty = _specialty(form)
        try:
            question = services.create_question(current_user, specialty,
                                                form.content(specialty.code))
        except services.QuestionError as exc:
            form.show_problems(exc.problems)
        else:
            db.session.commit()
            flash(_("Question saved."), "success")
            return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/form.html", form=form, question=None)


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
@require("questions.edit")
def edit(question_id: int):
    question = _question(question_id)
    form = _form(question)
    if form.validate_on_submit():
        specialty = _specialty(form)
        try:
            changed = services.revise_question(current_user, question, specialty,
                                               form.content(specialty.code))
        except services.QuestionError as exc:
            form.show_problems(exc.problems)
        else:
            db.session.commit()
            flash(_("Saved as version %(n)s.", n=question.current_number) if changed
                  else _("Nothing changed."), "success")
            return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/form.html", form=form, question=question)


@bp.route("/<int:question_id>/<any(retire, restore, delete):action>", methods=["POST"])
@require("questions.edit")
def change_state(question_id: int, action: str):
    question = _question(question_id)
    change = {"retire": services.retire_question, "restore": services.restore_question,
              "delete": services.delete_question}[action]
    try:
        change(current_user, question)
    except services.QuestionError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("questions.detail", question_id=question_id))
    db.session.commit()
    if action == "delete":
        flash(_("Question deleted."), "success")
        return redirect(url_for("questions.index"))
    flash(_("Question retired.") if action == "retire" else _("Question restored."), "success")
    return redirect(url_for("questions.detail", question_id=question_id))
