"""Sign-ins kept on the server, so that signing out, a new password or a removed account end them at once;
accounts can be switched off (removed) while the records they signed keep their author."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True)))
    op.create_table(
        "app_sign_in",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_sign_in")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("removed_at")
