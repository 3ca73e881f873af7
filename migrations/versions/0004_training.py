"""training: sessions, attendance, evidence, external submissions, yearly floors, plan

Revision ID: 0004_training

"""
import sqlalchemy as sa
from alembic import op

revision = '0004_training'
down_revision = '0003_questions'
branch_labels = None
depends_on = None

HOURS = sa.Numeric(precision=5, scale=1)
CATEGORY_KNOWN = "category IN ('public_law','business','political')"


def upgrade():
    op.create_table('training_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('public_law_hours', HOURS, nullable=False),
    sa.Column('business_hours', HOURS, nullable=False),
    sa.Column('total_hours', HOURS, nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('public_law_hours >= 0 AND business_hours >= 0', name=op.f('ck_training_policies_floors_positive')),
    sa.CheckConstraint('total_hours >= public_law_hours + business_hours', name=op.f('ck_training_policies_total_covers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_policies')),
    sa.UniqueConstraint('year', name=op.f('uq_training_policies_year'))
    )
    op.create_table('training_plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('planned_hours', HOURS, nullable=False),
    sa.Column('audience', sa.String(length=200), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_training_plan_items_month_valid')),
    sa.CheckConstraint('planned_hours > 0', name=op.f('ck_training_plan_items_hours_positive')),
    sa.CheckConstraint(CATEGORY_KNOWN, name=op.f('ck_training_plan_items_category_known')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_training_plan_items_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_plan_items'))
    )
    with op.batch_alter_table('training_plan_items', schema=None) as batch_op:
        batch_op.create_index('ix_training_plan_items_unit_year', ['unit_id', 'year'], unique=False)

    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('study_format', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('hours', HOURS, nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_training_sessions_dates_ordered')),
    sa.CheckConstraint('hours > 0', name=op.f('ck_training_sessions_hours_positive')),
    sa.CheckConstraint(CATEGORY_KNOWN, name=op.f('ck_training_sessions_category_known')),
    sa.CheckConstraint("mode IN ('offline','online')", name=op.f('ck_training_sessions_mode_known')),
    sa.ForeignKeyConstraint(['plan_item_id'], ['training_plan_items.id'], name=op.f('fk_training_sessions_plan_item_id_training_plan_items')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_training_sessions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions')),
    sa.UniqueConstraint('title', 'start_date', 'unit_id', name=op.f('uq_training_sessions_session_key'))
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sessions_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index('ix_training_sessions_unit_year', ['unit_id', 'year'], unique=False)

    op.create_table('training_attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('hours', HOURS, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.CheckConstraint('hours > 0', name=op.f('ck_training_attendances_hours_positive')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_training_attendances_officer_id_officers')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_attendances_session_id_training_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendances')),
    sa.UniqueConstraint('session_id', 'officer_id', name=op.f('uq_training_attendances_once_per_session'))
    )
    with op.batch_alter_table('training_attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendances_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index('ix_training_attendances_year_officer', ['year', 'officer_id', 'category', 'hours'], unique=False)

    op.create_table('training_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('hours', HOURS, nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_training_submissions_dates_ordered')),
    sa.CheckConstraint('hours > 0', name=op.f('ck_training_submissions_hours_positive')),
    sa.CheckConstraint("state IN ('pending','approved','rejected')", name=op.f('ck_training_submissions_state_known')),
    sa.CheckConstraint(CATEGORY_KNOWN, name=op.f('ck_training_submissions_category_known')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_training_submissions_decided_by_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_training_submissions_officer_id_officers')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_submissions_session_id_training_sessions')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_training_submissions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_submissions'))
    )
    with op.batch_alter_table('training_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_submissions_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_submissions_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_submissions_unit_id'), ['unit_id'], unique=False)

    op.create_table('training_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('file_type', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('(session_id IS NULL) <> (submission_id IS NULL)', name=op.f('ck_training_evidence_one_owner')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_evidence_session_id_training_sessions')),
    sa.ForeignKeyConstraint(['submission_id'], ['training_submissions.id'], name=op.f('fk_training_evidence_submission_id_training_submissions')),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_training_evidence_uploaded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_training_evidence_stored_name'))
    )
    with op.batch_alter_table('training_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_evidence_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_evidence_submission_id'), ['submission_id'], unique=False)


def downgrade():
    op.drop_table('training_evidence')
    op.drop_table('training_submissions')
    op.drop_table('training_attendances')
    op.drop_table('training_sessions')
    op.drop_table('training_plan_items')
    op.drop_table('training_policies')
