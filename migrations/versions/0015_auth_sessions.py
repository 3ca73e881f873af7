"""auth sessions: a per-user generation that revokes every session and remember-me cookie

Revision ID: 0015_auth_sessions
Revises: 0014_law_library

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_auth_sessions'
down_revision = '0014_law_library'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
