"""assessment: the political-theory floor per year, the yearly assessment (年度考核) of
enforcement officers: schemes, indicators, grades, manual scores and confirmed grades

Revision ID: 0021_assessment
Revises: 0016_everyday

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_assessment'
down_revision = '0020_staffing'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('training_policies') as batch:
        batch.add_column(sa.Column('political_hours', sa.Numeric(5, 1), nullable=False,
                                   server_default='0'))
    op.create_table(
        'assessment_schemes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_schemes')),
        sa.UniqueConstraint('year', name=op.f('uq_assessment_schemes_year')))
    op.create_table(
        'assessment_grades',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scheme_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=20), nullable=False),
        sa.Column('min_score', sa.Numeric(5, 1), nullable=False),
        sa.CheckConstraint('min_score >= 0 AND min_score <= 100',
                           name=op.f('ck_assessment_grades_min_score_range')),
        sa.ForeignKeyConstraint(['scheme_id'], ['assessment_schemes.id'], ondelete='CASCADE',
                                name=op.f('fk_assessment_grades_scheme_id_assessment_schemes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_grades')),
        sa.UniqueConstraint('scheme_id', 'name', name='uq_assessment_grades_name'))
    op.create_index(op.f('ix_assessment_grades_scheme_id'), 'assessment_grades', ['scheme_id'])
    op.create_table(
        'assessment_indicators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scheme_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('weight', sa.Numeric(5, 1), nullable=False),
        sa.Column('cap_grade', sa.String(length=20), nullable=True),
        sa.CheckConstraint('weight >= 0 AND weight <= 100',
                           name=op.f('ck_assessment_indicators_weight_range')),
        sa.ForeignKeyConstraint(['scheme_id'], ['assessment_schemes.id'], ondelete='CASCADE',
                                name=op.f('fk_assessment_indicators_scheme_id_assessment_schemes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_indicators')),
        sa.UniqueConstraint('scheme_id', 'code', name='uq_assessment_indicators_code'))
    op.create_index(op.f('ix_assessment_indicators_scheme_id'), 'assessment_indicators',
                    ['scheme_id'])
    op.create_table(
        'assessment_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('officer_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('score', sa.Numeric(5, 1), nullable=False),
        sa.Column('scored_by_id', sa.Integer(), nullable=True),
        sa.Column('scored_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('score >= 0 AND score <= 100',
                           name=op.f('ck_assessment_scores_score_range')),
        sa.ForeignKeyConstraint(['officer_id'], ['officers.id'],
                                name=op.f('fk_assessment_scores_officer_id_officers')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                name=op.f('fk_assessment_scores_unit_id_units')),
        sa.ForeignKeyConstraint(['scored_by_id'], ['users.id'],
                                name=op.f('fk_assessment_scores_scored_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_scores')),
        sa.UniqueConstraint('year', 'officer_id', 'code', name='uq_assessment_scores_once'))
    op.create_index(op.f('ix_assessment_scores_officer_id'), 'assessment_scores', ['officer_id'])
    op.create_index(op.f('ix_assessment_scores_unit_id'), 'assessment_scores', ['unit_id'])
    op.create_table(
        'assessment_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('officer_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('proposed_grade', sa.String(length=20), nullable=True),
        sa.Column('grade', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False, server_default=''),
        sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['officer_id'], ['officers.id'],
                                name=op.f('fk_assessment_decisions_officer_id_officers')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                name=op.f('fk_assessment_decisions_unit_id_units')),
        sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'],
                                name=op.f('fk_assessment_decisions_confirmed_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_decisions')),
        sa.UniqueConstraint('year', 'officer_id', name='uq_assessment_decisions_once'))
    op.create_index(op.f('ix_assessment_decisions_year'), 'assessment_decisions', ['year'])
    op.create_index(op.f('ix_assessment_decisions_officer_id'), 'assessment_decisions',
                    ['officer_id'])
    op.create_index(op.f('ix_assessment_decisions_unit_id'), 'assessment_decisions', ['unit_id'])


def downgrade():
    for table in ('assessment_decisions', 'assessment_scores', 'assessment_indicators',
                  'assessment_grades', 'assessment_schemes'):
        op.drop_table(table)
    with op.batch_alter_table('training_policies') as batch:
        batch.drop_column('political_hours')
