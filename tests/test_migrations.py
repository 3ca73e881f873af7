"""The schema is built only by migrations: they must match the models exactly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
