"""The date a tester gave consent; the kind of help given on a screen; who recorded a committee decision."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tester") as batch:
        batch.add_column(sa.Column("consent_on", sa.Date))
    with op.batch_alter_table("step_result") as batch:
        batch.add_column(sa.Column("help_kind", sa.String(16)))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("decided_by", sa.Integer, sa.ForeignKey("app_user.id", name="fk_decision_user")))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("decided_by")
    with op.batch_alter_table("step_result") as batch:
        batch.drop_column("help_kind")
    with op.batch_alter_table("tester") as batch:
        batch.drop_column("consent_on")
