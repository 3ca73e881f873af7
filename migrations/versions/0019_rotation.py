"""rotation: 全员轮训 programmes, their units, sessions, participants, jurors and scores

Revision ID: 0019_rotation
Revises: 0016_everyday

"""
from alembic import op
import sqlalchemy as sa


revision = '0019_rotation'
down_revision = '0018_certificate_kinds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rotation_programmes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('required_hours', sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('exam_id', sa.Integer(), nullable=True),
        sa.Column('pass_mark', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('max_score', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("method IN ('written','interview','demonstration','contest')",
                           name=op.f('ck_rotation_programmes_method_known')),
        sa.CheckConstraint('pass_mark >= 0 AND max_score > 0 AND pass_mark <= max_score',
                           name=op.f('ck_rotation_programmes_marks_in_range')),
        sa.CheckConstraint('required_hours IS NULL OR required_hours > 0',
                           name=op.f('ck_rotation_programmes_hours_positive')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_rotation_programmes_created_by_id_users')),
        sa.ForeignKeyConstraint(['exam_id'], ['exams.id'],
                                name=op.f('fk_rotation_programmes_exam_id_exams')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                name=op.f('fk_rotation_programmes_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation_programmes')),
        sa.UniqueConstraint('unit_id', 'year', 'name', name='uq_rotation_programmes_name'),
    )
    for column in ('year', 'unit_id', 'exam_id'):
        op.create_index(op.f(f'ix_rotation_programmes_{column}'), 'rotation_programmes', [column])
    _child('rotation_programme_units', [sa.Column('unit_id', sa.Integer(), nullable=False)],
           [sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                    name=op.f('fk_rotation_programme_units_unit_id_units'))],
           unique=('programme_id', 'unit_id'))
    _child('rotation_sessions',
           [sa.Column('session_id', sa.Integer(), nullable=False),
            sa.Column('required', sa.Boolean(), nullable=False)],
           [sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'],
                                    name=op.f('fk_rotation_sessions_session_id_training_sessions'))],
           unique=('programme_id', 'session_id'), indexes=('session_id',))
    _child('rotation_participants',
           [sa.Column('officer_id', sa.Integer(), nullable=False),
            sa.Column('unit_id', sa.Integer(), nullable=False),
            sa.Column('enrolled_at', sa.DateTime(), nullable=False)],
           [sa.ForeignKeyConstraint(['officer_id'], ['officers.id'],
                                    name=op.f('fk_rotation_participants_officer_id_officers')),
            sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                    name=op.f('fk_rotation_participants_unit_id_units'))],
           unique=('programme_id', 'officer_id'), indexes=('officer_id', 'unit_id'))
    _child('rotation_jurors',
           [sa.Column('name', sa.String(length=50), nullable=False),
            sa.Column('user_id', sa.Integer(), nullable=True)],
           [sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                    name=op.f('fk_rotation_jurors_user_id_users'))],
           unique=('programme_id', 'name'), indexes=('user_id',))
    op.create_table(
        'rotation_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('juror_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('score >= 0', name=op.f('ck_rotation_scores_score_not_negative')),
        sa.ForeignKeyConstraint(['juror_id'], ['rotation_jurors.id'], ondelete='CASCADE',
                                name=op.f('fk_rotation_scores_juror_id_rotation_jurors')),
        sa.ForeignKeyConstraint(['participant_id'], ['rotation_participants.id'],
                                ondelete='CASCADE',
                                name=op.f('fk_rotation_scores_participant_id_rotation_participants')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'],
                                name=op.f('fk_rotation_scores_entered_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation_scores')),
        sa.UniqueConstraint('juror_id', 'participant_id',
                            name=op.f('uq_rotation_scores_juror_id')),
    )
    op.create_index(op.f('ix_rotation_scores_juror_id'), 'rotation_scores', ['juror_id'])
    op.create_index(op.f('ix_rotation_scores_participant_id'), 'rotation_scores',
                    ['participant_id'])


def _child(table, columns, foreign_keys, unique, indexes=()):
    """A table that belongs to a programme (deleted with it)."""
    op.create_table(
        table,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(['programme_id'], ['rotation_programmes.id'], ondelete='CASCADE',
                                name=op.f(f'fk_{table}_programme_id_rotation_programmes')),
        *foreign_keys,
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint(*unique, name=op.f(f'uq_{table}_{unique[0]}')),
    )
    for column in ('programme_id', *indexes):
        op.create_index(op.f(f'ix_{table}_{column}'), table, [column])


def downgrade():
    for table in ('rotation_scores', 'rotation_jurors', 'rotation_participants',
                  'rotation_sessions', 'rotation_programme_units', 'rotation_programmes'):
        op.drop_table(table)
