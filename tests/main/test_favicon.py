"""Every page names an icon, and /favicon.ico answers (no 404 in every browser's log)."""


def test_the_icon_is_linked_and_served(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.data.startswith(b"<svg")
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.data[:4] == b"\x00\x00\x01\x00"    # an ICO header
