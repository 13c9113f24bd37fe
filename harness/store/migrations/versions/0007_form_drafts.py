"""A form of a live session that the app refused (a screen, the SUS, the JDMA, the criteria): kept as the
facilitator typed it, shown "to correct", never counted as an answer."""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_draft",
        sa.Column("session_id", sa.Integer, sa.ForeignKey("session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("form", sa.String(220), primary_key=True),
        sa.Column("values", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("form_draft")
