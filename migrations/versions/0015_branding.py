"""organisation branding

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa



revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'organisation_brand',
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('accent', sa.String(length=7), nullable=False),
        sa.Column('logo_base64', sa.Text(), nullable=False),
        sa.Column('logo_sha', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name='fk_organisation_brand_organisation_id'),
        sa.PrimaryKeyConstraint('organisation_id', name='pk_organisation_brand'),
    )


def downgrade() -> None:
    op.drop_table('organisation_brand')
