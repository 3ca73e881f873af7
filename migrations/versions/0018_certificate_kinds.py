"""certificate kinds: 行政执法证, 行政执法监督证 and sector certificates; one current per kind

Every existing certificate becomes a 行政执法证 (the only kind there was).

Revision ID: 0018_certificate_kinds
Revises: 0016_everyday

"""
from alembic import op
import sqlalchemy as sa


revision = '0018_certificate_kinds'
down_revision = '0017_post_periods'
branch_labels = None
depends_on = None

KINDS = "('enforcement','supervision','special_equipment','metrology')"
CURRENT = "status IN ('applied','valid','suspended')"


def upgrade():
    with op.batch_alter_table('certificates') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), nullable=False,
                                   server_default='enforcement'))
        batch.create_check_constraint(op.f('ck_certificates_kind_known'), f"kind IN {KINDS}")
        batch.drop_index('ix_certificates_one_current')
        batch.create_index('ix_certificates_one_current', ['officer_id', 'kind'], unique=True,
                           sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))


def downgrade():
    # Only the 行政执法证 survive: the old table allowed one current certificate per officer.
    op.execute("DELETE FROM certificate_events WHERE certificate_id IN "
               "(SELECT id FROM certificates WHERE kind <> 'enforcement')")
    op.execute("DELETE FROM certificates WHERE kind <> 'enforcement'")
    with op.batch_alter_table('certificates') as batch:
        batch.drop_index('ix_certificates_one_current')
        batch.create_index('ix_certificates_one_current', ['officer_id'], unique=True,
                           sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))
        batch.drop_constraint(op.f('ck_certificates_kind_known'), type_='check')
        batch.drop_column('kind')
