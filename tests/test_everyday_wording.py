"""Small wording faults a new user met (issue 19 item 21): labels, colons, the done page."""
import re
from pathlib import Path

from sqlalchemy import select

from app.core import clock
from app.exams.models import Attempt
from tests.exams.conftest import candidate, make_exam, province_bank  # noqa: F401
from tests.exams.helpers import fresh, start, submit

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"


def test_the_specialties_page_names_its_column_as_a_category(auth, make_user):
    auth.login(make_user("admin").username)
    page = auth.client.get("/specialties/").get_data(as_text=True)
    head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert "类别名称" in head and "姓名" not in head


def test_no_half_width_colon_follows_a_translated_label():
    """`{{ _('Score') }}: 80` reads 得分: 80; the colon is translated with the label's locale."""
    found = [f"{p.relative_to(TEMPLATES)}: {m.group(0)}"
             for p in TEMPLATES.rglob("*.html")
             for m in re.finditer(r"\{\{ _\('[^']*'[^}]*\}\}:", p.read_text(encoding="utf-8"))]
    assert not found, found


def test_the_done_page_says_when_and_how_in_one_sentence(db, auth, make_exam,  # noqa: F811
                                                        candidate):  # noqa: F811
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _page, state = start(auth, exam, user)
    assert submit(auth.client, state).status_code == 200
    attempt = fresh(Attempt, db.session.scalar(select(Attempt.id)))
    page = auth.client.get(f"/exams/attempts/{attempt.id}").get_data(as_text=True)
    done = re.search(r'id="done-state">([^<]+)<', page).group(1)
    assert done == f"已交卷（本人交卷，{clock.shown(attempt.submitted_at)}）。"
