"""everyday: scheduled publishing of results (when, and when the legal section was told it
could not happen)

Revision ID: 0016_everyday
Revises: 0015_auth_sessions

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_everyday'
down_revision = '0015_auth_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exams') as batch:
        batch.add_column(sa.Column('results_publish_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('results_publish_warned_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('exams') as batch:
        batch.drop_column('results_publish_warned_at')
        batch.drop_column('results_publish_at')
