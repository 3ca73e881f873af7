"""How many questions each blueprint line can take on the window's first day.

The exam form shows it beside every line (and asks again as the form is edited, through
`counts`), and the quarterly plan lists it for each exam it made: a line short of
questions is seen before the exam is scheduled, not when papers are drawn.
"""
from datetime import date, datetime

from app.exams import drawing
from app.extensions import db
from app.specialties.models import Specialty


def split_tags(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").replace("，", "、").replace(",", "、").split("、")
            if t.strip()]


def first_day(opens: datetime | None) -> date | None:
    """The form's window is typed in Shanghai time, so its date is the exam's first day."""
    return opens.date() if opens else None


def line_count(exam_specialty: int | None, line_specialty: int | None, qtype: str | None,
               difficulty: str | int | None, tags: str | None, day: date | None) -> int | None:
    """Available questions for one line, None while the line or the window is incomplete."""
    specialty = line_specialty or exam_specialty
    if not (specialty and qtype and day) or db.session.get(Specialty, specialty) is None:
        return None
    return drawing.bank_available(specialty, qtype, int(difficulty) if difficulty else None,
                                  split_tags(tags), day)


def for_form(form) -> tuple[date | None, list[int | None]]:
    """Per row of the exam form (empty rows None) and the first day they are counted for."""
    day = first_day(form.opens_at.data)
    counts = [line_count(form.specialty_id.data, row.specialty_id.data, row.qtype.data,
                         row.difficulty.data, row.tags.data, day) if row.qtype.data else None
              for row in form.sections]
    return day, counts


def for_exams(exams) -> dict[int, list[tuple]]:
    """Per exam id: (line, available on its first day) for each blueprint line."""
    return {e.id: [(s, drawing.line_available(e, s)) for s in e.sections] for e in exams}
