"""One scheduler at a time: a PostgreSQL advisory lock, or a file lock for SQLite on one PC.

The lock is held by a connection (or file handle) that lives as long as the
scheduler process; when the process dies the database or the kernel frees it,
and a waiting scheduler takes over.
"""
import fcntl
import hashlib
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

LOCK_NAME = "enforcement-training-scheduler"


def lock_key(name: str = LOCK_NAME) -> int:
    """A stable signed 64-bit key for pg_try_advisory_lock."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class PostgresLock:
    def __init__(self, engine: Engine) -> None:
        # No pool: closing the connection must end the session, and with it the lock.
        self.engine = create_engine(engine.url, poolclass=NullPool)
        self.conn = None

    def acquire(self) -> bool:
        if self.conn is None:
            self.conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = self.conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                {"k": lock_key()}).scalar()
        return bool(got)

    def alive(self) -> bool:
        """Whether we still hold it: a lost connection means a lost lock."""
        try:
            return bool(self.conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND pid = pg_backend_pid()")).scalar())
        except Exception:
            return False

    def release(self) -> None:
        """Unlock before closing: the server frees a closed session's locks only once it
        has noticed the disconnect, and a waiting scheduler should not have to race it."""
        if self.conn is None:
            return
        try:
            self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key()})
        except Exception:
            pass  # the connection is already gone, and so is the lock
        self.conn.close()
        self.conn = None

    def drop(self) -> None:
        """Close without unlocking, as a killed process would."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path, self.handle = path, None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.handle = handle
        return True

    def alive(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def lock_for(engine: Engine, instance_path: str):
    if engine.dialect.name == "postgresql":
        return PostgresLock(engine)
    return FileLock(Path(instance_path) / "scheduler.lock")
