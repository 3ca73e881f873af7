"""results: grading claims, logged answer-key fixes, the wrong-answer book

Revision ID: 0010_results
Revises: 0009_scheduled_runs

"""
from alembic import op
import sqlalchemy as sa


revision = '0010_results'
down_revision = '0009_scheduled_runs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('result_key_fixes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('old_version_id', sa.Integer(), nullable=False),
    sa.Column('new_version_id', sa.Integer(), nullable=False),
    sa.Column('old_key', sa.Text(), nullable=False),
    sa.Column('new_key', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('attempts_regraded', sa.Integer(), server_default='0', nullable=False),
    sa.Column('results_changed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_result_key_fixes_by_id_users')),
    sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_result_key_fixes_exam_id_exams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['new_version_id'], ['question_versions.id'], name=op.f('fk_result_key_fixes_new_version_id_question_versions')),
    sa.ForeignKeyConstraint(['old_version_id'], ['question_versions.id'], name=op.f('fk_result_key_fixes_old_version_id_question_versions')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_result_key_fixes_question_id_questions')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_result_key_fixes_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_key_fixes'))
    )
    with op.batch_alter_table('result_key_fixes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_key_fixes_exam_id'), ['exam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_key_fixes_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_key_fixes_unit_id'), ['unit_id'], unique=False)

    op.create_table('result_wrong_book',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=True),
    sa.Column('last_response', sa.Text(), server_default='', nullable=False),
    sa.Column('wrong_count', sa.Integer(), server_default='1', nullable=False),
    sa.Column('last_wrong_at', sa.DateTime(), nullable=False),
    sa.Column('visible_from', sa.DateTime(), nullable=False),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("source IN ('practice','exam')", name=op.f('ck_result_wrong_book_source_known')),
    sa.CheckConstraint('wrong_count > 0', name=op.f('ck_result_wrong_book_wrong_count_positive')),
    sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_result_wrong_book_exam_id_exams'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_result_wrong_book_officer_id_officers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_result_wrong_book_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_result_wrong_book_version_id_question_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_wrong_book')),
    sa.UniqueConstraint('officer_id', 'question_id', name=op.f('uq_result_wrong_book_officer_id'))
    )
    with op.batch_alter_table('result_wrong_book', schema=None) as batch_op:
        batch_op.create_index('ix_result_wrong_book_officer_open', ['officer_id', 'cleared_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_wrong_book_question_id'), ['question_id'], unique=False)

    op.create_table('result_grade_claims',
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['exam_answers.id'], name=op.f('fk_result_grade_claims_answer_id_exam_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_result_grade_claims_exam_id_exams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grader_id'], ['users.id'], name=op.f('fk_result_grade_claims_grader_id_users')),
    sa.PrimaryKeyConstraint('answer_id', name=op.f('pk_result_grade_claims'))
    )
    with op.batch_alter_table('result_grade_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_grade_claims_exam_id'), ['exam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_grade_claims_grader_id'), ['grader_id'], unique=False)



def downgrade():
    with op.batch_alter_table('result_grade_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_grade_claims_grader_id'))
        batch_op.drop_index(batch_op.f('ix_result_grade_claims_exam_id'))

    op.drop_table('result_grade_claims')
    with op.batch_alter_table('result_wrong_book', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_wrong_book_question_id'))
        batch_op.drop_index('ix_result_wrong_book_officer_open')

    op.drop_table('result_wrong_book')
    with op.batch_alter_table('result_key_fixes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_key_fixes_unit_id'))
        batch_op.drop_index(batch_op.f('ix_result_key_fixes_question_id'))
        batch_op.drop_index(batch_op.f('ix_result_key_fixes_exam_id'))

    op.drop_table('result_key_fixes')
