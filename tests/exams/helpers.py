"""Driving the exam page like its script does: start, read the state, save, submit."""
import json
import re

from flask import g

from app.auth.models import User
from app.extensions import db

PAGE_STATE = re.compile(r'<script type="application/json" id="exam-state">(.*?)</script>', re.S)


def start(auth, exam, user: User, login: bool = True):
    """Log in as `user`, start `exam`; returns (take-page response, its state dict)."""
    if login:
        forget_request_state()
        auth.login(user.username)
    token = auth.csrf("/exams/mine")
    response = auth.client.post(f"/exams/{exam.id}/start", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = auth.client.get(response.headers["Location"])
    return page, state_of(page)


def forget_request_state() -> None:
    """The tests' app context outlives requests, and with it `g`: drop the cached CSRF token
    and user so that another client gets its own."""
    g.pop("csrf_token", None)
    g.pop("_login_user", None)


def state_of(page) -> dict:
    match = PAGE_STATE.search(page.get_data(as_text=True))
    assert match, "no exam state on the page"
    return json.loads(match.group(1))


def save(client, state: dict, q: int, value, seq: int, token: str | None = None):
    return client.post(state["urls"]["save"], json={"q": q, "value": value, "seq": seq},
                       headers={"X-Attempt-Token": state["token"] if token is None else token})


def submit(client, state: dict, token: str | None = None):
    return client.post(state["urls"]["submit"], json={},
                       headers={"X-Attempt-Token": state["token"] if token is None else token})


def item(state: dict, qtype: str) -> dict:
    return next(i for i in state["items"] if i["type"] == qtype)


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)
