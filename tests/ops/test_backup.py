"""Backup, restore and copy-database: every record comes back, in either database."""
import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select

from app import create_app
from app.core import audit
from app.extensions import db as _db
from app.notifications.services import notify
from app.ops.backup import tables
from app.org.models import Unit
from config import TestingConfig


@pytest.fixture
def filled(db, app, province, make_officer, make_user):
    """A little of everything, with a parent unit whose id is larger than its child's."""
    late_parent = Unit(code="999", name="后建上级", kind="设区市局", parent=province["top"])
    db.session.add(late_parent)
    db.session.flush()
    late_parent.refresh_path()
    province["360103"].parent = late_parent
    db.session.flush()
    province["360103"].refresh_path()
    officer = make_officer(province["360102"], "备份人", phone="13900000000")
    user = make_user("officer", province["360102"], officer=officer)
    audit.record(user, "officer.update", "officer", officer.id, label="备份人",
                 before={"a": 1}, after={"a": 2})
    notify([user.id], "提醒", key="k1")
    db.session.commit()
    uploads = os.path.join(app.config["UPLOAD_DIR"], "evidence")
    os.makedirs(uploads, exist_ok=True)
    with open(os.path.join(uploads, "sheet.pdf"), "wb") as f:
        f.write(b"%PDF-1.4 evidence")
    return db


def snapshot(engine) -> dict:
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in tables()}


def target_app(tmp_path, url=None, **keys):
    """Another machine; by default with the same 身份证号 keys (restored with the backup)."""
    from config import TestingConfig

    class Target:
        SQLALCHEMY_DATABASE_URI = url or f"sqlite:///{tmp_path / 'target.db'}"
        UPLOAD_DIR = str(tmp_path / "target-uploads")
        TESTING = True
        SECRET_KEY = "t"
        TASK_QUEUE_IMMEDIATE = True
        ID_ENCRYPTION_KEY = keys.get("encryption", TestingConfig.ID_ENCRYPTION_KEY)
        ID_HASH_KEY = keys.get("hash", TestingConfig.ID_HASH_KEY)
    app = create_app(Target)
    with app.app_context():
        upgrade(revision="heads")
    return app


def test_backup_restores_every_record_and_file(filled, runner, tmp_path):
    out = tmp_path / "backup"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    before = snapshot(_db.engine)
    target = target_app(tmp_path)
    with target.app_context():
        restored = target.test_cli_runner().invoke(args=["restore", str(out)])
        assert restored.exit_code == 0, restored.output
        assert snapshot(_db.engine) == before
        unit = _db.session.scalar(select(Unit).where(Unit.code == "360103"))
        assert unit.parent.code == "999"
        # New rows get fresh ids after a restore.
        _db.session.add(Unit(code="new", name="新单位", path="/x/"))
        _db.session.commit()
        _db.engine.dispose()
    assert (tmp_path / "target-uploads" / "evidence" / "sheet.pdf").read_bytes() == \
        b"%PDF-1.4 evidence"


def test_restore_refuses_a_database_that_has_data(filled, runner, tmp_path):
    out = tmp_path / "backup"
    runner.invoke(args=["backup", "--out", str(out)])
    again = runner.invoke(args=["restore", str(out)])
    assert again.exit_code != 0 and "不是空的" in again.output


def test_backup_refuses_a_folder_that_is_not_empty(filled, runner, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "full")])
    assert result.exit_code != 0 and "不是空目录" in result.output


def _postgres_url() -> str | None:
    try:
        import psycopg

        psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", connect_timeout=2).close()
    except Exception:
        return None
    return "postgresql+psycopg://postgres@127.0.0.1:5432/"


def test_copy_database_moves_a_county_into_another_database(filled, runner, tmp_path):
    """SQLite → PostgreSQL when a server answers (the pilot county case), else SQLite → SQLite."""
    base = _postgres_url()
    name = f"copy_{uuid.uuid4().hex[:8]}"
    if base:
        import psycopg
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
    url = f"{base}{name}" if base else f"sqlite:///{tmp_path / 'copy.db'}"
    try:
        result = runner.invoke(args=["copy-database", "--to", url])
        assert result.exit_code == 0, result.output
        engine = create_engine(url)
        assert snapshot(engine) == snapshot(_db.engine)
        engine.dispose()
    finally:
        if base:
            import psycopg
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres",
                                 autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_backup_of_another_schema_version_is_refused(filled, runner, tmp_path):
    import json

    out = tmp_path / "backup"
    runner.invoke(args=["backup", "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["revision"] = "0000_other"
    (out / "manifest.json").write_text(json.dumps(manifest))
    target = target_app(tmp_path)
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(out)])
        _db.engine.dispose()
    assert result.exit_code != 0 and "结构版本" in result.output


