"""Fixtures: an app migrated once per run, a clean database per test, and factories."""
import os
import re
import shutil
import sqlite3
from datetime import date
from itertools import count

import pytest
from flask_migrate import upgrade
from hypothesis import settings

from app import create_app
from app.auth.models import User
from app.core import idcard
from app.extensions import db as _db
from app.extensions import limiter
from app.org.models import Unit
from app.people.models import Officer

PASSWORD = "Secret123"

# Property tests: the same examples every run (no flaky CI), none written into the repo;
# fewer under mutation testing (scripts/mutate.py), where they run once per mutant.
settings.register_profile("project", max_examples=60, derandomize=True, database=None,
                          deadline=None)
settings.register_profile("mutation", settings.get_profile("project"), max_examples=12)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "project"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from config import TestingConfig

    folder = tmp_path_factory.mktemp("instance")

    class Config(TestingConfig):
        UPLOAD_DIR = str(folder / "uploads")
        if TestingConfig.SQLALCHEMY_DATABASE_URI == "sqlite://":
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'test.db'}"

    app = create_app(Config)
    migrated(app, folder / "test.db")
    return app


def migrated(app, database) -> None:
    """Run the migrations; under mutation testing (MIGRATED_SQLITE set by scripts/mutate.py,
    which runs the suite once per mutant) copy a database migrated once instead."""
    template = os.environ.get("MIGRATED_SQLITE")
    sqlite_file = app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    if template and sqlite_file and os.path.exists(template):
        shutil.copyfile(template, database)
        return
    with app.app_context():
        upgrade(revision="heads")
    if template and sqlite_file:
        with sqlite3.connect(database) as source, sqlite3.connect(template) as copy:
            source.backup(copy)   # through SQLite: the migrations may sit in its WAL file


def seed_specialties(conn) -> None:
    """Put back the list the migration seeds, as a fresh database has it."""
    from app.specialties.models import DEFAULTS, Specialty

    conn.execute(Specialty.__table__.insert(), [
        {"code": c, "name": n, "sort_order": i, "active": True}
        for i, (c, n) in enumerate(DEFAULTS)])


@pytest.fixture
def db(app):
    """The database, emptied after each test."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
            seed_specialties(conn)
    limiter.reset()


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def flashed_messages_are_chinese(request):
    """Every message flashed to a user during a test speaks Chinese (the default locale):
    an English text that escaped translation fails the test that shows it."""
    from flask import message_flashed

    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    english: list[str] = []

    def check(sender, message, category):
        if not CJK.search(str(message)):
            english.append(str(message))
    message_flashed.connect(check, app)
    yield
    message_flashed.disconnect(check, app)
    assert not english, f"flashed without a Chinese translation: {english}"


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


_seq = count(1)


@pytest.fixture
def make_unit(db):
    def make(code: str | None = None, name: str | None = None, parent: Unit | None = None,
             kind: str = "县区局") -> Unit:
        code = code or f"U{next(_seq):04d}"
        unit = Unit(code=code, name=name or f"{code}局", kind=kind, parent=parent)
        db.session.add(unit)
        db.session.flush()
        unit.refresh_path()
        db.session.commit()
        return unit
    return make


def id_number(n: int, region: str = "360102") -> str:
    # Day and sequence repeat every 7,000 numbers: the year moves on so that none repeats.
    return idcard.make(region, date(1980 + n // 7000, 1, 1 + n % 28), n)


@pytest.fixture
def make_officer(db):
    def make(unit: Unit, name: str = "张三", **fields) -> Officer:
        fields.setdefault("id_number", id_number(next(_seq)))
        officer = Officer(name=name, unit=unit, **fields)
        db.session.add(officer)
        db.session.commit()
        return officer
    return make


@pytest.fixture
def make_user(db, make_officer):
    def make(role: str, unit: Unit | None = None, officer: Officer | None = None,
             username: str | None = None) -> User:
        if role == "officer" and officer is None:
            officer = make_officer(unit)
        user = User(username=username or f"{role}{next(_seq)}", role=role, unit=unit,
                    officer=officer, display_name=role)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user
    return make


class Auth:
    """Logs a test client in and out, carrying the CSRF token like a browser does."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def csrf(self, url: str = "/login") -> str:
        page = self.client.get(url).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
            re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def login(self, username: str, password: str = PASSWORD):
        token = self.csrf("/login")
        response = self.client.post("/login", data={
            "username": username, "password": password, "csrf_token": token})
        if response.status_code == 302:
            self.token = self.csrf("/password")
        return response

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def province(make_unit):
    """Two cities with two counties each: enough for every scoping question."""
    top = make_unit("360000", "江西省市场监督管理局", kind="省局")
    tree = {"top": top}
    for city_code, counties in (("360100", ("360102", "360103")),
                                ("360700", ("360702", "360703"))):
        city = make_unit(city_code, f"{city_code}市局", top, kind="设区市局")
        tree[city_code] = city
        for county_code in counties:
            tree[county_code] = make_unit(county_code, f"{county_code}县局", city)
    return tree
