"""The question bank pages, played as every role and as an attacker."""
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.questions.models import Question, QuestionVersion

SAMPLES = Path("/work/shared/samples")
PAGES = ["/questions/", "/questions/{id}", "/questions/new", "/questions/{id}/edit",
         "/questions/export.xlsx", "/imports/questions", "/imports/questions/template.xlsx"]
EDIT_PAGES = ["/questions/new", "/questions/{id}/edit", "/imports/questions",
              "/imports/questions/template.xlsx"]
XSS = '<script>alert("x")</script>下列说法正确的是？'


@pytest.fixture
def users(province, make_user):
    unit = province["360102"]
    return {role: make_user(role, unit) for role in ("officer", "hr", "legal", "leader", "admin")}


@pytest.fixture
def question(make_question):
    return make_question(XSS, options={"A": "<b>甲</b>", "B": "乙"}, answer="A",
                         explanation="<img src=x onerror=alert(1)>", tags=["时效"])


@pytest.mark.parametrize("url", PAGES)
def test_logged_out_users_are_sent_to_log_in(client, question, url):
    response = client.get(url.format(id=question.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["officer", "leader"])
@pytest.mark.parametrize("url", PAGES)
def test_officers_and_leaders_never_see_the_bank(auth, users, question, role, url):
    auth.login(users[role].username)
    assert auth.client.get(url.format(id=question.id)).status_code == 403


@pytest.mark.parametrize("url", EDIT_PAGES)
def test_hr_reads_but_does_not_edit(auth, users, question, url):
    auth.login(users["hr"].username)
    assert auth.client.get(f"/questions/{question.id}").status_code == 200
    assert auth.client.get(url.format(id=question.id)).status_code == 403


@pytest.mark.parametrize("action", ["retire", "restore", "delete"])
def test_hr_cannot_change_state_by_post(auth, users, question, action, db):
    auth.login(users["hr"].username)
    response = auth.post(f"/questions/{question.id}/{action}")
    assert response.status_code == 403
    assert db.session.get(Question, question.id).status == "active"


def test_unknown_question_is_404(auth, users):
    auth.login(users["legal"].username)
    assert auth.client.get("/questions/999").status_code == 404
    assert auth.client.get("/questions/999/edit").status_code == 404


def test_html_in_questions_is_shown_as_text(auth, users, question):
    auth.login(users["legal"].username)
    for url in ("/questions/", f"/questions/{question.id}"):
        page = auth.client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    detail = auth.client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "&lt;b&gt;甲&lt;/b&gt;" in detail and "<b>甲</b>" not in detail
    assert "<img src=x" not in detail


def test_list_searches_and_filters(auth, users, make_question):
    make_question("食品经营许可证有效期为几年？", category="food")
    make_question("特种设备使用单位应当办理使用登记。", type="truefalse", answer="正确",
                  category="special_equipment", difficulty=4)
    auth.login(users["legal"].username)
    page = auth.client.get("/questions/?q=许可证").get_data(as_text=True)
    assert "食品经营许可证有效期" in page and "特种设备使用单位" not in page
    page = auth.client.get("/questions/?type=truefalse&difficulty=4").get_data(as_text=True)
    assert "特种设备使用单位" in page and "食品经营许可证有效期" not in page


def test_excel_export_follows_the_filters(auth, users, make_question):
    make_question("食品经营许可证有效期为几年？", category="food")
    make_question("特种设备使用单位应当办理使用登记。", type="truefalse", answer="正确",
                  category="special_equipment")
    auth.login(users["hr"].username)
    response = auth.client.get("/questions/export.xlsx?type=truefalse")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("题型", "题干", "选项A")
    assert [(r[0], r[1], r[10], r[11]) for r in rows[1:]] == [
        ("判断", "特种设备使用单位应当办理使用登记。", "正确", "特种设备安全")]


def form_data(**fields) -> dict:
    data = {"type": "single", "specialty_id": "", "stem": "新题？", "option_a": "甲",
            "option_b": "乙", "answer": "a", "difficulty": "3", "basis_law": "",
            "basis_version": "", "basis_article": "", "explanation": "", "tags": "时效，追责",
            "scoring_points": ""}
    return data | fields


def test_legal_adds_a_question(auth, users, db):
    from app.specialties.models import find
    auth.login(users["legal"].username)
    response = auth.post("/questions/new", form_data(specialty_id=find("food").id))
    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert (question.specialty.code, question.current.answer, question.current.tag_names) == (
        "food", "A", ["时效", "追责"])
    assert question.current.created_by_id == users["legal"].id


def test_form_errors_are_shown_next_to_their_fields_in_chinese(auth, users, db):
    from app.specialties.models import find
    auth.login(users["legal"].username)
    response = auth.post("/questions/new", form_data(specialty_id=find("basic").id,
                                                     answer="AC", option_b=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="option_a-error">单选题需要2到8个选项，现有1个<', page)
    assert re.search(r'id="answer-error">单选题答案应为一个选项字母，如 B（现为 AC）<', page)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_editing_makes_a_new_version_the_old_one_stays_visible(auth, users, question, db):
    auth.login(users["legal"].username)
    edit_page = auth.client.get(f"/questions/{question.id}/edit").get_data(as_text=True)
    assert "&lt;b&gt;甲&lt;/b&gt;" in edit_page  # the form starts from the current version
    response = auth.post(f"/questions/{question.id}/edit", form_data(
        specialty_id=question.specialty_id, stem=XSS, option_a="<b>甲</b>", answer="B"))
    assert response.status_code == 302
    db.session.expire_all()
    assert [v.answer for v in db.session.get(Question, question.id).versions] == ["A", "B"]
    old = auth.client.get(f"/questions/{question.id}?version=1").get_data(as_text=True)
    assert "您正在查看第 1 版，当前为第 2 版。" in old
    assert "单选题答案" not in old and ">A<" in old.replace("</dd>", "<").replace(
        '<dd class="col-sm-9" style="white-space: pre-wrap">', ">")


def test_retire_restore_delete_through_the_pages(auth, users, question, db):
    auth.login(users["legal"].username)
    auth.post(f"/questions/{question.id}/retire")
    assert db.session.get(Question, question.id).status == "retired"
    auth.post(f"/questions/{question.id}/restore")
    db.session.expire_all()
    assert db.session.get(Question, question.id).status == "active"
    question.use_count = 1
    db.session.commit()
    response = auth.post(f"/questions/{question.id}/delete", follow_redirects=True)
    assert "只能停用，不能删除" in response.get_data(as_text=True)
    question.use_count = 0
    db.session.commit()
    auth.post(f"/questions/{question.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 0


def upload(auth, path: Path, **fields):
    with path.open("rb") as handle:
        return auth.post("/imports/questions", {"file": (handle, path.name), "format": "",
                                                "category": "", **fields},
                         content_type="multipart/form-data")


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared sample files absent")
def test_web_import_previews_then_writes(auth, users, db):
    auth.login(users["legal"].username)
    response = upload(auth, SAMPLES / "moodle_gift_examples.txt", format="gift",
                      category="basic", skip_unsupported="y", dry_run="y")
    assert response.status_code == 302
    preview = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "试运行（未写入）: 新增 19 条" in preview
    assert "已跳过 第55行: 题型不支持: 匹配题（Matching Question.）" in preview
    assert "Who&#39;s buried in Grant&#39;s tomb?" in preview
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    written = auth.post(f"/jobs/{job_id}/confirm")
    assert "导入完成: 新增 19 条" in auth.client.get(written.headers["Location"]).get_data(
        as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 19
    again = auth.post(f"/jobs/{job_id}/confirm")  # a second click writes nothing more
    assert "该文件已导入或已过期" in auth.client.get(again.headers["Location"]).get_data(
        as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 19


def test_a_refused_file_cannot_be_confirmed_and_others_jobs_are_hidden(auth, users, tmp_path,
                                                                        make_user, province):
    path = tmp_path / "bad.txt"
    path.write_text("坏题？\nA. 甲\nANSWER: A\n", encoding="utf-8")
    auth.login(users["legal"].username)
    response = upload(auth, path, category="basic", dry_run="y")
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "第1行: 选项: 单选题需要2到8个选项，现有1个（坏题？）" in page
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert auth.post(f"/jobs/{job_id}/confirm").status_code == 400
    auth.logout()
    other = make_user("legal", province["360702"])
    auth.login(other.username)
    assert auth.client.get(f"/jobs/{job_id}").status_code == 404
    assert auth.post(f"/jobs/{job_id}/confirm").status_code == 404


def test_web_import_refuses_other_file_types(auth, users, tmp_path):
    path = tmp_path / "q.doc"
    path.write_text("x")
    auth.login(users["legal"].username)
    page = upload(auth, path).get_data(as_text=True)
    assert "只接受 .xlsx、.csv、.yaml、.yml、.txt 或 .gift 文件" in page


def test_a_bad_yaml_upload_is_named_by_its_own_file_name(auth, users, tmp_path):
    path = tmp_path / "食品安全题库.yaml"
    path.write_text("category: 不存在的类别\nquestions:\n  - type: 单选题\n", encoding="utf-8")
    auth.login(users["legal"].username)
    response = upload(auth, path, dry_run="y")
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "食品安全题库.yaml" in page
    stored = next((Path(auth.client.application.config["UPLOAD_DIR"])).rglob("*.yaml")).name
    assert stored not in page