def bare_app(tmp_path, url=None):
    """An app on a database with no tables at all (no `flask db upgrade`)."""
    class Target:
        SQLALCHEMY_DATABASE_URI = url or f"sqlite:///{tmp_path / 'bare.db'}"
        UPLOAD_DIR = str(tmp_path / "bare-uploads")
        TESTING = True
        SECRET_KEY = "t"
        TASK_QUEUE_IMMEDIATE = True
        ID_ENCRYPTION_KEY = TestingConfig.ID_ENCRYPTION_KEY
        ID_HASH_KEY = TestingConfig.ID_HASH_KEY
    return create_app(Target)


def _restore_into_bare(filled, runner, tmp_path, url=None):
    out = tmp_path / "backup"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    before = snapshot(_db.engine)
    target = bare_app(tmp_path, url)
    with target.app_context():
        restored = target.test_cli_runner().invoke(args=["restore", str(out)])
        assert restored.exit_code == 0, restored.output
        assert snapshot(_db.engine) == before
        _db.engine.dispose()


def test_restore_builds_the_schema_of_an_empty_sqlite_database(filled, runner, tmp_path):
    _restore_into_bare(filled, runner, tmp_path)


def test_restore_builds_the_schema_of_an_empty_postgresql_database(filled, runner, tmp_path):
    base = _postgres_url()
    if not base:
        pytest.skip("no PostgreSQL server on 127.0.0.1")
    import psycopg

    name = f"et_imports_other_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        _restore_into_bare(filled, runner, tmp_path, f"{base}{name}")
    finally:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_restore_of_an_unknown_schema_version_into_an_empty_database_is_refused(
        filled, runner, tmp_path):
    import json

    out = tmp_path / "backup"
    runner.invoke(args=["backup", "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["revision"] = "0999_future"
    (out / "manifest.json").write_text(json.dumps(manifest))
    target = bare_app(tmp_path)
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(out)])
        _db.engine.dispose()
    assert result.exit_code != 0 and "0999_future" in result.output


def test_a_backup_keeps_numbers_encrypted_and_restores_them_with_the_keys(filled, runner, tmp_path):
    """Issue 14 (10): the backup folder gives away no 身份证号; a machine with the same keys reads
    them back, one with other keys is refused and left empty."""
    from cryptography.fernet import Fernet

    from app.people.models import Officer

    officer = _db.session.scalar(select(Officer).where(Officer.name == "备份人"))
    number = officer.id_number
    out = tmp_path / "backup"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert number.encode() not in everything and number[6:14].encode() not in everything
    stranger = target_app(_folder(tmp_path, "other"), encryption=Fernet.generate_key().decode())
    with stranger.app_context():
        refused = stranger.test_cli_runner().invoke(args=["restore", str(out)])
        assert refused.exit_code != 0 and "密钥" in refused.output
        assert _db.session.scalar(select(func.count()).select_from(Officer)) == 0
        _db.engine.dispose()
    other_hash = target_app(_folder(tmp_path, "hash"), hash="another-hash-key")
    with other_hash.app_context():
        refused = other_hash.test_cli_runner().invoke(args=["restore", str(out)])
        assert refused.exit_code != 0 and "查找密钥" in refused.output
        _db.engine.dispose()
    same = target_app(_folder(tmp_path, "same"))
    with same.app_context():
        restored = same.test_cli_runner().invoke(args=["restore", str(out)])
        assert restored.exit_code == 0, restored.output
        back = _db.session.scalar(select(Officer).where(Officer.id_number_matches(number)))
        assert back is not None and back.name == "备份人" and back.id_number == number
        _db.engine.dispose()


def _folder(tmp_path, name):
    (tmp_path / name).mkdir()
    return tmp_path / name
