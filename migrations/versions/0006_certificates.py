"""enforcement certificates, their events and the clearance reports

Revision ID: 0006_certificates

"""
import sqlalchemy as sa
from alembic import op

revision = '0006_certificates'
down_revision = '0005_talentpool'
branch_labels = None
depends_on = None

CURRENT = "status IN ('applied','valid','suspended')"


def upgrade():
    op.create_table('certificate_clearance_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=100), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('sent_ref', sa.String(length=100), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completed_ref', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                            name=op.f('fk_certificate_clearance_reports_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_clearance_reports'))
    )
    with op.batch_alter_table('certificate_clearance_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_clearance_reports_unit_id'), ['unit_id'],
                              unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('authority', sa.String(length=100), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('categories', sa.String(length=200), nullable=True),
    sa.Column('area', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('approved', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('applied','rejected','valid','suspended','revoked',"
                       "'cancelled','expired')", name=op.f('ck_certificates_status_known')),
    sa.CheckConstraint('valid_until IS NULL OR issued_on IS NULL OR valid_until >= issued_on',
                       name=op.f('ck_certificates_valid_after_issue')),
    sa.CheckConstraint("status IN ('applied','rejected') OR number IS NOT NULL",
                       name=op.f('ck_certificates_issued_has_number')),
    sa.ForeignKeyConstraint(['report_id'], ['certificate_clearance_reports.id'],
                            name=op.f('fk_certificates_report_id_certificate_clearance_reports')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'],
                            name=op.f('fk_certificates_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('number', name=op.f('uq_certificates_number'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_valid_until'), ['valid_until'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_report_id'),
                              ['report_id'], unique=False)
        # One current certificate (申领中/有效/暂扣) per officer, enforced by the table.
        batch_op.create_index('ix_certificates_one_current', ['officer_id'], unique=True,
                              sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))

    op.create_table('certificate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('document_ref', sa.String(length=100), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=50), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                            name=op.f('fk_certificate_events_actor_id_users')),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'],
                            name=op.f('fk_certificate_events_certificate_id_certificates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_events'))
    )
    with op.batch_alter_table('certificate_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_events_certificate_id'),
                              ['certificate_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificate_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_events_certificate_id'))
    op.drop_table('certificate_events')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_one_current')
        batch_op.drop_index(batch_op.f('ix_certificates_report_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_status'))
        batch_op.drop_index(batch_op.f('ix_certificates_valid_until'))
        batch_op.drop_index(batch_op.f('ix_certificates_officer_id'))
    op.drop_table('certificates')
    with op.batch_alter_table('certificate_clearance_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_clearance_reports_unit_id'))
    op.drop_table('certificate_clearance_reports')
