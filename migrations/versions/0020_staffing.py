"""staffing: 法制审核 staff and 法律职业资格 on the officer; yearly staffing snapshots

Revision ID: 0020_staffing
Revises: 0019_rotation

"""
from alembic import op
import sqlalchemy as sa


revision = '0020_staffing'
down_revision = '0019_rotation'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('officers') as batch:
        batch.add_column(sa.Column('legal_reviewer', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('legal_qualification', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        'staffing_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('enforcing', sa.Integer(), nullable=False),
        sa.Column('law_major', sa.Integer(), nullable=False),
        sa.Column('bachelor', sa.Integer(), nullable=False),
        sa.Column('reviewers', sa.Integer(), nullable=False),
        sa.Column('reviewers_qualified', sa.Integer(), nullable=False),
        sa.Column('taken_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('law_major <= enforcing AND bachelor <= enforcing',
                           name=op.f('ck_staffing_snapshots_shares_of_enforcing')),
        sa.CheckConstraint('reviewers_qualified <= reviewers',
                           name=op.f('ck_staffing_snapshots_qualified_of_reviewers')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                name=op.f('fk_staffing_snapshots_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staffing_snapshots')),
        sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_staffing_snapshots_unit_id')),
    )
    op.create_index(op.f('ix_staffing_snapshots_unit_id'), 'staffing_snapshots', ['unit_id'])
    op.create_index(op.f('ix_staffing_snapshots_year'), 'staffing_snapshots', ['year'])


def downgrade():
    op.drop_table('staffing_snapshots')
    with op.batch_alter_table('officers') as batch:
        batch.drop_column('legal_qualification')
        batch.drop_column('legal_reviewer')
