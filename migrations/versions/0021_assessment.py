"""assessment: the political-theory floor per year, the yearly assessment (年度考核) of
enforcement officers: schemes, indicators, grades, manual scores and confirmed grades

Revision ID: 0021_assessment
Revises: 0016_everyday

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_assessment'
down_revision = '0016_everyday'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('training_policies') as batch:
        batch.add_column(sa.Column('political_hours', sa.Numeric(5, 1), nullable=False,
                                   server_default='0'))


def downgrade():
    with op.batch_alter_table('training_policies') as batch:
        batch.drop_column('political_hours')
