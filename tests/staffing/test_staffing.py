"""Staffing figures on hand-computed cases: shares, 法制审核 staff, year on year, export,
the roster's new columns."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.core import clock
from app.extensions import db
from app.staffing import queries, services
from app.staffing.models import StaffingSnapshot

THIS = clock.today().year


@pytest.fixture
def county(make_unit, make_officer, make_user):
    city = make_unit("S36", "市局", kind="设区市局")
    a = make_unit("S36A", "甲县局", parent=city)
    b = make_unit("S36B", "乙县局", parent=city)
    # 甲县局: four enforcing officers, two law majors (one a 本科), three with 本科 or above.
    make_officer(a, "甲一", education="本科", legal_major=True)
    make_officer(a, "甲二", education="硕士研究生", legal_major=True, legal_reviewer=True,
                 legal_qualification=True)
    make_officer(a, "甲三", education="博士研究生")
    make_officer(a, "甲四", education="大专")
    # Not counted as enforcing: off the post (but a 法制审核 staff without qualification),
    # and retired (counted nowhere).
    make_officer(a, "甲五", on_post=False, education="本科", legal_major=True,
                 legal_reviewer=True)
    make_officer(a, "甲六", status="retired", education="本科", legal_major=True,
                 legal_reviewer=True, legal_qualification=True)
    # 乙县局: one enforcing officer, no degree recorded.
    make_officer(b, "乙一")
    return {"city": city, "a": a, "b": b, "legal": make_user("legal", city),
            "leader_b": make_user("leader", b), "hr_a": make_user("hr", a)}


def test_live_counts_per_unit(county):
    counts = queries.live_counts()
    a = counts[county["a"].id]
    assert (a.enforcing, a.law_major, a.bachelor, a.reviewers, a.reviewers_qualified) == \
        (4, 2, 3, 2, 1)
    assert a.law_major_share == 50.0 and a.bachelor_share == 75.0
    b = counts[county["b"].id]
    assert (b.enforcing, b.law_major, b.bachelor) == (1, 0, 0) and b.bachelor_share == 0.0


def test_by_unit_and_total_in_scope(county):
    from app.core.scoping import Scope

    rows, total = queries.by_unit(Scope.of(county["legal"]), THIS)
    assert [r.unit_code for r in rows] == ["S36A", "S36B"]
    # 5 enforcing; 2 law majors = 40 %; 3 bachelors = 60 %; 2 reviewers, 1 qualified.
    assert (total.enforcing, total.law_major_share, total.bachelor_share, total.reviewers,
            total.reviewers_qualified) == (5, 40.0, 60.0, 2, 1)
    rows, total = queries.by_unit(Scope.of(county["leader_b"]), THIS)
    assert [r.unit_code for r in rows] == ["S36B"] and total.enforcing == 1


def test_a_past_year_comes_from_its_snapshot_and_stays(county):
    services.take_snapshot(THIS - 1)
    db.session.commit()
    # After the year: a new law major arrives; the past year's figures do not move.
    from app.people.models import Officer
    db.session.query(Officer).filter_by(name="甲四").one().legal_major = True
    db.session.commit()
    trend = dict(queries.years(county["city"]))
    assert trend[THIS - 1].law_major == 2 and trend[THIS].law_major == 3
    assert trend[THIS - 3] is None            # no snapshot recorded then
    # The daily job twice changes nothing the second time.
    services.refresh_current_year()
    db.session.commit()
    first = sorted((s.unit_id, s.year, s.law_major, s.taken_at)
                   for s in db.session.query(StaffingSnapshot))
    services.refresh_current_year()
    db.session.commit()
    assert sorted((s.unit_id, s.year, s.law_major, s.taken_at)
                  for s in db.session.query(StaffingSnapshot)) == first


def test_the_job_refreshes_only_the_current_year(county):
    services.take_snapshot(THIS - 1)
    services.refresh_current_year()
    years = sorted({s.year for s in db.session.query(StaffingSnapshot)})
    assert years == [THIS - 1, THIS]


def test_home_pages_and_export(county, auth):
    auth.login(county["legal"].username)
    home = auth.client.get("/").get_data(as_text=True)
    assert "执法队伍结构（逐年）" in home and "40.0%" in home
    page = auth.client.get("/staffing/").get_data(as_text=True)
    assert "甲县局" in page and "乙县局" in page
    book = load_workbook(BytesIO(auth.client.get(f"/staffing/export.xlsx?year={THIS}").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位编码", "单位", "执法人员")
    # 甲县局: 4 enforcing, 2 law majors (50 %), 3 本科 or above (75 %), 2 reviewers, 1 qualified.
    assert rows[1] == ("S36A", "甲县局", 4, 2, 50.0, 3, 75.0, 2, 1)
    assert rows[-1] == ("", "合计", 5, 2, 40.0, 3, 60.0, 2, 1)


def test_a_county_sees_only_its_own(county, auth):
    auth.login(county["leader_b"].username)
    page = auth.client.get("/staffing/").get_data(as_text=True)
    assert "乙县局" in page and "甲县局" not in page
    rows = list(load_workbook(BytesIO(auth.client.get("/staffing/export.xlsx").data))
                .active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["S36B", ""]     # and the total row


def test_education_typed_on_the_form_counts_by_its_synonym(county, make_officer):
    # 大学本科 and 硕士 typed in the officer form's free text count as 本科 or above; 大专 not.
    make_officer(county["b"], "乙二", education="大学本科")
    make_officer(county["b"], "乙三", education="硕士")
    make_officer(county["b"], "乙四", education="大学专科")
    b = queries.live_counts()[county["b"].id]
    assert (b.enforcing, b.bachelor) == (4, 2) and b.bachelor_share == 50.0
