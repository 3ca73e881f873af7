"""post periods: an officer's enforcement-post history as periods (start, first day off), made
from the roster's post_since / left-post data; and the legal section's sign-off of the
system's own rules page

Revision ID: 0017_post_periods
Revises: 0016_everyday

"""
import sqlalchemy as sa
from alembic import op

revision = '0017_post_periods'
down_revision = '0016_everyday'
branch_labels = None
depends_on = None

OPEN = "end_on IS NULL"


def upgrade():
    op.create_table('post_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'],
                            name=op.f('fk_post_periods_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_periods'))
    )
    with op.batch_alter_table('post_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_periods_officer_id'), ['officer_id'],
                              unique=False)
        batch_op.create_index('uq_post_periods_open', ['officer_id'], unique=True,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_table('rules_signoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'],
                            name=op.f('fk_rules_signoffs_signed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rules_signoffs'))
    )
    with op.batch_alter_table('rules_signoffs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rules_signoffs_version'), ['version'], unique=False)
    convert_posts()


def convert_posts():
    """One period per officer from what the roster kept (app/people/models.initial_period,
    frozen here): enforcing -> open from post_since; otherwise ending on the first day off the
    post: for someone still 在岗 the latest day the post was set to 否 (when it lies after
    post_since), else the status change date; without any such date, no period (nothing says
    the officer was ever on a post). Earlier stretches were overwritten and cannot come back."""
    conn = op.get_bind()
    officers = sa.table('officers', sa.column('id'), sa.column('on_post'), sa.column('status'),
                        sa.column('post_since', sa.Date), sa.column('status_changed_on', sa.Date))
    events = sa.table('officer_events', sa.column('officer_id'), sa.column('kind'),
                      sa.column('after'), sa.column('effective_on', sa.Date))
    periods = sa.table('post_periods', sa.column('officer_id'), sa.column('start_on', sa.Date),
                       sa.column('end_on', sa.Date))
    left = dict(conn.execute(
        sa.select(events.c.officer_id, sa.func.max(events.c.effective_on))
        .where(events.c.kind == 'post', events.c.after == '否')
        .group_by(events.c.officer_id)).all())
    rows = []
    for oid, on_post, status, since, changed in conn.execute(sa.select(
            officers.c.id, officers.c.on_post, officers.c.status, officers.c.post_since,
            officers.c.status_changed_on).order_by(officers.c.id)):
        end = _end(on_post, status, since, changed, left.get(oid))
        if end is not False:
            rows.append({"officer_id": oid, "start_on": since, "end_on": end})
        if len(rows) >= 5000:
            conn.execute(periods.insert(), rows)
            rows = []
    if rows:
        conn.execute(periods.insert(), rows)


def _end(on_post, status, since, changed, post_set_no):
    """The period's end (None: open), or False for no period."""
    if on_post and status == 'active':
        return None
    if status == 'active' and post_set_no is not None and (since is None or post_set_no > since):
        return post_set_no
    return False if changed is None else changed


def downgrade():
    with op.batch_alter_table('rules_signoffs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rules_signoffs_version'))
    op.drop_table('rules_signoffs')
    with op.batch_alter_table('post_periods', schema=None) as batch_op:
        batch_op.drop_index('uq_post_periods_open')
        batch_op.drop_index(batch_op.f('ix_post_periods_officer_id'))
    op.drop_table('post_periods')
