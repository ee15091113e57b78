"""survey versions and scales per campaign: each response records the survey it answered

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_slug', sa.String(length=64), nullable=True))
    # Every response so far answered its campaign's one survey.
    op.execute("UPDATE response SET survey_slug = "
               "(SELECT campaign.survey_slug FROM campaign WHERE campaign.id = response.campaign_id)")
    with op.batch_alter_table('response_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_slug', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('response_draft', schema=None) as batch_op:
        batch_op.drop_column('survey_slug')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('survey_slug')
