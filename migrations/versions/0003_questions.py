"""question bank: questions, their versions, knowledge-point tags

Revision ID: 0003_questions
Revises: 0002_specialties
"""
from alembic import op
import sqlalchemy as sa

revision = '0003_questions'
down_revision = '0002_specialties'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_question_tags_name'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('current_number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='active', nullable=False),
    sa.Column('use_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('active', 'retired')", name=op.f('ck_questions_status_known')),
    sa.CheckConstraint('use_count >= 0', name=op.f('ck_questions_use_count_not_negative')),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_questions_specialty_id_specialties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('specialty_id', 'key_hash', name=op.f('uq_questions_specialty_id'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_specialty_id'), ['specialty_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_status'), ['status'], unique=False)

    op.create_table('question_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('stem', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=True),
    sa.Column('basis_law', sa.String(length=200), nullable=True),
    sa.Column('basis_version', sa.String(length=4), nullable=True),
    sa.Column('basis_article', sa.String(length=100), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('scoring_points', sa.JSON(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("type IN ('single', 'multiple', 'truefalse', 'fill', 'short')", name=op.f('ck_question_versions_type_known')),
    sa.CheckConstraint('difficulty IS NULL OR (difficulty BETWEEN 1 AND 5)', name=op.f('ck_question_versions_difficulty_range')),
    sa.CheckConstraint("stem <> ''", name=op.f('ck_question_versions_stem_not_empty')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_question_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_versions_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_versions')),
    sa.UniqueConstraint('question_id', 'number', name=op.f('uq_question_versions_question_id'))
    )
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_versions_basis_law'), ['basis_law'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_versions_difficulty'), ['difficulty'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_versions_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_versions_type'), ['type'], unique=False)

    op.create_table('question_version_tags',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tag_id'], ['question_tags.id'], name=op.f('fk_question_version_tags_tag_id_question_tags')),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_question_version_tags_version_id_question_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'tag_id', name=op.f('pk_question_version_tags'))
    )
    with op.batch_alter_table('question_version_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_version_tags_tag_id'), ['tag_id'], unique=False)


def downgrade():
    with op.batch_alter_table('question_version_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_version_tags_tag_id'))
    op.drop_table('question_version_tags')
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_versions_type'))
        batch_op.drop_index(batch_op.f('ix_question_versions_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_versions_difficulty'))
        batch_op.drop_index(batch_op.f('ix_question_versions_basis_law'))
    op.drop_table('question_versions')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_status'))
        batch_op.drop_index(batch_op.f('ix_questions_specialty_id'))
    op.drop_table('questions')
    op.drop_table('question_tags')
