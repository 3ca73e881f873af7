"""身份证号 at rest (issue 14, item 10): encrypted, looked up by a keyed hash, keys apart."""
import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.core import idcrypt
from app.people.models import Officer
from tests.conftest import id_number

KNOWN = id_number(4242, "360702")


def _raw_bytes(db) -> bytes:
    """Every byte the SQLite database keeps on disk (main file and write-ahead log)."""
    db.session.execute(text("PRAGMA wal_checkpoint(FULL)"))
    path = Path(db.engine.url.database)
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
                    if p.exists())


def _pg_dump(url) -> bytes:
    found = shutil.which("pg_dump") or next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), reverse=True)), None)
    if found is None:
        pytest.skip("pg_dump is not installed")
    return subprocess.run([str(found), "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
                           "-U", url.username or "postgres", "-d", url.database],
                          check=True, capture_output=True).stdout


def _leaks(data: bytes, number: str) -> list[str]:
    """Forms of the number that must not be in `data`: plain, or its unkeyed SHA-256."""
    forms = {"plain": number.encode(), "utf-16": number.encode("utf-16-le"),
             "sha256": hashlib.sha256(number.encode()).hexdigest().encode(),
             "birth date + sequence": number[6:17].encode()}
    return [name for name, form in forms.items() if form in data]


def test_a_known_number_is_nowhere_in_the_database_file_or_dump(db, province, make_officer):
    officer = make_officer(province["360702"], name="加密人", id_number=KNOWN)
    db.session.commit()
    stored = db.session.execute(text(
        "SELECT id_number, id_number_hash, id_number_masked FROM officers")).one()
    assert KNOWN not in stored[0] and stored[1] != hashlib.sha256(KNOWN.encode()).hexdigest()
    assert stored[2] == "360702********" + KNOWN[-4:]
    db.session.expire_all()
    assert db.session.get(Officer, officer.id).id_number == KNOWN
    if db.engine.dialect.name == "sqlite":
        assert _leaks(_raw_bytes(db), KNOWN) == []
    else:
        dump = _pg_dump(db.engine.url)
        assert b"360702********" in dump     # the dump holds the officers table
        assert _leaks(dump, KNOWN) == []


def test_demo_data_numbers_are_not_in_the_file(db, runner):
    result = runner.invoke(args=["demo-data", "--officers", "40", "--seed", "3"])
    assert result.exit_code == 0, result.output
    numbers = list(db.session.scalars(select(Officer.id_number)))
    assert len(numbers) >= 40
    data = _raw_bytes(db) if db.engine.dialect.name == "sqlite" else _pg_dump(db.engine.url)
    assert [n for n in numbers if _leaks(data, n)] == []


def test_look_ups_go_through_the_keyed_hash(db, province, make_officer):
    officer = make_officer(province["360102"], id_number=KNOWN)
    assert db.session.scalar(select(Officer).where(
        Officer.id_number_matches(KNOWN.lower()))) is officer
    assert db.session.scalar(select(Officer.id).where(Officer.id_number_in([KNOWN]))) == officer.id
    assert db.session.scalar(select(Officer).where(
        Officer.id_number_matches(KNOWN[:-4]))) is None      # no prefix search any more
    with pytest.raises(TypeError, match="id_number_matches"):
        select(Officer).where(Officer.id_number == KNOWN)
    db.session.add(Officer(name="重复", unit=province["360103"], id_number=KNOWN))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_keys_are_made_once_into_the_key_folder_readable_by_the_owner_only(app, tmp_path):
    class Fresh:
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        TESTING = True
        SECRET_KEY = "t"
        ID_KEY_DIR = str(tmp_path / "keys")
    first = create_app(Fresh)
    with first.app_context():
        token = idcrypt.current().encrypt(KNOWN)
        digest = idcrypt.current().digest(KNOWN)
    for name in (idcrypt.ENCRYPTION_FILE, idcrypt.HASH_FILE):
        mode = stat.S_IMODE(os.stat(tmp_path / "keys" / name).st_mode)
        assert mode == 0o600, (name, oct(mode))
    again = create_app(Fresh)
    with again.app_context():
        assert idcrypt.current().decrypt(token) == KNOWN
        assert idcrypt.current().digest(KNOWN) == digest
    with app.app_context():
        assert idcrypt.current().digest(KNOWN) != digest     # another install, other keys
        with pytest.raises(idcrypt.IdKeyError):
            idcrypt.current().decrypt(token)


def test_production_never_makes_up_keys(tmp_path):
    class Prod:
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SECRET_KEY = "x" * 40
        ID_KEY_DIR = str(tmp_path / "none")
        ID_KEYS_GENERATE = False
    with create_app(Prod).app_context(), pytest.raises(idcrypt.IdKeyError, match="ID_ENCRYPTION_KEY"):
        idcrypt.current()
    assert not (tmp_path / "none").exists()


