"""The pages render; the score sheet PDF is Chinese; practice and the wrong-answer book work."""
import shutil
import subprocess

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db as _db
from app.results import services
from app.results.models import WrongBookEntry
from tests.exams.helpers import forget_request_state
from tests.results.conftest import paper


def login(auth, user):
    forget_request_state()
    auth.login(user.username)


def test_legal_pages_render(db, auth, stats_exam, make_user, province_bank):
    exam, users, attempts = stats_exam()
    legal = make_user("legal", province_bank["top"])
    login(auth, legal)
    assert auth.post(f"/results/exams/{exam.id}/publish").status_code == 302
    question_id = paper(attempts[0])[0].version.question_id
    for url in ("/results/", f"/results/exams/{exam.id}", f"/results/exams/{exam.id}/items",
                f"/results/exams/{exam.id}/grading", f"/results/questions/{question_id}/stats",
                "/results/trend", f"/results/officers/{users[0].officer_id}"):
        response = auth.client.get(url)
        assert response.status_code == 200, url
    trend = auth.client.get("/results/trend").get_data(as_text=True)
    assert chart_of(trend, "trend")["data"]["datasets"][0]["data"] == [40.0]
    assert "chart.umd.min.js" in trend
    page = auth.client.get(f"/results/exams/{exam.id}").get_data(as_text=True)
    assert chart_of(page, "distribution")["data"]["datasets"][0]["data"] == \
        [0, 0, 0, 0, 2, 1, 0, 1, 1, 0]
    xlsx = auth.client.get(f"/results/exams/{exam.id}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    _scores_are_numbers(xlsx.data)
    detail = auth.client.get(f"/questions/{question_id}").get_data(as_text=True)
    assert f"/results/questions/{question_id}/stats" in detail   # the bank links to its use


def test_the_score_sheet_pdf_is_in_chinese(db, auth, stats_exam, make_user, province_bank,
                                           tmp_path):
    exam, users, _attempts = stats_exam()
    for i, u in enumerate(users):
        u.officer.name = ["王小明", "李华", "赵敏", "钱多多", "孙悟空"][i]
    _db.session.commit()
    services.publish(None, exam, utcnow())
    _db.session.commit()
    login(auth, make_user("legal", province_bank["top"]))
    response = auth.client.get(f"/results/exams/{exam.id}/sheet.pdf")
    assert response.status_code == 200 and response.data[:4] == b"%PDF"
    out = tmp_path / "sheet.pdf"
    out.write_bytes(response.data)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "成绩单" in text and "王小明" in text and "合格率（实考评分人员中）40.0%" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "sheet")],
                       check=True)
        assert list(tmp_path.glob("sheet*.png"))


def test_officer_history_and_review(db, auth, stats_exam):
    exam, users, attempts = stats_exam()
    login(auth, users[0])
    mine = auth.client.get("/results/mine").get_data(as_text=True)
    assert exam.name in mine and "40.0" not in mine
    services.publish(None, exam, utcnow())
    _db.session.commit()
    mine = auth.client.get("/results/mine").get_data(as_text=True)
    assert "40.0" in mine and f"/results/attempts/{attempts[0].id}" in mine


def test_exam_mistakes_go_to_the_book_and_a_right_retry_clears_them(db, auth, stats_exam):
    exam, users, attempts = stats_exam()
    login(auth, users[1])       # B got S3, M1 (partial) and M2 (blank) wrong
    assert auth.client.get("/results/wrong-book").status_code == 200
    assert _db.session.scalars(select(WrongBookEntry)).all() == []      # not before the review
    services.publish(None, exam, utcnow())
    _db.session.commit()
    page = auth.client.get("/results/wrong-book").get_data(as_text=True)
    entries = _db.session.scalars(select(WrongBookEntry)).all()
    assert len(entries) == 3 and {e.source for e in entries} == {"exam"}
    assert exam.name in page
    auth.client.get("/results/wrong-book")      # visiting again adds nothing
    assert len(_db.session.scalars(select(WrongBookEntry)).all()) == 3
    entry = next(e for e in entries if e.version.type == "single")
    assert auth.client.get(f"/results/wrong-book/{entry.id}/retry").status_code == 200
    result = auth.post("/results/practice/answer", data={
        "version": entry.version_id, "answer": entry.version.answer, "from_book": "1"})
    assert "id=\"verdict\"" in result.get_data(as_text=True)
    _db.session.refresh(entry)
    assert entry.cleared_at is not None
    auth.logout()
    login(auth, users[0])
    assert auth.client.get(f"/results/wrong-book/{entry.id}/retry").status_code == 404


def test_practice_marks_and_records_mistakes(db, auth, candidate):
    user = candidate("360102")
    login(auth, user)
    page = auth.client.get("/results/practice").get_data(as_text=True)
    import re
    version_id = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    from app.questions.models import QuestionVersion
    version = _db.session.get(QuestionVersion, version_id)
    wrong = {"single": "A", "multiple": "B", "truefalse": "错误", "fill": "不对"}[version.type]
    result = auth.post("/results/practice/answer", data={"version": version_id, "answer": wrong})
    assert result.status_code == 200
    entry = _db.session.scalar(select(WrongBookEntry))
    assert entry.officer_id == user.officer_id and entry.source == "practice"
    book = auth.client.get("/results/wrong-book").get_data(as_text=True)
    assert escape(version.stem) in book       # the missed question is listed in the book


@pytest.mark.parametrize("role", ["hr", "leader"])
def test_staff_without_grading_rights_cannot_grade(db, auth, stats_exam, make_user,
                                                   province_bank, role):
    exam, _users, _attempts = stats_exam()
    login(auth, make_user(role, province_bank["top"]))
    assert auth.client.get(f"/results/exams/{exam.id}").status_code == 200
    assert auth.client.get(f"/results/exams/{exam.id}/grading").status_code == 403
    assert auth.client.get(f"/results/exams/{exam.id}/items").status_code == 403


def test_an_open_exam_calls_seats_not_taken_yet_not_absent(db, auth, make_exam, make_officer,
                                                          make_user, province_bank):
    officer = make_officer(province_bank["360102"])
    exam = make_exam(officers=[officer])                  # open now, nobody has started
    login(auth, make_user("legal", province_bank["top"]))
    page = auth.client.get(f"/results/exams/{exam.id}").get_data(as_text=True)
    assert "尚未作答 (1)" in page and "缺考 (1)" not in page


def chart_of(page: str, canvas_id: str) -> dict:
    """The Chart.js configuration a page gives its canvas (static/charts.js draws it)."""
    import html
    import json
    import re

    found = re.search(rf"<canvas id=\"{canvas_id}\"[^>]*data-chart-config='([^']*)'", page)
    assert found, f"no chart on canvas {canvas_id}"
    return json.loads(html.unescape(found.group(1)))


def _scores_are_numbers(data: bytes) -> None:
    """Issue 19 item 13: scores and ranks are number cells, the header frozen, widths set."""
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[c].width for c in "ABCDEF")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    scores = [row[3] for row in rows if row[3] is not None]
    assert scores and all(isinstance(s, int | float) for s in scores)
    assert all(isinstance(row[0], int) for row in rows if row[0] is not None)
