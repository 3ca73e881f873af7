"""身份证号 at rest: encrypted with Fernet (MultiFernet, for key rotation), looked up through a
keyed hash (HMAC-SHA256 with a key of its own), never stored in the clear.

The keys live outside the database: ID_ENCRYPTION_KEY (plus ID_ENCRYPTION_OLD_KEYS, comma-
separated, still accepted for reading) and ID_HASH_KEY from the environment or the config, else
the files `id_encryption.key` (current key first, one per line) and `id_hash.key` in
ID_KEY_DIR (the instance folder), created once with mode 0600 where ID_KEYS_GENERATE allows.
A backup of the database is useless without these keys: back them up separately.
"""
import hmac
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import String
from sqlalchemy.sql import ClauseElement, operators
from sqlalchemy.types import TypeDecorator

ENCRYPTION_FILE = "id_encryption.key"
HASH_FILE = "id_hash.key"
EXTENSION = "id_crypto"


class IdKeyError(RuntimeError):
    """The keys are missing or wrong; the message says what to configure."""


class IdCrypto:
    """Encrypts, decrypts and hashes ID numbers with one set of keys."""

    def __init__(self, keys: list[bytes], hash_key: bytes) -> None:
        if not keys or not hash_key:
            raise IdKeyError("身份证号加密密钥未配置")
        self.keys = keys
        self.fernet = MultiFernet([Fernet(k) for k in keys])
        self.hash_key = hash_key

    def encrypt(self, plain: str) -> str:
        return self.fernet.encrypt(plain.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self.fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise IdKeyError("身份证号无法解密：加密密钥与数据库不符（恢复备份时需同时恢复密钥文件）") \
                from exc

    def rotate(self, token: str) -> str:
        """The same number encrypted under the current (first) key."""
        return self.fernet.rotate(token.encode()).decode()

    def digest(self, plain: str) -> str:
        return hmac.digest(self.hash_key, plain.encode(), "sha256").hex()


def current() -> IdCrypto:
    """The app's keys, loaded (and created, where allowed) on first use."""
    app = current_app._get_current_object()
    crypto = app.extensions.get(EXTENSION)
    if crypto is None:
        crypto = app.extensions[EXTENSION] = load(app)
    return crypto


def forget(app: Flask) -> None:
    """Drop the loaded keys (after a rotation rewrote them)."""
    app.extensions.pop(EXTENSION, None)


def key_dir(app: Flask) -> Path:
    return Path(app.config.get("ID_KEY_DIR") or app.instance_path)


def load(app: Flask) -> IdCrypto:
    keys = _configured_keys(app) or _file_lines(app, ENCRYPTION_FILE, Fernet.generate_key)
    hash_key = app.config.get("ID_HASH_KEY") or \
        b"".join(_file_lines(app, HASH_FILE, lambda: os.urandom(32).hex().encode()))
    return IdCrypto([_bytes(k) for k in keys], _bytes(hash_key))


def _configured_keys(app: Flask) -> list:
    current_key = app.config.get("ID_ENCRYPTION_KEY")
    if not current_key:
        return []
    old = app.config.get("ID_ENCRYPTION_OLD_KEYS") or ""
    old = old.split(",") if isinstance(old, str) else list(old)
    return [current_key, *(k.strip() for k in old if k.strip())]


def _file_lines(app: Flask, name: str, generate) -> list[bytes]:
    path = key_dir(app) / name
    if not path.exists():
        if not app.config.get("ID_KEYS_GENERATE", True):
            raise IdKeyError(f"缺少身份证号密钥：请设置环境变量 ID_ENCRYPTION_KEY 和 ID_HASH_KEY，"
                            f"或放置密钥文件 {path}")
        write_key_file(path, [generate()])
    return [line.strip() for line in path.read_bytes().splitlines() if line.strip()]


def write_key_file(path: Path, lines: list[bytes]) -> None:
    """Write a key file readable by its owner only, replacing any old one atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(b"\n".join(lines) + b"\n")
    os.chmod(part, 0o600)
    os.replace(part, path)


def _bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).strip().encode()


_REFUSED = {operators.eq, operators.ne, operators.in_op, operators.not_in_op,
            operators.like_op, operators.ilike_op, operators.contains_op,
            operators.startswith_op, operators.endswith_op}


class EncryptedIdNumber(TypeDecorator):
    """A column that holds the ciphertext; Python sees the plain number."""

    impl = String(255)
    cache_ok = True

    class comparator_factory(String.Comparator):
        def operate(self, op, *other, **kwargs):
            # A value compared with ciphertext never matches; column to column is SQLAlchemy's.
            if op in _REFUSED and not any(isinstance(o, ClauseElement) for o in other):
                raise TypeError("身份证号已加密存储：请用 Officer.id_number_matches() 查找")
            return super().operate(op, *other, **kwargs)

    def process_bind_param(self, value, dialect):
        return None if value is None else current().encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else current().decrypt(value)
