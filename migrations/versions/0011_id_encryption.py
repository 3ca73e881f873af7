"""身份证号 encrypted at rest: ciphertext in officers.id_number, a keyed hash for look-ups and
uniqueness, the masked form for lists; existing rows are converted with the app's keys

Revision ID: 0011_id_encryption
Revises: 0010_results

"""
from alembic import op
import sqlalchemy as sa

from app.core import idcard, idcrypt

revision = '0011_id_encryption'
down_revision = '0010_results'
branch_labels = None
depends_on = None

CHUNK = 1000
officers = sa.table('officers', sa.column('id', sa.Integer), sa.column('id_number', sa.String),
                    sa.column('id_number_hash', sa.String),
                    sa.column('id_number_masked', sa.String))


def upgrade():
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('id_number_masked', sa.String(length=18), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_officers_id_number'), type_='unique')
        batch_op.drop_constraint(batch_op.f('ck_officers_id_number_length'), type_='check')
        batch_op.alter_column('id_number', existing_type=sa.String(length=18),
                              type_=sa.String(length=255), existing_nullable=False)
    _convert(_encrypted)
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.alter_column('id_number_hash', existing_type=sa.String(length=64),
                              nullable=False)
        batch_op.alter_column('id_number_masked', existing_type=sa.String(length=18),
                              nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_officers_id_number_hash'),
                                          ['id_number_hash'])
        batch_op.create_check_constraint(batch_op.f('ck_officers_id_number_masked_length'),
                                         'length(id_number_masked) = 18')


def downgrade():
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_officers_id_number_masked_length'),
                                 type_='check')
        batch_op.drop_constraint(batch_op.f('uq_officers_id_number_hash'), type_='unique')
    _convert(_plain)
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.drop_column('id_number_masked')
        batch_op.drop_column('id_number_hash')
        batch_op.alter_column('id_number', existing_type=sa.String(length=255),
                              type_=sa.String(length=18), existing_nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_officers_id_number'), ['id_number'])
        batch_op.create_check_constraint(batch_op.f('ck_officers_id_number_length'),
                                         'length(id_number) = 18')


def _encrypted(crypto, stored: str) -> dict:
    return {'id_number': crypto.encrypt(stored), 'id_number_hash': crypto.digest(stored),
            'id_number_masked': idcard.mask(stored)}


def _plain(crypto, stored: str) -> dict:
    return {'id_number': crypto.decrypt(stored)}


def _convert(change) -> None:
    """Rewrite every officer's number, a chunk at a time, by primary key order (the keys are
    needed only when there are officers: an empty database migrates without them)."""
    conn, last = op.get_bind(), 0
    while True:
        rows = conn.execute(sa.select(officers.c.id, officers.c.id_number)
                            .where(officers.c.id > last).order_by(officers.c.id)
                            .limit(CHUNK)).all()
        if not rows:
            return
        crypto = idcrypt.current()
        for officer_id, stored in rows:
            conn.execute(officers.update().where(officers.c.id == officer_id)
                         .values(**change(crypto, stored)))
        last = rows[-1][0]
