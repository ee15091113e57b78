"""reserved for survey comment edits and hide reasons (issue 14)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02
"""


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
