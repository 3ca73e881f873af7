"""Key rotation for the encrypted 身份证号: every officer's number encrypted again under the
current key and hashed again, in one transaction.

With keys in the environment the operator sets the new ID_ENCRYPTION_KEY (the old one moves to
ID_ENCRYPTION_OLD_KEYS) and, if wanted, a new ID_HASH_KEY, then runs this. With key files in the
instance folder this makes the new keys itself: the old encryption key stays readable until the
database is committed, and is then kept aside (`id_encryption.key.<time>`) for older backups.
"""
import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import String, bindparam, select, type_coerce, update

from app.core import idcrypt
from app.core.idcard import mask
from app.extensions import db
from app.people.models import Officer

CHUNK = 1000


def rotate(app: Flask, new_hash_key: bool = False) -> int:
    """Encrypt and hash every number again; returns how many. The caller need not commit."""
    old = idcrypt.current()
    if new_hash_key and app.config.get("ID_HASH_KEY"):
        raise idcrypt.IdKeyError("查找密钥来自 ID_HASH_KEY：请先设置新的 ID_HASH_KEY，再不带 --hash-key 运行")
    if app.config.get("ID_ENCRYPTION_KEY"):
        return _rewrite(old, old)
    folder = idcrypt.key_dir(app)
    key_file, hash_file = folder / idcrypt.ENCRYPTION_FILE, folder / idcrypt.HASH_FILE
    new_key = Fernet.generate_key()
    hash_key = os.urandom(32).hex().encode() if new_hash_key else old.hash_key
    new = idcrypt.IdCrypto([new_key, *old.keys], hash_key)
    idcrypt.write_key_file(key_file, [new_key, *old.keys])      # both readable meanwhile
    pending_hash = hash_file.with_name(hash_file.name + ".new")
    if new_hash_key:
        idcrypt.write_key_file(pending_hash, [hash_key])
    count = _rewrite(old, new)
    if new_hash_key:
        pending_hash.replace(hash_file)
    _retire(key_file, old.keys)
    idcrypt.write_key_file(key_file, [new_key])
    idcrypt.forget(app)
    return count


def _rewrite(old: idcrypt.IdCrypto, new: idcrypt.IdCrypto) -> int:
    table, last, count = Officer.__table__, 0, 0
    raw = type_coerce(table.c.id_number, String)
    change = update(table).where(table.c.id == bindparam("pk")).values(
        {table.c.id_number: type_coerce(bindparam("token"), String),
         table.c.id_number_hash: bindparam("digest"),
         table.c.id_number_masked: bindparam("masked")})
    while rows := db.session.execute(select(table.c.id, raw).where(table.c.id > last)
                                     .order_by(table.c.id).limit(CHUNK)).all():
        values = []
        for pk, token in rows:
            plain = old.decrypt(token)
            values.append({"pk": pk, "token": new.fernet.encrypt(plain.encode()).decode(),
                           "digest": new.digest(plain), "masked": mask(plain)})
        db.session.execute(change, values)
        last, count = rows[-1][0], count + len(rows)
    db.session.commit()
    return count


def _retire(key_file: Path, keys: list[bytes]) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    idcrypt.write_key_file(key_file.with_name(f"{key_file.name}.{stamp}"), keys)
