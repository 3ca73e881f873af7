"""The exam form and page show the points total; "avoid questions seen before" cannot stay on
with a fixed paper, where it cannot work (issue 19 item 15)."""
from datetime import timedelta

from sqlalchemy import select

from app.core.clock import to_local
from app.core.models import utcnow
from app.exams.models import Exam
from app.specialties.models import find


def _form(unit, mode: str, **extra) -> dict:
    opens = to_local(utcnow() + timedelta(days=1))
    return {"name": "第四季度基本法律法规知识考试", "specialty_id": str(find("basic").id),
            "unit_id": str(unit.id), "year": "2026", "quarter": "4",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
            "time_limit_minutes": "60", "pass_mark": "10", "mode": mode,
            "multiple_scoring": "partial", "shuffle": "y", "avoid_seen": "y",
            "sections-0-qtype": "single", "sections-0-count": "3", "sections-0-points": "5",
            "sections-1-qtype": "truefalse", "sections-1-count": "2",
            "sections-1-points": "2.5"} | extra


def test_a_fixed_paper_never_keeps_avoid_seen_and_a_drawn_one_does(db, auth, province_bank,
                                                                    make_user):
    auth.login(make_user("legal", province_bank["360100"]).username)
    assert auth.post("/exams/new", _form(province_bank["360100"], "fixed")).status_code == 302
    assert auth.post("/exams/new", _form(province_bank["360100"], "drawn",
                                         name="随机组卷考试")).status_code == 302
    exams = {e.mode: e for e in db.session.scalars(select(Exam))}
    assert exams["fixed"].avoid_seen is False
    assert exams["drawn"].avoid_seen is True
    # Editing a drawn exam into a fixed one drops it as well.
    drawn = exams["drawn"]
    assert auth.post(f"/exams/{drawn.id}/edit",
                     _form(province_bank["360100"], "fixed", name="随机组卷考试")).status_code == 302
    db.session.refresh(drawn)
    assert drawn.mode == "fixed" and drawn.avoid_seen is False


def test_the_exam_page_and_the_form_show_the_points_total(db, auth, province_bank, make_user):
    auth.login(make_user("legal", province_bank["360100"]).username)
    auth.post("/exams/new", _form(province_bank["360100"], "drawn"))
    exam = db.session.scalar(select(Exam))
    page = auth.client.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert "总分</dt><dd class=\"col-7\">20 分，5 题" in page          # 3×5 + 2×2.5
    form = auth.client.get(f"/exams/{exam.id}/edit").get_data(as_text=True)
    assert "<strong data-points-total>20</strong> 分，<span data-question-total>5</span> 题" in form
    assert "exams/form.js" in form and "<script>" not in form
