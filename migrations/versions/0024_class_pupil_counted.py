"""a class session fixes which pupils its compass counts when it ends

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02

The compass counted the pupils' responses sent by the end (`submitted_at <= ended_at`). On
PostgreSQL a pupil whose answers were stamped before the End but committed after it then joined the
class afterwards, and the compass read as withdrawn for good. `counted` is set, in the End's own
transaction, on exactly the pupils whose answers it saw; sessions ended before keep their rule.
"""
import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_pupil") as batch:
        batch.add_column(sa.Column("counted", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE class_pupil SET counted = true WHERE EXISTS (SELECT 1 FROM response r JOIN class_session s"
        " ON s.id = class_pupil.class_session_id WHERE r.id = class_pupil.response_id"
        " AND s.ended_at IS NOT NULL AND r.submitted_at <= s.ended_at)")


def downgrade() -> None:
    with op.batch_alter_table("class_pupil") as batch:
        batch.drop_column("counted")
