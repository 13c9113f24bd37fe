"""Failed sign-ins counted in the store, so that the limit holds across the app's processes
(`parcours serve --workers N`): each attempt of the window by hashed key (login or address), and one row
per key that a counting transaction locks."""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("app_sign_in_key", sa.Column("key", sa.String(64), primary_key=True))
    op.create_table(
        "app_sign_in_attempt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("app_sign_in_attempt")
    op.drop_table("app_sign_in_key")
