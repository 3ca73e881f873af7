"""integrity checks: 学时 in whole half hours, candidate windows in order, scores not negative

Existing rows are repaired first, and each repair is printed and logged: hours rounded
to the nearest half hour (at least 0.5), a candidate window given backwards swapped (an
empty one cleared, the exam's own window then applies), a negative score set to 0.

Revision ID: 0012_integrity_checks
Revises: 0011_id_encryption

"""
import logging

import sqlalchemy as sa
from alembic import op

revision = '0012_integrity_checks'
down_revision = '0011_id_encryption'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

HALF_HOURS = "hours * 2 = CAST(hours * 2 AS INTEGER)"
HOURS_TABLES = ("training_sessions", "training_attendances", "training_submissions")
WINDOW = ("window_opens_at IS NULL OR window_closes_at IS NULL "
          "OR window_closes_at > window_opens_at")
# (table, constraint name, condition)
CHECKS = (
    *((table, "hours_half_hours", HALF_HOURS) for table in HOURS_TABLES),
    ("exam_candidates", "window_in_order", WINDOW),
    ("exam_paper_items", "points_positive", "points > 0"),
    ("exam_attempts", "score_not_negative", "score IS NULL OR score >= 0"),
    ("exam_attempts", "objective_score_not_negative",
     "objective_score IS NULL OR objective_score >= 0"),
    ("exam_answers", "score_not_negative", "score IS NULL OR score >= 0"),
    ("exam_answers", "auto_score_not_negative", "auto_score IS NULL OR auto_score >= 0"),
)


def say(message: str) -> None:
    print(f"0012_integrity_checks: {message}")
    log.info("0012_integrity_checks: %s", message)


def repair(conn, table: str, where: str, change: str, what: str) -> None:
    ids = [row[0] for row in conn.execute(sa.text(f"SELECT id FROM {table} WHERE {where}"))]
    if not ids:
        return
    conn.execute(sa.text(f"UPDATE {table} SET {change} WHERE {where}"))
    shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
    say(f"{table}: {len(ids)} 行{what} (id {shown})")


def repair_rows(conn) -> None:
    for table in HOURS_TABLES:
        repair(conn, table, f"NOT ({HALF_HOURS})",
               "hours = CASE WHEN ROUND(hours * 2) < 1 THEN 0.5 ELSE ROUND(hours * 2) / 2 END",
               "学时取整到最近的半小时（至少0.5）")
    repair(conn, "exam_candidates",
           "window_opens_at IS NOT NULL AND window_closes_at IS NOT NULL "
           "AND window_closes_at < window_opens_at",
           "window_opens_at = window_closes_at, window_closes_at = window_opens_at",
           "考试时间窗口起止颠倒，已对调")
    repair(conn, "exam_candidates", "window_closes_at = window_opens_at",
           "window_opens_at = NULL, window_closes_at = NULL",
           "考试时间窗口为空，已清除（按考试本身的时间）")
    for table in ("exam_attempts", "exam_answers"):
        for column in ("score", "objective_score" if table == "exam_attempts" else "auto_score"):
            repair(conn, table, f"{column} < 0", f"{column} = 0", f"{column} 为负数，已改为0")


def by_table() -> dict[str, list[tuple[str, str]]]:
    """One batch per table: SQLite copies the table once."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, name, condition in CHECKS:
        tables.setdefault(table, []).append((name, condition))
    return tables


def upgrade():
    repair_rows(op.get_bind())
    for table, checks in by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, condition in checks:
                batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def downgrade():
    for table, checks in by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _condition in checks:
                batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
