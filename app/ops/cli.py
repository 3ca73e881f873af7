"""`flask backup`, `flask restore`, `flask copy-database`: thin wrappers over app.ops.backup."""
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app

from app.extensions import db
from app.ops.backup import BackupError, backup, restore


def _uploads() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path))
def backup_command(out: Path) -> None:
    """Write a consistent backup of the database and uploaded files to OUT (a new folder)."""
    try:
        manifest = backup(db.engine, out, _uploads())
    except BackupError as exc:
        sys.exit(f"备份失败: {exc}")
    click.echo(f"备份完成: {sum(manifest['counts'].values())} 条记录 → {out}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_command(source: Path) -> None:
    """Load the backup in SOURCE into the empty database named by DATABASE_URL."""
    try:
        manifest = restore(db.engine, source, _uploads(), migrate=_build_schema)
    except BackupError as exc:
        sys.exit(f"恢复失败: {exc}")
    click.echo(f"恢复完成: {sum(manifest['counts'].values())} 条记录")


def _build_schema(revision: str | None) -> None:
    """Migrate an empty database to the backup's revision (several heads: to all heads)."""
    from flask_migrate import upgrade

    target = revision if revision and "," not in revision else "heads"
    try:
        upgrade(revision=target)
    except SystemExit as exc:  # Flask-Migrate logs alembic's error and exits
        raise BackupError(f"无法建立备份的数据库结构版本 {revision}（本程序的迁移中没有它？），"
                          "请使用与备份相同或更新版本的程序") from exc
    db.engine.dispose()


@click.command("copy-database")
@click.option("--to", "target", required=True, help="SQLAlchemy URL of the empty target.")
def copy_database_command(target: str) -> None:
    """Copy this database (e.g. a county's SQLite) into an empty one (the province's PostgreSQL)."""
    try:
        copied = copy_database(target)
    except BackupError as exc:
        sys.exit(f"迁移失败: {exc}")
    click.echo(f"迁移完成: {copied} 条记录 → {target.split('@')[-1]}")


def copy_database(target: str) -> int:
    """Back up here, migrate the target to the same schema, restore there."""
    from flask_migrate import upgrade

    from app import create_app

    with tempfile.TemporaryDirectory() as folder:
        manifest = backup(db.engine, Path(folder) / "b", _uploads())
        other = create_app(_config_for(target))
        with other.app_context():
            upgrade(revision="heads")
            restore(db.engine, Path(folder) / "b", Path(other.config["UPLOAD_DIR"]))
            db.engine.dispose()
    return sum(manifest["counts"].values())


def _config_for(url: str) -> type:
    settings = {k: v for k, v in current_app.config.items() if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = url
    return type("TargetConfig", (), settings)


@click.command("rotate-id-key")
@click.option("--hash-key", "new_hash_key", is_flag=True,
              help="Also replace the look-up hash key (key files only).")
def rotate_id_key_command(new_hash_key: bool) -> None:
    """Encrypt every 身份证号 again under a new key (stop the app servers first)."""
    from app.people.id_keys import rotate

    count = rotate(current_app._get_current_object(), new_hash_key)
    click.echo(f"身份证号已用新密钥重新加密: {count} 条。旧密钥只用于恢复更早的备份，"
               "请与那些备份一起保管，不再需要时删除。")
