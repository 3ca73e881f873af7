"""Logical backups that restore into either database.

A backup is a folder: `manifest.json` (schema revision, row counts), one
JSON-lines file per table, and `uploads/` (evidence files). Reading happens in
one snapshot transaction (REPEATABLE READ on PostgreSQL; one read transaction
on SQLite in WAL mode), so the copy is consistent while the system runs.
Restore loads into an empty database (building the schema at the backup's
revision first when the database has no tables), table by table in
foreign-key order, then moves PostgreSQL's id sequences past the restored ids.

身份证号 stay encrypted in the backup (the ciphertext is copied as stored): a restore
needs the same keys (app/core/idcrypt.py), which are kept apart from the database and
must be backed up apart from it; with other keys the restore is refused.
"""
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Numeric,
    Table,
    func,
    inspect,
    select,
    text,
)

from app.core import idcrypt
from app.extensions import db

FORMAT = 1
BATCH = 5000


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message is for the operator."""


def tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None


def backup(engine: Engine, out: Path, uploads: Path) -> dict:
    """Write the backup folder; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise BackupError(f"备份目录 {out} 不是空目录")
    counts = {}
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            for table in tables():
                counts[table.name] = _dump_table(conn, table, out / f"{table.name}.jsonl")
    if uploads.exists():
        shutil.copytree(uploads, out / "uploads", ignore=shutil.ignore_patterns("jobs", "imports"))
    manifest = {"format": FORMAT, "revision": revision(engine), "counts": counts,
                "created_at": datetime.now().isoformat(timespec="seconds")}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _dump_table(conn, table: Table, path: Path) -> int:
    count = 0
    names = [c.name for c in table.columns]
    stmt = select(table).order_by(*table.primary_key.columns)
    with path.open("w", encoding="utf-8") as out:
        for row in conn.execution_options(yield_per=BATCH).execute(stmt):
            out.write(json.dumps([_plain(v) for v in row], ensure_ascii=False))
            out.write("\n")
            count += 1
    (path.with_suffix(".columns")).write_text(json.dumps(names))
    return count


def has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def restore(engine: Engine, source: Path, uploads: Path,
            migrate: Callable[[str], None] | None = None) -> dict:
    """Load a backup folder into the empty database behind `engine`; a database without
    tables first gets the backup's schema from `migrate(revision)`."""
    manifest = json.loads((source / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError("备份格式版本不符")
    if migrate is not None and not has_tables(engine):
        migrate(manifest["revision"])
    if manifest["revision"] != revision(engine):
        raise BackupError(f"数据库结构版本 {revision(engine)} 与备份 {manifest['revision']} 不同，"
                          "请先执行 flask db upgrade")
    _require_empty(engine)
    with engine.begin() as conn:
        for table in tables():
            _load_table(conn, table, source / f"{table.name}.jsonl")
        _check_keys(conn)
        _fix_sequences(conn)
    if (source / "uploads").exists():
        shutil.copytree(source / "uploads", uploads, dirs_exist_ok=True)
    return manifest


def _require_empty(engine: Engine) -> None:
    from app.specialties.models import Specialty

    with engine.connect() as conn:
        for table in tables():
            if table is Specialty.__table__:
                continue  # seeded by the migration; replaced by the backup's rows
            if conn.execute(select(func.count()).select_from(table)).scalar():
                raise BackupError(f"目标数据库不是空的（表 {table.name} 已有数据）")


def _load_table(conn, table: Table, path: Path) -> None:
    from app.specialties.models import Specialty

    if table is Specialty.__table__:
        conn.execute(table.delete())
    names = json.loads(path.with_suffix(".columns").read_text())
    columns = [table.c[name] for name in names]
    # A column pointing at its own table (units.parent_id) is filled after all rows exist.
    self_refs = [c for c in columns if any(fk.column.table is table for fk in c.foreign_keys)]
    later: list[dict] = []
    for batch in _batches(path, columns):
        if self_refs:
            later += [{"pk": r[table.primary_key.columns[0].name],
                       **{c.name: r[c.name] for c in self_refs}} for r in batch]
            batch = [r | {c.name: None for c in self_refs} for r in batch]
        conn.execute(table.insert(), batch)
    _set_self_refs(conn, table, self_refs, later)


def _set_self_refs(conn, table: Table, self_refs: list, rows: list[dict]) -> None:
    from sqlalchemy import bindparam

    pk = table.primary_key.columns[0]
    for column in self_refs:
        values = [{"pk_": r["pk"], "v_": r[column.name]} for r in rows
                  if r[column.name] is not None]
        if values:
            conn.execute(table.update().where(pk == bindparam("pk_"))
                         .values({column.name: bindparam("v_")}), values)


def _batches(path: Path, columns: list) -> Iterator[list[dict]]:
    batch = []
    with path.open(encoding="utf-8") as source:
        for line in source:
            values = json.loads(line)
            batch.append({c.name: _typed(c, v) for c, v in zip(columns, values, strict=True)})
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _typed(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric) and not isinstance(value, float):
        return Decimal(value)
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def _check_keys(conn) -> None:
    """The ciphertext came back as stored: every number must open with this machine's keys,
    and its hash must be this machine's, or the restore is refused (and rolled back)."""
    from app.people.models import Officer

    crypto = idcrypt.current()
    rows = conn.execution_options(yield_per=BATCH).execute(
        select(Officer.id_number_token, Officer.id_number_hash))
    for token, digest in rows:
        try:
            plain = crypto.decrypt(token)
        except idcrypt.IdKeyError as exc:
            raise BackupError(f"{exc}：请把备份时的密钥文件（id_encryption.key、id_hash.key）"
                              "或 ID_ENCRYPTION_KEY、ID_HASH_KEY 配置到本机后再恢复") from exc
        if crypto.digest(plain) != digest:
            raise BackupError("身份证号查找密钥（id_hash.key 或 ID_HASH_KEY）与备份时不同，"
                              "请配置备份时的密钥后再恢复")


def _fix_sequences(conn) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and \
                pk[0].type.python_type is int:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
