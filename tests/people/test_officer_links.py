"""HR's officer page leads to the officer's training hours and archive PDF, in the same scope."""
import re


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="(/training/[^"]+)"', page))


def test_hr_opens_the_hours_and_the_archive_from_the_officer_page(auth, make_user, province,
                                                                  make_officer):
    officer = make_officer(province["360102"], "甲", on_post=True)
    hr = make_user("hr", province["360102"])
    auth.login(hr.username)
    links = _links(auth.client.get(f"/officers/{officer.id}").get_data(as_text=True))
    assert links >= {f"/training/officers/{officer.id}",
                     f"/training/officers/{officer.id}/archive.pdf"}
    for url in links:
        assert auth.client.get(url).status_code == 200, url
    assert auth.client.get(f"/training/officers/{officer.id}/archive.pdf").data[:5] == b"%PDF-"


def test_the_links_keep_the_scope(auth, make_user, province, make_officer):
    theirs = make_officer(province["360702"], "乙", on_post=True)
    hr = make_user("hr", province["360102"])
    auth.login(hr.username)
    assert auth.client.get(f"/officers/{theirs.id}").status_code == 404
    assert auth.client.get(f"/training/officers/{theirs.id}").status_code == 404
    assert auth.client.get(f"/training/officers/{theirs.id}/archive.pdf").status_code == 404


def test_an_officer_on_their_own_page_gets_their_own_links(auth, make_user, province):
    user = make_user("officer", province["360102"])
    auth.login(user.username)
    links = _links(auth.client.get("/officers/me").get_data(as_text=True))
    assert links >= {"/training/me", "/training/me/archive.pdf"}
    assert not any("/training/officers/" in u for u in links)
