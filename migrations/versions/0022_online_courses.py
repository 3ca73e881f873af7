"""online courses: courses, chapters, enrolments, study progress, the study log, quizzes

Revision ID: 0022_online_courses
Revises: 0016_everyday
Create Date: 2026-12-06 05:03:08.812124

"""
from alembic import op
import sqlalchemy as sa


revision = '0022_online_courses'
down_revision = '0021_assessment'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('learning_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('specialty', sa.String(length=100), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('state', sa.String(length=10), server_default='draft', nullable=False),
    sa.Column('quiz_size', sa.Integer(), server_default='5', nullable=False),
    sa.Column('pass_percent', sa.Integer(), server_default='60', nullable=False),
    sa.Column('source_session_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("category IN ('public_law','business','political')", name=op.f('ck_learning_courses_category_known')),
    sa.CheckConstraint("state IN ('draft','published','closed')", name=op.f('ck_learning_courses_state_known')),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_learning_courses_window_ordered')),
    sa.CheckConstraint('hours * 2 = CAST(hours * 2 AS INTEGER)', name=op.f('ck_learning_courses_hours_half_hours')),
    sa.CheckConstraint('hours > 0', name=op.f('ck_learning_courses_hours_positive')),
    sa.CheckConstraint('quiz_size >= 0 AND pass_percent BETWEEN 1 AND 100', name=op.f('ck_learning_courses_quiz_sane')),
    sa.ForeignKeyConstraint(['source_session_id'], ['training_sessions.id'], name=op.f('fk_learning_courses_source_session_id_training_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_learning_courses_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_courses'))
    )
    with op.batch_alter_table('learning_courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_courses_unit_id'), ['unit_id'], unique=False)

    op.create_table('learning_chapters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=True),
    sa.Column('original_name', sa.String(length=200), nullable=True),
    sa.Column('min_seconds', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('video','pdf','text')", name=op.f('ck_learning_chapters_kind_known')),
    sa.CheckConstraint('min_seconds > 0', name=op.f('ck_learning_chapters_min_positive')),
    sa.ForeignKeyConstraint(['course_id'], ['learning_courses.id'], name=op.f('fk_learning_chapters_course_id_learning_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_chapters')),
    sa.UniqueConstraint('course_id', 'position', name='uq_learning_chapters_position')
    )
    with op.batch_alter_table('learning_chapters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_chapters_course_id'), ['course_id'], unique=False)

    op.create_table('learning_course_laws',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('law_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['learning_courses.id'], name=op.f('fk_learning_course_laws_course_id_learning_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['law_id'], ['laws.id'], name=op.f('fk_learning_course_laws_law_id_laws')),
    sa.PrimaryKeyConstraint('course_id', 'law_id', name=op.f('pk_learning_course_laws'))
    )
    op.create_table('learning_course_units',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['learning_courses.id'], name=op.f('fk_learning_course_units_course_id_learning_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_learning_course_units_unit_id_units')),
    sa.PrimaryKeyConstraint('course_id', 'unit_id', name=op.f('pk_learning_course_units'))
    )
    with op.batch_alter_table('learning_course_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_course_units_unit_id'), ['unit_id'], unique=False)

    op.create_table('learning_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('last_chapter_id', sa.Integer(), nullable=True),
    sa.Column('quiz_passed_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('credited_session_id', sa.Integer(), nullable=True),
    sa.Column('check_at_seconds', sa.Integer(), server_default='900', nullable=False),
    sa.Column('check_pending', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['learning_courses.id'], name=op.f('fk_learning_enrolments_course_id_learning_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['credited_session_id'], ['training_sessions.id'], name=op.f('fk_learning_enrolments_credited_session_id_training_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['last_chapter_id'], ['learning_chapters.id'], name=op.f('fk_learning_enrolments_last_chapter_id_learning_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_learning_enrolments_officer_id_officers')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_learning_enrolments_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_enrolments')),
    sa.UniqueConstraint('course_id', 'officer_id', name='uq_learning_enrolments_once'),
    sa.UniqueConstraint('credited_session_id', name=op.f('uq_learning_enrolments_credited_session_id'))
    )
    with op.batch_alter_table('learning_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_enrolments_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_enrolments_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_enrolments_unit_id'), ['unit_id'], unique=False)

    op.create_table('learning_beats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('credited', sa.Double(), nullable=False),
    sa.Column('verdict', sa.String(length=12), nullable=False),
    sa.Column('rate', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['learning_chapters.id'], name=op.f('fk_learning_beats_chapter_id_learning_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['learning_enrolments.id'], name=op.f('fk_learning_beats_enrolment_id_learning_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_beats'))
    )
    with op.batch_alter_table('learning_beats', schema=None) as batch_op:
        batch_op.create_index('ix_learning_beats_enrolment_at', ['enrolment_id', 'at'], unique=False)

    op.create_table('learning_live',
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('tab', sa.String(length=40), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.Column('last_position', sa.Double(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['learning_chapters.id'], name=op.f('fk_learning_live_chapter_id_learning_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['learning_enrolments.id'], name=op.f('fk_learning_live_enrolment_id_learning_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_learning_live_officer_id_officers')),
    sa.PrimaryKeyConstraint('officer_id', name=op.f('pk_learning_live'))
    )
    op.create_table('learning_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('counted_seconds', sa.Double(), server_default='0', nullable=False),
    sa.Column('position', sa.Double(), server_default='0', nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('counted_seconds >= 0', name=op.f('ck_learning_progress_counted_positive')),
    sa.ForeignKeyConstraint(['chapter_id'], ['learning_chapters.id'], name=op.f('fk_learning_progress_chapter_id_learning_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['learning_enrolments.id'], name=op.f('fk_learning_progress_enrolment_id_learning_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_progress')),
    sa.UniqueConstraint('enrolment_id', 'chapter_id', name='uq_learning_progress_once')
    )
    with op.batch_alter_table('learning_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_progress_enrolment_id'), ['enrolment_id'], unique=False)

    op.create_table('learning_quiz_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('version_ids', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enrolment_id'], ['learning_enrolments.id'], name=op.f('fk_learning_quiz_attempts_enrolment_id_learning_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_quiz_attempts'))
    )
    with op.batch_alter_table('learning_quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_learning_quiz_attempts_enrolment', ['enrolment_id'], unique=False)



def downgrade():
    with op.batch_alter_table('learning_quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_learning_quiz_attempts_enrolment')

    op.drop_table('learning_quiz_attempts')
    with op.batch_alter_table('learning_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_progress_enrolment_id'))

    op.drop_table('learning_progress')
    op.drop_table('learning_live')
    with op.batch_alter_table('learning_beats', schema=None) as batch_op:
        batch_op.drop_index('ix_learning_beats_enrolment_at')

    op.drop_table('learning_beats')
    with op.batch_alter_table('learning_enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_enrolments_unit_id'))
        batch_op.drop_index(batch_op.f('ix_learning_enrolments_officer_id'))
        batch_op.drop_index(batch_op.f('ix_learning_enrolments_course_id'))

    op.drop_table('learning_enrolments')
    with op.batch_alter_table('learning_course_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_course_units_unit_id'))

    op.drop_table('learning_course_units')
    op.drop_table('learning_course_laws')
    with op.batch_alter_table('learning_chapters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_chapters_course_id'))

    op.drop_table('learning_chapters')
    with op.batch_alter_table('learning_courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_courses_unit_id'))

    op.drop_table('learning_courses')
