"""Malformed input on every form answers with a page, never a 500."""
import pytest

GARBAGE = {"name": "x" * 5000, "code": "<>'\"", "unit_id": "abc", "parent_id": "-1",
           "kind": "不存在", "status": "?", "post_since": "31/31/31", "phone": "📞",
           "role": "root", "password": "", "username": "a b", "id_number": "\x00",
           "sort_order": "many", "old_password": "", "new_password": "", "confirm": "x"}


@pytest.mark.parametrize("url", ["/officers/new", "/units/new", "/admin/users/new",
                                 "/specialties/new", "/password"])
def test_garbage_posts_get_a_form_back(auth, make_user, province, url):
    auth.login(make_user("admin").username)
    response = auth.post(url, GARBAGE)
    assert response.status_code == 200
    assert "invalid-feedback" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/officers/999999", "/officers/999999/edit", "/units/999999/edit",
                                 "/specialties/999999/edit", "/jobs/999999", "/exports/nope.xlsx",
                                 "/imports/nope", "/lang/xx"])
def test_unknown_ids_and_kinds_are_404_or_harmless(auth, make_user, province, url):
    auth.login(make_user("admin").username)
    assert auth.client.get(url).status_code in (302, 404)


def test_an_upload_over_the_size_limit_is_refused(app, auth, make_user, province):
    import io

    auth.login(make_user("hr", province["360100"]).username)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = auth.post("/imports/officers", {"file": (io.BytesIO(b"x" * 5000), "a.csv")},
                             content_type="multipart/form-data")
        assert response.status_code == 413
        assert "文件过大" in response.get_data(as_text=True)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 32 * 1024 * 1024


HUGE = str(2**63)          # one past the largest integer SQLite stores (PostgreSQL: 2**31)
HUGE_URLS = [f"/officers/{HUGE}", f"/officers/{HUGE}/edit", f"/units/{HUGE}/edit",
             f"/jobs/{HUGE}", f"/exams/{HUGE}", f"/questions/{HUGE}",
             f"/officers/?unit={HUGE}", f"/officers/?page={HUGE}", f"/admin/audit?entity_id={HUGE}",
             f"/admin/users?page={HUGE}", f"/training/sessions?unit={HUGE}",
             f"/questions/?specialty={HUGE}", f"/talent/?specialty={HUGE}&unit={HUGE}",
             f"/results/?unit={HUGE}", f"/certificates/?unit={HUGE}",
             f"/officers/-{HUGE}", "/officers/" + "9" * 40,
             f"/officers/{2**31}", f"/officers/?unit={2**31}", f"/admin/audit?entity_id={2**31}"]


@pytest.mark.parametrize("url", HUGE_URLS)
def test_an_integer_past_the_databases_range_is_never_a_500(auth, make_user, province, url):
    auth.login(make_user("admin").username)
    assert auth.client.get(url).status_code in (200, 302, 400, 404)


def test_a_huge_id_is_a_404_and_a_huge_filter_is_ignored(auth, make_user, province):
    auth.login(make_user("admin").username)
    assert auth.client.get(f"/officers/{HUGE}").status_code == 404
    assert auth.client.get(f"/officers/{2**63 - 1}").status_code == 404
    assert auth.client.get(f"/officers/{2**31 - 1}").status_code == 404     # the largest id
    assert auth.client.get(f"/admin/audit?entity_id={HUGE}").status_code == 200
