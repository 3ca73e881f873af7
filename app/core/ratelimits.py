"""Rate-limit counters in a SQLite file, shared by every process of one PC.

Flask-Limiter keeps counters in the storage named by RATELIMIT_STORAGE_URI. `memory://` counts
per process, so with two gunicorn workers an attacker gets twice the tries; Redis is the answer
across servers, and on one PC without Redis (`make run`) this file is: `sqlite:////abs/path.db`.
Each increment is one atomic statement, so concurrent workers never lose a count.
"""
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from limits.storage import Storage

_SCHEMA = ("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, "
           "count INTEGER NOT NULL, expires REAL NOT NULL)")
_INCR = """
INSERT INTO counters (key, count, expires) VALUES (:key, :amount, :expires)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN counters.expires <= :now THEN :amount ELSE counters.count + :amount END,
  expires = CASE WHEN counters.expires <= :now THEN :expires ELSE counters.expires END
RETURNING count
"""


def _prepare(conn: sqlite3.Connection, tries: int = 50) -> None:
    """WAL mode and the table. Switching the journal mode does not wait on SQLite's busy
    handler, so two workers starting together may find the file locked: try again."""
    for attempt in range(tries):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05 + 0.05 * attempt)


class SQLiteFileStorage(Storage):
    """Fixed-window counters (Flask-Limiter's default strategy) in one SQLite file."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.removeprefix("sqlite:///")     # as SQLAlchemy: four slashes, absolute
        self._ready = False

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connect(self) -> sqlite3.Connection:
        # A connection per call: cheap next to a password hash, and safe across gunicorn's fork.
        if not self._ready:                 # on first use, not when the app is made
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=10000")
        if not self._ready:
            _prepare(conn)
            self._ready = True
        return conn

    def _one(self, sql: str, params: dict | tuple = ()):
        with closing(self._connect()) as conn:
            return conn.execute(sql, params).fetchone()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with closing(self._connect()) as conn:
            conn.execute("DELETE FROM counters WHERE expires <= ?", (now,))
            row = conn.execute(_INCR, {"key": key, "amount": amount, "expires": now + expiry,
                                       "now": now}).fetchone()
        return int(row[0])

    def get(self, key: str) -> int:
        row = self._one("SELECT count FROM counters WHERE key = ? AND expires > ?",
                        (key, time.time()))
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._one("SELECT expires FROM counters WHERE key = ? AND expires > ?",
                        (key, time.time()))
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        return self._one("SELECT 1") == (1,)

    def reset(self) -> int | None:
        with closing(self._connect()) as conn:
            return conn.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._one("DELETE FROM counters WHERE key = ?", (key,))
