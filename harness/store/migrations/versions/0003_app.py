"""The facilitator app: accounts, live sessions (draft, row version, owner), corrections' audit trail."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("facilitator_id", sa.Integer, sa.ForeignKey("facilitator.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("role IN ('coordinator', 'facilitator', 'committee')", name="known_role"),
    )
    with op.batch_alter_table("session") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="complete"))
        batch.add_column(sa.Column("row_version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id", name="fk_session_user")))
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("session.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(200), nullable=False),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("audit_entry")
    with op.batch_alter_table("session") as batch:
        batch.drop_column("user_id")
        batch.drop_column("row_version")
        batch.drop_column("status")
    op.drop_table("app_user")
