"""The pages, as the people who use them and as an attacker from another county."""
from decimal import Decimal as D
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.rotation.models import Programme, Score
from tests.rotation.conftest import attend


def test_hr_creates_a_programme_through_the_form(world, auth):
    auth.login(world.hr_a.username)
    response = auth.post("/rotation/new", data={
        "name": "东湖区全员轮训", "year": "2026", "unit_id": world.a.id,
        "units": [world.a.id, world.a_office.id], "method": "contest", "exam_id": "0",
        "required_hours": "", "pass_mark": "60", "max_score": "100"})
    assert response.status_code == 302, response.get_data(as_text=True)
    programme = db.session.query(Programme).one()
    assert {u.unit.code for u in programme.units} == {"C36A", "C36A1"}
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "技能竞赛" in page


def test_a_clerk_cannot_name_units_outside_their_scope(world, auth):
    auth.login(world.hr_a.username)
    response = auth.post("/rotation/new", data={
        "name": "越权", "year": "2026", "unit_id": world.a.id, "units": [world.b.id],
        "method": "interview", "exam_id": "0", "pass_mark": "60", "max_score": "100"})
    assert response.status_code in (200, 404)
    assert db.session.query(Programme).count() == 0


def test_legal_enters_a_jurors_scores_and_the_report_shows_them(world, programme, auth):
    auth.login(world.legal_city.username)
    jb = programme.jurors[1]
    ids = {p.officer.name: p.id for p in programme.participants}
    response = auth.post(f"/rotation/{programme.id}/jurors/{jb.id}/scores",
                         data={f"score-{ids['李明']}": "88.5", f"score-{ids['王芳']}": "abc"})
    assert response.status_code == 200 and "请填写数字" in response.get_data(as_text=True)
    assert db.session.query(Score).count() == 0
    response = auth.post(f"/rotation/{programme.id}/jurors/{jb.id}/scores",
                         data={f"score-{ids['李明']}": "88.5"})
    assert response.status_code == 302
    assert [s.score for s in db.session.query(Score)] == [D("88.5")]
    book = load_workbook(BytesIO(auth.client.get(
        f"/rotation/{programme.id}/report.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][-4:] == ("评委甲", "评委乙", "平均分", "检验结果")
    li = next(r for r in rows if r[1] == "李明")
    # 评委甲 has not scored: the row waits, the average is 乙's alone.
    assert li[-4:] == ("", "88.5", "88.5", "待评定")


def test_a_juror_scores_on_their_own_page(world, programme, auth):
    ja = programme.jurors[0]          # world.hr_a's account
    auth.login(world.hr_a.username)
    ids = [p.id for p in programme.participants]
    response = auth.post(f"/rotation/{programme.id}/jurors/{ja.id}/scores",
                         data={f"score-{ids[0]}": "75"})
    assert response.status_code == 302
    # ... but not as the other juror when not a manager of the programme: leaders cannot.
    auth.logout()
    auth.login(world.leader_a.username)
    assert auth.client.get(f"/rotation/{programme.id}/jurors/{ja.id}/scores").status_code == 404


def test_pdf_report(world, programme, auth):
    attend(world.s1, world.li)
    auth.login(world.legal_city.username)
    response = auth.client.get(f"/rotation/{programme.id}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


@pytest.mark.parametrize("method,path", [
    ("get", "/rotation/{p}"), ("get", "/rotation/{p}/edit"), ("get", "/rotation/{p}/report.xlsx"),
    ("get", "/rotation/{p}/report.pdf"), ("get", "/rotation/{p}/jurors/{j}/scores"),
    ("post", "/rotation/{p}/jurors/{j}/scores"), ("post", "/rotation/{p}/enrol"),
    ("post", "/rotation/{p}/publish"), ("post", "/rotation/{p}/jurors"),
    ("post", "/rotation/{p}/sessions"), ("post", "/rotation/{p}/jurors/{j}/remove"),
])
def test_a_clerk_of_another_county_sees_and_scores_nothing(world, programme, auth, method, path):
    auth.login(world.hr_b.username)
    ja = programme.jurors[0]
    url = path.format(p=programme.id, j=ja.id)
    ids = [p.id for p in programme.participants]
    data = {f"score-{ids[0]}": "10", "name": "冒名评委"}
    response = auth.client.get(url) if method == "get" else auth.post(url, data=data)
    assert response.status_code == 404
    assert db.session.query(Score).count() == 0
    assert len(programme.jurors) == 2 and programme.published_at is None


def test_the_list_shows_only_programmes_in_scope(world, programme, auth):
    auth.login(world.hr_b.username)
    assert "2026年度全员轮训" not in auth.client.get("/rotation/").get_data(as_text=True)
    auth.logout()
    auth.login(world.legal_city.username)
    assert "2026年度全员轮训" in auth.client.get("/rotation/").get_data(as_text=True)


def test_an_officer_sees_only_their_own_and_the_result_once_published(world, programme, auth):
    attend(world.s1, world.li)
    attend(world.s2, world.li)
    ids = {p.officer.name: p.id for p in programme.participants}
    from app.core.actor import CLI
    from app.rotation import services
    for juror in programme.jurors:
        services.record_scores(CLI, programme, juror, {ids["李明"]: D(70), ids["王芳"]: D(40)})
    db.session.commit()
    auth.login(world.officer_user.username)
    assert auth.client.get("/rotation/").status_code == 403
    assert auth.client.get(f"/rotation/{programme.id}").status_code == 403
    page = auth.client.get("/rotation/mine").get_data(as_text=True)
    assert "王芳" not in page and "是（2/2" in page and "尚未公布" in page
    programme.published_at = db.func.now()
    db.session.commit()
    page = auth.client.get("/rotation/mine").get_data(as_text=True)
    assert "合格（70）" in page


def test_a_juror_from_a_county_scores_a_city_programme_without_seeing_the_rest(world, auth):
    """The city's programme takes a county clerk as juror: the scoring page opens for that
    juror only; the programme's page stays out of the clerk's scope."""
    from app.core.actor import CLI
    from app.rotation import services

    w = world
    city = services.save_programme(CLI, services.ProgrammeData(
        name="市局轮训", year=2026, unit=w.city, units=[w.a], method="demonstration"))
    services.enrol(CLI, city)
    juror = services.add_juror(CLI, city, "", w.hr_b)
    db.session.commit()
    auth.login(w.hr_b.username)
    assert "市局轮训" in auth.client.get("/rotation/").get_data(as_text=True)
    page = auth.client.get(f"/rotation/{city.id}/jurors/{juror.id}/scores")
    assert page.status_code == 200 and "返回轮训" not in page.get_data(as_text=True)
    assert auth.client.get(f"/rotation/{city.id}").status_code == 404
    first = city.participants[0].id
    assert auth.post(f"/rotation/{city.id}/jurors/{juror.id}/scores",
                     data={f"score-{first}": "77"}).status_code == 302
    assert [s.score for s in db.session.query(Score)] == [D(77)]