def test_rotating_the_keys_keeps_every_number_readable_and_findable(tmp_path):
    class Rotating:
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'r.db'}"
        TESTING = True
        SECRET_KEY = "t"
        ID_KEY_DIR = str(tmp_path / "keys")
    app = create_app(Rotating)
    with app.app_context():
        from app.extensions import db
        from app.org.models import Unit
        upgrade(revision="heads")
        unit = Unit(code="360102", name="东湖", kind="县区局")
        db.session.add(unit)
        db.session.flush()
        unit.refresh_path()
        db.session.execute(insert(Officer), [
            {"name": f"人{i}", "unit_id": unit.id, **Officer.id_columns(id_number(i))}
            for i in range(1, 6)])
        db.session.commit()
        before = db.session.execute(text("SELECT id_number, id_number_hash FROM officers")).all()
        old_key = (tmp_path / "keys" / idcrypt.ENCRYPTION_FILE).read_bytes()
        result = app.test_cli_runner().invoke(args=["rotate-id-key", "--hash-key"])
        assert result.exit_code == 0, result.output
        assert "5" in result.output
        assert (tmp_path / "keys" / idcrypt.ENCRYPTION_FILE).read_bytes() != old_key
        after = db.session.execute(text("SELECT id_number, id_number_hash FROM officers")).all()
        assert not set(before) & set(after)
        db.session.expire_all()
        for i in range(1, 6):
            found = db.session.scalar(select(Officer).where(
                Officer.id_number_matches(id_number(i))))
            assert found is not None and found.id_number == id_number(i)
        db.engine.dispose()
    from cryptography.fernet import Fernet, InvalidToken
    with pytest.raises(InvalidToken):   # the old key alone no longer reads them
        Fernet(old_key.strip()).decrypt(after[0][0].encode())


def test_the_migration_converts_existing_rows_and_back(app, tmp_path):
    """0011 on a database of 0010 with plain numbers (SQLite; PostgreSQL when tested on it)."""
    url, cleanup = _scratch_database(app, tmp_path)
    try:
        scratch = scratch_app(app, url)
        with scratch.app_context():
            from app.extensions import db
            upgrade(revision="0010_results")
            db.session.execute(text("INSERT INTO units (id, code, name, kind, path, active) "
                                    "VALUES (1, '360702', '章贡', '县区局', '/1/', true)"))
            for i in range(1, 4):
                db.session.execute(text(
                    "INSERT INTO officers (name, id_number, unit_id, on_post, status, "
                    "legal_major, created_at, updated_at) VALUES "
                    "(:n, :num, 1, true, 'active', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                    {"n": f"旧{i}", "num": id_number(i, "360702")})
            db.session.commit()
            upgrade(revision="0011_id_encryption")
            raw = db.session.execute(text("SELECT id_number FROM officers")).scalars().all()
            assert all(r.startswith("gAAAA") for r in raw)
            # Only the columns 0011 has: later migrations add others to the model.
            found = db.session.execute(select(Officer.name, Officer.id_number_masked).where(
                Officer.id_number_matches(id_number(2, "360702")))).one()
            assert found.name == "旧2" and found.id_number_masked.endswith(id_number(2, "360702")[-4:])
            db.session.commit()
            downgrade(revision="0010_results")
            plain = db.session.execute(text("SELECT id_number FROM officers ORDER BY id")).scalars()
            assert list(plain) == [id_number(i, "360702") for i in range(1, 4)]
            db.session.remove()
            db.engine.dispose()
    finally:
        cleanup()


def scratch_app(app, url: str):
    """The app on the scratch database, with the test app's ID keys."""
    class Scratch:
        SQLALCHEMY_DATABASE_URI = url
        TESTING = True
        SECRET_KEY = "t"
        ID_ENCRYPTION_KEY = app.config["ID_ENCRYPTION_KEY"]
        ID_HASH_KEY = app.config["ID_HASH_KEY"]
    return create_app(Scratch)


def _scratch_database(app, tmp_path):
    main = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    if main.dialect.name != "postgresql":
        main.dispose()
        return f"sqlite:///{tmp_path / 'scratch.db'}", lambda: None
    import psycopg
    name = f"{main.url.database}_mig"
    server = f"host={main.url.host or '127.0.0.1'} user={main.url.username} dbname=postgres"
    main.dispose()

    def run(sql):
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql)
    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name}")
    return str(main.url.set(database=name).render_as_string(hide_password=False)), \
        lambda: run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
