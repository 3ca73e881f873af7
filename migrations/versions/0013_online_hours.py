"""online hours: courses completed on external learning platforms

Revision ID: 0013_online_hours
Revises: 0012_integrity_checks

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_online_hours'
down_revision = '0012_integrity_checks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_online_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('course', sa.String(length=150), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('certificate_no', sa.String(length=100), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("course <> ''", name=op.f('ck_training_online_courses_course_not_empty')),
    sa.CheckConstraint("platform <> ''", name=op.f('ck_training_online_courses_platform_not_empty')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_training_online_courses_officer_id_officers')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_online_courses_session_id_training_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_online_courses')),
    sa.UniqueConstraint('officer_id', 'course', 'platform', name=op.f('uq_training_online_courses_once_per_course')),
    sa.UniqueConstraint('session_id', name=op.f('uq_training_online_courses_session_id'))
    )
    with op.batch_alter_table('training_online_courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_online_courses_officer_id'), ['officer_id'], unique=False)


def downgrade():
    with op.batch_alter_table('training_online_courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_online_courses_officer_id'))
    op.drop_table('training_online_courses')
