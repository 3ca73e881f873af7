"""The one scope rule: who sees which rows (everything, a unit subtree, own rows, nothing)."""
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.core.actor import CLI
from app.core.scoping import Scope, get_scoped, scoped
from app.extensions import db as _db
from app.org.models import Unit
from app.people.models import Officer
from app.training.models import Attendance


def user(role: str, **fields):
    return SimpleNamespace(is_authenticated=True, role=role, **fields)


def test_nobody_and_an_anonymous_user_see_nothing():
    assert Scope.of(None) == Scope()
    assert Scope.of(SimpleNamespace(is_authenticated=False, role="admin")) == Scope()
    # Whatever does not say it is authenticated is not.
    assert Scope.of(SimpleNamespace(role="admin")) == Scope()


def test_the_scope_of_each_kind_of_actor(province):
    city = province["360100"]
    assert Scope.of(user("admin")) == Scope(everything=True)
    assert Scope.of(CLI) == Scope(everything=True)
    assert Scope.of(user("officer", officer_id=7)) == Scope(officer_id=7)
    assert Scope.of(user("hr", unit=city)) == Scope(unit_path=city.path)


def test_covers_unit(province):
    city, county, other = province["360100"], province["360102"], province["360702"]
    assert Scope(everything=True).covers_unit(other)
    assert Scope(unit_path=city.path).covers_unit(county)
    assert Scope(unit_path=city.path).covers_unit(city)
    assert not Scope(unit_path=city.path).covers_unit(other)
    assert not Scope(unit_path=county.path).covers_unit(city)
    assert not Scope(officer_id=1).covers_unit(county)
    assert not Scope().covers_unit(county)


@pytest.fixture
def people(province, make_officer):
    return {code: make_officer(province[code], code) for code in ("360102", "360103", "360702")}


def ids(model, scope: Scope) -> set[int]:
    return set(_db.session.scalars(scoped(model, scope).with_only_columns(model.id)))


def test_an_officer_sees_only_their_own_rows(people):
    me = people["360102"]
    assert ids(Officer, Scope(officer_id=me.id)) == {me.id}
    # A model without an officer column shows an officer nothing.
    assert ids(Unit, Scope(officer_id=me.id)) == set()


def test_a_unit_scope_sees_its_subtree_only(people, province):
    city = province["360100"]
    assert ids(Officer, Scope(unit_path=city.path)) == {
        people["360102"].id, people["360103"].id}
    assert ids(Unit, Scope(unit_path=city.path)) == {
        city.id, province["360102"].id, province["360103"].id}


def test_everything_and_nothing(people):
    assert ids(Officer, Scope(everything=True)) == {o.id for o in people.values()}
    assert ids(Officer, Scope()) == set()


def test_scoped_narrows_a_given_statement(people):
    me = people["360102"]
    stmt = select(Officer).where(Officer.name.in_(["360102", "360103"]))
    rows = _db.session.scalars(scoped(Officer, Scope(everything=True), stmt)).all()
    assert {o.id for o in rows} == {me.id, people["360103"].id}
    rows = _db.session.scalars(scoped(Officer, Scope(officer_id=me.id), stmt)).all()
    assert [o.id for o in rows] == [me.id]


def test_a_model_without_a_unit_column_is_refused():
    with pytest.raises(TypeError, match="Attendance declares no __scope_unit__"):
        scoped(Attendance, Scope(everything=True))


def test_get_scoped_gives_the_row_or_404(people, province):
    me, other = people["360102"], people["360702"]
    city = Scope(unit_path=province["360100"].path)
    assert get_scoped(Officer, me.id, city) is me
    assert get_scoped(Officer, me.id, Scope(officer_id=me.id)) is me
    with pytest.raises(NotFound):
        get_scoped(Officer, other.id, city)
    with pytest.raises(NotFound):
        get_scoped(Officer, other.id, Scope(officer_id=me.id))
