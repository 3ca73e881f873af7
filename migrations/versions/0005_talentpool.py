"""talent pool: members, inspection tasks, draws with their rounds and members

Revision ID: 0005_talentpool

Create Date: 2026-11-23 13:40:25.294904

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_talentpool'
down_revision = '0004_training'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inspection_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('inspected_unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('avoid_city', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('cooloff_days', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('cooloff_days >= 0', name=op.f('ck_inspection_tasks_cooloff_not_negative')),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_inspection_tasks_dates_in_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_inspection_tasks_created_by_id_users')),
    sa.ForeignKeyConstraint(['inspected_unit_id'], ['units.id'], name=op.f('fk_inspection_tasks_inspected_unit_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_inspection_tasks_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_tasks'))
    )
    with op.batch_alter_table('inspection_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_tasks_inspected_unit_id'), ['inspected_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_tasks_unit_id'), ['unit_id'], unique=False)

    op.create_table('talent_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('nominated_at', sa.DateTime(), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.String(length=200), nullable=True),
    sa.Column('paused_from', sa.Date(), nullable=True),
    sa.Column('paused_until', sa.Date(), nullable=True),
    sa.Column('pause_reason', sa.String(length=100), nullable=True),
    sa.CheckConstraint("level IN ('backbone','expert')", name=op.f('ck_talent_members_level_known')),
    sa.CheckConstraint("state IN ('nominated','approved','rejected')", name=op.f('ck_talent_members_state_known')),
    sa.CheckConstraint('paused_until IS NULL OR paused_from IS NULL OR paused_until >= paused_from', name=op.f('ck_talent_members_pause_in_order')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_talent_members_decided_by_id_users')),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_talent_members_nominated_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_talent_members_officer_id_officers')),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_talent_members_specialty_id_specialties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_members')),
    sa.UniqueConstraint('officer_id', 'specialty_id', name='uq_talent_members_officer_specialty')
    )
    with op.batch_alter_table('talent_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_members_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_members_specialty_id'), ['specialty_id'], unique=False)

    op.create_table('draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('experts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_name', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('experts >= 0', name=op.f('ck_draws_experts_not_negative')),
    sa.CheckConstraint('size >= 2', name=op.f('ck_draws_at_least_two')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_draws_created_by_id_users')),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_draws_specialty_id_specialties')),
    sa.ForeignKeyConstraint(['task_id'], ['inspection_tasks.id'], name=op.f('fk_draws_task_id_inspection_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draws')),
    sa.UniqueConstraint('task_id', 'specialty_id', name='uq_draws_task_specialty')
    )
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draws_specialty_id'), ['specialty_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draws_task_id'), ['task_id'], unique=False)

    op.create_table('draw_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('round_number', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('drawn_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_reason', sa.String(length=200), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('leader','member','expert')", name=op.f('ck_draw_members_role_known')),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_draw_members_draw_id_draws')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_draw_members_officer_id_officers')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['draw_members.id'], name=op.f('fk_draw_members_replaced_by_id_draw_members')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_draw_members_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_members')),
    sa.UniqueConstraint('draw_id', 'officer_id', name='uq_draw_members_draw_officer'),
    sa.UniqueConstraint('draw_id', 'position', name='uq_draw_members_draw_position')
    )
    with op.batch_alter_table('draw_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draw_members_draw_id'), ['draw_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draw_members_drawn_on'), ['drawn_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_draw_members_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draw_members_unit_id'), ['unit_id'], unique=False)

    op.create_table('draw_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('experts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('eligible_count', sa.Integer(), nullable=False),
    sa.Column('excluded', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('created_by_name', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_draw_rounds_draw_id_draws')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_rounds')),
    sa.UniqueConstraint('draw_id', 'number', name='uq_draw_rounds_draw_number')
    )
    with op.batch_alter_table('draw_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draw_rounds_draw_id'), ['draw_id'], unique=False)



def downgrade():
    with op.batch_alter_table('draw_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draw_rounds_draw_id'))

    op.drop_table('draw_rounds')
    with op.batch_alter_table('draw_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draw_members_unit_id'))
        batch_op.drop_index(batch_op.f('ix_draw_members_officer_id'))
        batch_op.drop_index(batch_op.f('ix_draw_members_drawn_on'))
        batch_op.drop_index(batch_op.f('ix_draw_members_draw_id'))

    op.drop_table('draw_members')
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draws_task_id'))
        batch_op.drop_index(batch_op.f('ix_draws_specialty_id'))

    op.drop_table('draws')
    with op.batch_alter_table('talent_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_members_specialty_id'))
        batch_op.drop_index(batch_op.f('ix_talent_members_officer_id'))

    op.drop_table('talent_members')
    with op.batch_alter_table('inspection_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_tasks_unit_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_tasks_inspected_unit_id'))

    op.drop_table('inspection_tasks')
