"""specialty categories, seeded with the default list

Revision ID: 0002_specialties
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

revision = '0002_specialties'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

DEFAULTS = (
    ("basic", "基本法律法规"), ("food", "食品安全"), ("special_equipment", "特种设备安全"),
    ("product_quality", "产品质量"), ("metrology", "计量"), ("pricing", "价格监管"),
    ("advertising", "广告监管"), ("competition", "反不正当竞争"), ("ip", "商标和专利"),
    ("drugs", "药品和医疗器械"), ("consumer", "消费者权益保护"), ("legal_review", "法制审核与执法程序"),
)


def upgrade():
    table = op.create_table('specialties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("code <> ''", name=op.f('ck_specialties_code_not_empty')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_specialties')),
    sa.UniqueConstraint('code', name=op.f('uq_specialties_code')),
    sa.UniqueConstraint('name', name=op.f('uq_specialties_name'))
    )
    op.bulk_insert(table, [{"code": code, "name": name, "sort_order": i, "active": True}
                           for i, (code, name) in enumerate(DEFAULTS)])


def downgrade():
    op.drop_table('specialties')
