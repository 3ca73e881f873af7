"""January reminders of the yearly report (due 31 January, seed 004 (44)) to the legal
section, and first-quarter reminders of the yearly training plan (004 (4)) to HR of units
without one. Keys make a re-run notify nobody twice."""
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.core import clock
from app.extensions import db
from app.notifications.services import notify
from app.training.models import PlanItem


def report_year(day: date | None = None) -> int:
    """The year a report is about: last year in January and February, else this one."""
    day = day or clock.today()
    return day.year - 1 if day.month <= 2 else day.year


def _stage(day: date) -> str:
    """Three reminders in January, whichever day each is caught up on."""
    return "first" if day.day < 20 else ("second" if day.day < 28 else "last")


def remind_annual_report(day: date | None = None) -> int:
    """In January: every active legal-section account is told the report is due."""
    day = day or clock.today()
    if day.month != 1:
        return 0
    year = day.year - 1
    users = db.session.scalars(select(User.id).where(User.role == "legal",
                                                     User.active.is_(True)))
    left = (date(day.year, 1, 31) - day).days
    text = (f"{year}年度行政执法和执法监督工作情况须于{day.year}年1月31日前报送同级司法行政部门"
            f"（还有 {left} 天）：本系统的培训、考试和执法证数据可在“年度报告”导出（PDF、Excel）。")
    return notify(list(users), text, link=f"/annual/?year={year}",
                  key=f"annual-report:{year}:{_stage(day)}")


def remind_training_plan(day: date | None = None) -> int:
    """In the first quarter, once a month: HR of a unit with no course in this year's plan."""
    day = day or clock.today()
    if day.month > 3:
        return 0
    planned = select(PlanItem.unit_id).where(PlanItem.year == day.year)
    clerks = db.session.execute(select(User.id, User.unit_id).where(
        User.role == "hr", User.active.is_(True), User.unit_id.is_not(None),
        User.unit_id.not_in(planned))).all()
    text = (f"{day.year}年度培训工作计划应于第一季度（3月31日前）制定，"
            "本单位尚未录入计划课程，请在“培训计划”中填报。")
    return sum(notify([uid], text, link=f"/training/plan?year={day.year}&unit={unit_id}",
                      key=f"training-plan:{day.year}:{day.month}:{uid}")
               for uid, unit_id in clerks)


def annual_report_job() -> None:
    """The scheduled job (app/scheduling.py)."""
    remind_annual_report()


def training_plan_job() -> None:
    remind_training_plan()
