"""Panel: campaigns, procedures, testers, facilitators, sessions, step results, SUS, scores, observations."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(200)),
        sa.Column("owner", sa.String(200)),
    )
    op.create_table(
        "procedure_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedure.id"), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.UniqueConstraint("procedure_id", "version"),
    )
    op.create_table(
        "tester",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("segment", sa.String(16), nullable=False),
        sa.Column("age_band", sa.String(8), nullable=False),
        sa.Column("territory", sa.String(8), nullable=False),
        sa.Column("digital_comfort", sa.Integer, nullable=False),
        sa.Column("assistive_tech", sa.String(32), nullable=False),
        sa.Column("device", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("digital_comfort BETWEEN 1 AND 10", name="comfort_range"),
    )
    op.create_table(
        "enrolment",
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id"), primary_key=True),
        sa.Column("tester_id", sa.Integer, sa.ForeignKey("tester.id"), primary_key=True),
    )
    op.create_table(
        "facilitator",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
    )
    op.create_table(
        "session",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("tester_id", sa.Integer, sa.ForeignKey("tester.id"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("procedure_version.id"), nullable=False),
        sa.Column("facilitator_id", sa.Integer, sa.ForeignKey("facilitator.id"), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("device", sa.String(16), nullable=False),
        sa.Column("satisfaction", sa.Integer),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("campaign_id", "ref"),
    )
    op.create_table(
        "step_result",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("session.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("step", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("seconds", sa.Float),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("help_requests", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer),
        sa.UniqueConstraint("session_id", "step"),
    )
    op.create_table(
        "sus_answer",
        sa.Column("session_id", sa.Integer, sa.ForeignKey("session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("item", sa.Integer, primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    op.create_table(
        "criterion_score",
        sa.Column("session_id", sa.Integer, sa.ForeignKey("session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("criterion", sa.String(64), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
    )
    op.create_table(
        "observation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("session.id", ondelete="CASCADE"), nullable=False),
        sa.Column("step", sa.String(200)),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tags", sa.String(400), nullable=False),
    )


def downgrade() -> None:
    for table in ("observation", "criterion_score", "sus_answer", "step_result", "session", "facilitator",
                  "enrolment", "tester", "procedure_version", "procedure", "campaign"):
        op.drop_table(table)
