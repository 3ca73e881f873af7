"""specialty categories for the enforcement areas the seed list missed (issue #16)

Revision ID: 0023_more_specialties
Revises: 0022_online_courses
"""
from alembic import op
import sqlalchemy as sa

revision = '0023_more_specialties'
down_revision = '0022_online_courses'
branch_labels = None
depends_on = None

ADDED = (
    ("registration", "登记注册"), ("online_trade", "网络交易监管"),
    ("antitrust", "反垄断与公平竞争审查"), ("credit", "信用监管"),
    ("standards", "标准化与认证认可"),
)

specialties = sa.table("specialties", sa.column("code", sa.String), sa.column("name", sa.String),
                       sa.column("sort_order", sa.Integer), sa.column("active", sa.Boolean))


def upgrade():
    # An administrator may already have made one of these by hand: keep theirs.
    bind = op.get_bind()
    taken = {value for row in bind.execute(sa.select(specialties.c.code, specialties.c.name))
             for value in row}
    last = bind.execute(sa.select(sa.func.max(specialties.c.sort_order))).scalar() or 0
    rows = [{"code": code, "name": name, "sort_order": last + 1 + i, "active": True}
            for i, (code, name) in enumerate(ADDED) if code not in taken and name not in taken]
    if rows:
        op.bulk_insert(specialties, rows)


def downgrade():
    op.execute(specialties.delete().where(specialties.c.code.in_([code for code, _ in ADDED])))
