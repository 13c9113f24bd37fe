"""The JDMA questions asked at the end of a session: clarity, contact with the administration, quality of its help.

The satisfaction column now holds the JDMA's first question as the Observatoire scores it (10, 5, 0)."""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("session") as batch:
        batch.add_column(sa.Column("clarity", sa.Integer))
        batch.add_column(sa.Column("contact", sa.String(16)))
        batch.add_column(sa.Column("help_quality", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("session") as batch:
        batch.drop_column("help_quality")
        batch.drop_column("contact")
        batch.drop_column("clarity")
