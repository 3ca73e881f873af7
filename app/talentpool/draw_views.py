"""The draw pages: new task and draw, a draw's team, replacement, leader, verify, PDFs, history."""
from urllib.parse import quote

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require, scope
from app.core import clock
from app.core.pagination import paginate
from app.core.scoping import get_scoped
from app.core.tables import write_xlsx
from app.extensions import db
from app.org.models import Unit
from app.org.queries import unit_choices
from app.specialties.models import Specialty, all_specialties
from app.talentpool import draws as services
from app.talentpool import pdf, queries
from app.talentpool.forms import DrawForm, ReplaceForm, TaskForm
from app.talentpool.views import bp


@bp.route("/draws/")
@require("draws.view")
def draws():
    f = queries.DrawFilter.from_args(request.args)
    page = paginate(queries.draws(scope(), f), request.args.get("page", 1, type=int),
                    current_app.config["PAGE_SIZE"])
    return render_template("talentpool/draws.html", page=page, f=f,
                           specialties=all_specialties(active_only=False))


@bp.route("/draws/export.xlsx")
@require("draws.view")
def export_draws():
    rows = ([d.id, clock.shown(d.created_at), d.task.purpose,
             d.task.inspected_unit.name, d.specialty.name, d.first_round.seed,
             d.first_round.eligible_count, "、".join(m.officer.name for m in d.team)]
            for d in db.session.scalars(queries.draws(scope(), queries.DrawFilter.from_args(
                request.args))))
    return _xlsx("抽取记录.xlsx", ["编号", "抽取时间", "任务", "被检查单位", "专业类别", "随机种子",
                                  "候选人数", "检查组"], rows)


@bp.route("/draws/new", methods=["GET", "POST"])
@require("draws.make")
def new_draw():
    """A task with one team per specialty, drawn at once: every team or none."""
    form = TaskForm(specialties=_specialty_choices())
    form.inspected_unit_id.choices = unit_choices(scope())
    if form.validate_on_submit():
        rows = form.chosen()
        teams = [services.Team(db.session.get(Specialty, row.specialty_id.data), row.size.data,
                               row.experts.data or 0) for _i, row in rows]
        try:
            _task, records = services.draw_task(current_user, _task_data(form), teams,
                                                form.seed.data)
        except services.TeamsError as exc:
            db.session.rollback()
            for n, message in exc.failures.items():
                rows[n][1].size.errors.append(message)
            form.teams_errors.append(_("Nothing was drawn: every team of a task is drawn at once "
                                       "or not at all."))
        except services.DrawError as exc:
            db.session.rollback()
            form.teams_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Drawn and recorded.") if len(records) == 1 else
                  _("Drawn and recorded: %(n)s teams.", n=len(records)), "success")
            return redirect(url_for("talentpool.draw", draw_id=records[0].id))
    return render_template("talentpool/new_draw.html", form=form)


def _specialty_choices() -> list[tuple[int, str]]:
    return [(s.id, s.name) for s in all_specialties()]


def _task_data(form: TaskForm) -> services.TaskData:
    return services.TaskData(
        purpose=form.purpose.data.strip(),
        inspected_unit=get_scoped(Unit, form.inspected_unit_id.data, scope()),
        starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        avoid_city=form.avoid_city.data, cooloff_days=form.cooloff_days.data or 0)


def _draw(task, form: DrawForm):
    specialty = db.session.get(Specialty, form.specialty_id.data)
    return services.draw(current_user, task, specialty, form.size.data, form.experts.data or 0,
                         form.seed.data)


@bp.route("/tasks/<int:task_id>/draw", methods=["POST"])
@require("draws.make")
def draw_more(task_id: int):
    """Another specialty's team for the same task."""
    task = queries.get_task(task_id, scope())
    form = DrawForm()
    form.specialty_id.choices = _specialty_choices()
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("talentpool.draw", draw_id=task.draws[0].id))
    try:
        record = _draw(task, form)
    except services.DrawError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("talentpool.draw", draw_id=task.draws[0].id))
    db.session.commit()
    flash(_("Drawn and recorded."), "success")
    return redirect(url_for("talentpool.draw", draw_id=record.id))


@bp.route("/draws/<int:draw_id>")
@require("draws.view")
def draw(draw_id: int):
    return _draw_page(queries.get_draw(draw_id, scope()))


@bp.route("/draws/<int:draw_id>/verify")
@require("draws.view")
def verify(draw_id: int):
    """Anyone who may see the draw may replay it: a read, recorded nowhere."""
    record = queries.get_draw(draw_id, scope())
    return _draw_page(record, services.verify(record))


def _draw_page(record, checks=None):
    form = DrawForm(formdata=None)
    form.specialty_id.choices = _specialty_choices()
    return render_template("talentpool/draw.html", record=record, replace_form=ReplaceForm(),
                           more_form=form, checks=checks,
                           excluded_labels=services.EXCLUDED_LABELS)


@bp.route("/draw-members/<int:member_id>/replace", methods=["POST"])
@require("draws.make")
def replace(member_id: int):
    member = queries.get_draw_member(member_id, scope())
    form = ReplaceForm()
    try:
        if not form.validate_on_submit():
            raise services.DrawError("请填写递补原因")
        new = services.replace(current_user, member, form.reason.data)
    except services.DrawError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("%(name)s replaces %(old)s.", name=new.officer.name, old=member.officer.name),
              "success")
    return redirect(url_for("talentpool.draw", draw_id=member.draw_id))


@bp.route("/draw-members/<int:member_id>/leader", methods=["POST"])
@require("draws.make")
def leader(member_id: int):
    member = queries.get_draw_member(member_id, scope())
    try:
        services.set_leader(current_user, member)
    except services.DrawError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Team leader set."), "success")
    return redirect(url_for("talentpool.draw", draw_id=member.draw_id))


@bp.route("/draws/<int:draw_id>/dispatch.pdf")
@require("draws.view")
def dispatch_pdf(draw_id: int):
    data, _missing = pdf.dispatch_list(queries.get_draw(draw_id, scope()))
    return _pdf(data, f"派员名单-{draw_id}.pdf")


@bp.route("/draws/<int:draw_id>/record.pdf")
@require("draws.view")
def record_pdf(draw_id: int):
    data, _missing = pdf.draw_record(queries.get_draw(draw_id, scope()))
    return _pdf(data, f"抽取记录-{draw_id}.pdf")


@bp.route("/draws/<int:draw_id>/team.xlsx")
@require("draws.view")
def team_xlsx(draw_id: int):
    record = queries.get_draw(draw_id, scope())
    rows = ([i, m.role_label, m.officer.name, m.officer.id_number_masked, m.unit.code, m.unit.name,
             m.officer.phone or ""] for i, m in enumerate(record.team, start=1))
    return _xlsx(f"检查组-{draw_id}.xlsx", ["序号", "职务", "姓名", "身份证号", "单位编码",
                                           "所在单位", "联系电话"], rows)


@bp.route("/history")
@require("draws.view")
def history():
    s = scope()
    return render_template("talentpool/history.html", by_unit=queries.load_by_unit(s),
                           by_specialty=queries.load_by_specialty(s),
                           spread=queries.times_drawn_spread(s), most=queries.most_drawn(s))


def _pdf(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(filename)}"})


def _xlsx(filename: str, headers: list[str], rows) -> Response:
    return Response(write_xlsx(headers, rows, title=filename.split(".")[0]),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})
