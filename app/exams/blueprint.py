"""The exams blueprint, shared by the page modules (views, admin_views, take_views, api)."""
from flask import Blueprint

bp = Blueprint("exams", __name__, url_prefix="/exams")


@bp.app_template_filter("exam_time")
def exam_time(value) -> str:
    """A stored UTC time as Shanghai wall-clock time, to the minute."""
    from app.exams.timeutil import local_text
    return local_text(value)
