"""when each scheduled job last ran

Revision ID: 0009_scheduled_runs

"""
from alembic import op
import sqlalchemy as sa

revision = '0009_scheduled_runs'
down_revision = '0008_exams'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scheduled_runs',
    sa.Column('job_id', sa.String(length=80), nullable=False),
    sa.Column('last_run_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('job_id', name=op.f('pk_scheduled_runs'))
    )


def downgrade():
    op.drop_table('scheduled_runs')
