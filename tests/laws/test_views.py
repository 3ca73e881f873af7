"""The law library pages: list, a version, compare, upload, the review queue; who may see them."""
import io
import re

import pytest
from sqlalchemy import select

from app.laws.models import CitationReview, LawVersion
from tests.laws.conftest import LAW, NEW, law_file


@pytest.fixture
def users(make_unit, make_user):
    unit = make_unit("36")
    return {role: make_user(role, unit) for role in ("legal", "hr", "officer")}


def test_pages_by_role(auth, users, library, db):
    auth.login(users["officer"].username)
    assert auth.client.get("/laws/").status_code == 403
    auth.logout()
    auth.login(users["hr"].username)
    page = auth.client.get("/laws/").get_data(as_text=True)
    assert "中华人民共和国反不正当竞争法" in page and "法条库" in page
    assert auth.client.get("/laws/upload").status_code == 403
    assert auth.client.get("/laws/reviews").status_code == 403


def test_a_version_page_shows_its_articles_and_compare_marks_changes(auth, users, library, db):
    auth.login(users["legal"].username)
    old, new = db.session.scalars(select(LawVersion).join(LawVersion.law).where(
        LawVersion.year.in_(["2019", "2025"]),
        LawVersion.law.has(name="中华人民共和国反不正当竞争法")).order_by(LawVersion.year)).all()
    page = auth.client.get(f"/laws/versions/{new.id}").get_data(as_text=True)
    assert 'id="a41"' in page and "本法自2025年10月15日起施行。" in page
    compare = auth.client.get(f"/laws/versions/{old.id}/compare/{new.id}").get_data(as_text=True)
    # 第六条 (2019) is 第七条 (2025) with changes: the added words are marked.
    assert re.search(r'compare-old">第六条</span> → <span class="compare-new">第七条<', compare)
    assert "<ins>、新媒体账号名称、应用程序名称或者图标</ins>" in compare
    assert "采用<ins>给予</ins>财物" in compare
    assert "前款规定的单位和个人不得收受贿赂</ins>" in compare


def test_upload_loads_a_version_and_refuses_a_bad_one(auth, users, db):
    auth.login(users["legal"].username)
    good = law_file(LAW, "2030", "2030-01-01", NEW).encode()
    response = auth.post("/laws/upload", {"file": (io.BytesIO(good), "new.md")},
                         content_type="multipart/form-data", follow_redirects=True)
    assert "导入完成: 新增 1 条" in response.get_data(as_text=True)
    bad = auth.post("/laws/upload", {"file": (io.BytesIO(b"no front matter"), "bad.md")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "第1行: 文件头: bad.md: 文件应以 --- 开头" in bad.get_data(as_text=True)
    assert db.session.scalar(select(LawVersion.year)) == "2030"
    no_token = auth.client.post("/laws/upload", data={"file": (io.BytesIO(good), "x.md")},
                                content_type="multipart/form-data")
    assert no_token.status_code == 400


def test_the_legal_home_shows_the_queue_and_a_decision_is_saved(auth, users, cited,
                                                                 write_law, db):
    from app.core.actor import CLI
    from app.laws import services

    services.run_import(write_law("new.md", LAW, "2030", "2030-01-01", NEW), CLI)
    db.session.commit()
    auth.login(users["legal"].username)
    home = auth.client.get("/").get_data(as_text=True)
    assert 'id="citation-reviews"' in home and "3 道题目" in home
    queue = auth.client.get("/laws/reviews").get_data(as_text=True)
    assert "条文相同、条号变化" in queue and "条文已删除" in queue
    review = db.session.scalar(select(CitationReview).where(CitationReview.kind == "deleted"))
    response = auth.post(f"/laws/reviews/{review.id}", {"decision": "retire", "article": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CitationReview, review.id).decision == "retire"
    assert not db.session.get(CitationReview, review.id).question.active
