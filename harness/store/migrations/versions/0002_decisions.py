"""Committee decisions on recommendations."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("recommendation", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("owner", sa.String(200)),
        sa.Column("due", sa.Date),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.UniqueConstraint("campaign_id", "recommendation"),
    )


def downgrade() -> None:
    op.drop_table("decision")
