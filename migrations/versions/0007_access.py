"""tokens with names and expiry, slugs unique per organisation (issue 11, access)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

- campaign.slug: unique per organisation instead of across every organisation;
  campaign.public_slug: the public address, set while a campaign is open or closed, unique.
- api_token.label becomes name; api_token.expires_at (existing tokens expire 90 days from now).
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# The first migration left the slug's UNIQUE unnamed: SQLite keeps no name, PostgreSQL calls it
# campaign_slug_key. A naming convention lets batch mode find it on SQLite.
_SQLITE_UQ = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_slug_unique() -> str:
    return "uq_campaign_slug" if op.get_bind().dialect.name == "sqlite" else "campaign_slug_key"


def upgrade() -> None:
    with op.batch_alter_table('campaign', schema=None, naming_convention=_SQLITE_UQ) as batch_op:
        batch_op.drop_constraint(_old_slug_unique(), type_='unique')
        batch_op.add_column(sa.Column('public_slug', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_campaign_organisation_slug', ['organisation_id', 'slug'])
        batch_op.create_unique_constraint('uq_campaign_public_slug', ['public_slug'])
    op.execute("UPDATE campaign SET public_slug = slug WHERE status <> 'draft'")

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('label', new_column_name='name', existing_type=sa.String(length=100),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE api_token SET expires_at = now() + interval '90 days'")
    else:
        op.execute("UPDATE api_token SET expires_at = datetime('now', '+90 days')")
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
        batch_op.alter_column('name', new_column_name='label', existing_type=sa.String(length=100),
                              existing_nullable=False)
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint('uq_campaign_public_slug', type_='unique')
        batch_op.drop_constraint('uq_campaign_organisation_slug', type_='unique')
        batch_op.drop_column('public_slug')
        batch_op.create_unique_constraint(_old_slug_unique(), ['slug'])
