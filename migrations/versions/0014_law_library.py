"""law library: laws, versions, articles, citation references and reviews

Revision ID: 0014_law_library
Revises: 0013_online_hours

"""
from alembic import op
import sqlalchemy as sa


revision = '0014_law_library'
down_revision = '0013_online_hours'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('laws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_laws')),
    sa.UniqueConstraint('name', name=op.f('uq_laws_name'))
    )
    op.create_table('law_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('law_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.String(length=4), nullable=False),
    sa.Column('label', sa.String(length=50), nullable=False),
    sa.Column('promulgated', sa.Date(), nullable=False),
    sa.Column('effective', sa.Date(), nullable=False),
    sa.Column('repealed', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('partial', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('source', sa.String(length=300), server_default='', nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on > effective', name=op.f('ck_law_versions_ends_after_effective')),
    sa.CheckConstraint('repealed IS NULL OR repealed > effective', name=op.f('ck_law_versions_repealed_after_effective')),
    sa.ForeignKeyConstraint(['law_id'], ['laws.id'], name=op.f('fk_law_versions_law_id_laws'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_law_versions')),
    sa.UniqueConstraint('law_id', 'year', name=op.f('uq_law_versions_law_id'))
    )
    op.create_index(op.f('ix_law_versions_law_id'), 'law_versions', ['law_id'], unique=False)
    op.create_table('law_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_law_articles_number_positive')),
    sa.ForeignKeyConstraint(['version_id'], ['law_versions.id'], name=op.f('fk_law_articles_version_id_law_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_law_articles')),
    sa.UniqueConstraint('version_id', 'number', name=op.f('uq_law_articles_version_id'))
    )
    op.create_index(op.f('ix_law_articles_version_id'), 'law_articles', ['version_id'], unique=False)
    op.create_table('law_citation_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('old_article_id', sa.Integer(), nullable=False),
    sa.Column('new_version_id', sa.Integer(), nullable=False),
    sa.Column('proposed_article_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("decision IS NULL OR decision IN ('follow', 'edit', 'retire')", name=op.f('ck_law_citation_reviews_decision_known')),
    sa.CheckConstraint("kind IN ('renumbered', 'changed', 'deleted')", name=op.f('ck_law_citation_reviews_kind_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_law_citation_reviews_decided_by_id_users')),
    sa.ForeignKeyConstraint(['new_version_id'], ['law_versions.id'], name=op.f('fk_law_citation_reviews_new_version_id_law_versions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['old_article_id'], ['law_articles.id'], name=op.f('fk_law_citation_reviews_old_article_id_law_articles')),
    sa.ForeignKeyConstraint(['proposed_article_id'], ['law_articles.id'], name=op.f('fk_law_citation_reviews_proposed_article_id_law_articles')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_law_citation_reviews_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_law_citation_reviews'))
    )
    op.create_index(op.f('ix_law_citation_reviews_question_id'), 'law_citation_reviews', ['question_id'], unique=False)
    op.create_index(op.f('ix_law_citation_reviews_decision'), 'law_citation_reviews', ['decision'], unique=False)
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('law_version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('law_article_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('basis_clause', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_question_versions_law_version_id'), ['law_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_versions_law_article_id'), ['law_article_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_question_versions_law_version_id_law_versions'), 'law_versions', ['law_version_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_question_versions_law_article_id_law_articles'), 'law_articles', ['law_article_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_question_versions_law_article_id_law_articles'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_question_versions_law_version_id_law_versions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_question_versions_law_article_id'))
        batch_op.drop_index(batch_op.f('ix_question_versions_law_version_id'))
        batch_op.drop_column('basis_clause')
        batch_op.drop_column('law_article_id')
        batch_op.drop_column('law_version_id')
    op.drop_index(op.f('ix_law_citation_reviews_decision'), table_name='law_citation_reviews')
    op.drop_index(op.f('ix_law_citation_reviews_question_id'), table_name='law_citation_reviews')
    op.drop_table('law_citation_reviews')
    op.drop_index(op.f('ix_law_articles_version_id'), table_name='law_articles')
    op.drop_table('law_articles')
    op.drop_index(op.f('ix_law_versions_law_id'), table_name='law_versions')
    op.drop_table('law_versions')
    op.drop_table('laws')
