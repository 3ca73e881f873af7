"""Migration 0017 turns the roster's post_since / left-post data into post periods."""
from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import column, insert, table, text

from app.people.models import Officer
from tests.conftest import id_number
from tests.people.test_id_encryption import _scratch_database, scratch_app

# name: (on_post, status, post_since, status_changed_on, day the post was set to 否 or None)
ROSTER = {
    "在岗": (True, "active", date(2015, 3, 1), None, None),
    "从前": (True, "active", None, None, None),
    "退休": (False, "retired", date(2010, 1, 1), date(2026, 10, 1), None),
    "调岗有记录": (False, "active", date(2012, 5, 1), date(2026, 2, 1), date(2026, 7, 1)),
    "调岗无记录": (False, "active", date(2012, 5, 1), date(2026, 2, 1), None),
    "记录早于起始": (False, "active", date(2024, 5, 1), date(2026, 3, 1), date(2024, 5, 1)),
    "从未在岗": (False, "active", None, None, None),
}
# The officers table as it stands at 0016 (the model has columns later migrations add).
OFFICERS = table("officers", *(column(name) for name in (
    "id", "name", "id_number", "id_number_hash", "id_number_masked", "unit_id", "on_post",
    "status", "post_since", "status_changed_on", "legal_major", "created_at", "updated_at")))
NOW = datetime(2026, 7, 1)
EXPECTED = {
    "在岗": [(date(2015, 3, 1), None)],
    "从前": [(None, None)],
    "退休": [(date(2010, 1, 1), date(2026, 10, 1))],
    "调岗有记录": [(date(2012, 5, 1), date(2026, 7, 1))],
    "调岗无记录": [(date(2012, 5, 1), date(2026, 2, 1))],
    "记录早于起始": [(date(2024, 5, 1), date(2026, 3, 1))],
    "从未在岗": [],
}


def test_the_migration_makes_one_period_per_officer_from_the_roster(app, tmp_path):
    url, cleanup = _scratch_database(app, tmp_path)
    try:
        scratch = scratch_app(app, url)
        with scratch.app_context():
            from app.extensions import db
            upgrade(revision="0016_everyday")
            db.session.execute(text("INSERT INTO units (id, code, name, kind, path, active) "
                                    "VALUES (1, '360702', '章贡', '县区局', '/1/', true)"))
            events = table("officer_events", column("officer_id"), column("kind"),
                           column("before"), column("after"), column("effective_on"),
                           column("recorded_at"))
            ids = {}
            for n, (name, (on_post, status, since, changed, set_no)) in enumerate(ROSTER.items()):
                ids[name] = db.session.execute(insert(OFFICERS).returning(OFFICERS.c.id), {
                    "name": name, **_columns(id_number(900 + n, "360702")),
                    "unit_id": 1, "on_post": on_post, "status": status, "post_since": since,
                    "status_changed_on": changed, "legal_major": False,
                    "created_at": NOW, "updated_at": NOW}).scalar_one()
                if set_no:
                    db.session.execute(insert(events), {
                        "officer_id": ids[name], "kind": "post", "before": "是", "after": "否",
                        "effective_on": set_no, "recorded_at": date(2026, 7, 1)})
            db.session.commit()
            upgrade(revision="0017_post_periods")
            found = {name: [] for name in ROSTER}
            by_id = {oid: name for name, oid in ids.items()}
            for oid, start, end in db.session.execute(text(
                    "SELECT officer_id, start_on, end_on FROM post_periods ORDER BY id")):
                found[by_id[oid]].append((_day(start), _day(end)))
            assert found == EXPECTED
            db.session.commit()
            downgrade(revision="0016_everyday")
            db.session.remove()
            db.engine.dispose()
    finally:
        cleanup()


def _columns(number: str) -> dict:
    """The stored ID columns under their table names (the token is the column id_number)."""
    values = Officer.id_columns(number)
    values["id_number"] = values.pop("id_number_token")
    return values


def _day(value):
    """SQLite hands back text from a raw SELECT."""
    return date.fromisoformat(value) if isinstance(value, str) else value
