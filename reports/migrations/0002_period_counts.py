"""The mobilities counted per academic period, direction, state and partner at home or abroad,
kept by triggers of the database itself, as the office list's state counts are
(applications/migrations/0013_state_counts.py): every write to applications_application,
whatever makes it, and every change of a partner's country into or out of Kazakhstan keeps them
right in its own transaction. The report's trend across academic years then reads a few hundred
rows instead of every mobility of five years (35 ms at 100,000 mobilities, growing with them).
The counts of the applications already there are filled in here."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "reports_periodcount"
# The home country when this was written (agreements.models.HOME_COUNTRY).
HOME = "'KZ'"
KEY_COLUMNS = "period_id, direction, state, domestic"

# PostgreSQL, per statement, from the transition tables (see 0013_state_counts for why). The
# partners' rows are read FOR SHARE first: a partner's country cannot change between this
# statement reading it and the commit, so a concurrent move into or out of Kazakhstan waits and
# then counts these applications too (a foreign key check alone takes a lock the change does
# not wait for).
PARTNER_COUNTRY = (
    "SELECT {rows}.period_id, {rows}.direction, {rows}.state,"
    f" COALESCE(partner.country = {HOME}, false) AS domestic, {{change}} AS change"
    " FROM {rows} JOIN agreements_institution AS partner ON partner.id = {rows}.partner_id"
)
LOCK_PARTNERS = """
        PERFORM 1 FROM agreements_institution
        WHERE id IN ({partners}) ORDER BY id FOR SHARE;"""
APPLY = f"""
        INSERT INTO {TABLE} AS kept ({KEY_COLUMNS}, total)
        SELECT {KEY_COLUMNS}, SUM(change) FROM ({{deltas}}) AS deltas
        GROUP BY {KEY_COLUMNS} HAVING SUM(change) <> 0
        ORDER BY {KEY_COLUMNS}
        ON CONFLICT (period_id, direction, state, domestic)
        DO UPDATE SET total = kept.total + EXCLUDED.total;"""
ADDED = PARTNER_COUNTRY.format(rows="new_rows", change="1")
REMOVED = PARTNER_COUNTRY.format(rows="old_rows", change="-1")
# A partner that moves into or out of Kazakhstan takes its applications' counts along.
MOVED = (
    "SELECT application.period_id, application.direction, application.state,"
    f" COALESCE({{side}}.country = {HOME}, false) AS domestic, {{change}} AS change"
    " FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id"
    " JOIN applications_application AS application ON application.partner_id = new_rows.id"
    f" WHERE COALESCE(new_rows.country = {HOME}, false)"
    f" <> COALESCE(old_rows.country = {HOME}, false)"
)

POSTGRESQL = f"""
CREATE FUNCTION reports_count_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{LOCK_PARTNERS.format(partners="SELECT partner_id FROM new_rows")}{
    APPLY.format(deltas=ADDED)
}
    ELSIF TG_OP = 'DELETE' THEN{LOCK_PARTNERS.format(partners="SELECT partner_id FROM old_rows")}{
    APPLY.format(deltas=REMOVED)
}
    ELSE{
    LOCK_PARTNERS.format(
        partners="SELECT partner_id FROM new_rows UNION SELECT partner_id FROM old_rows"
    )
}{APPLY.format(deltas=f"{ADDED} UNION ALL {REMOVED}")}
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION reports_move_partner_counts() RETURNS trigger LANGUAGE plpgsql AS $${
    APPLY.format(
        deltas=MOVED.format(side="new_rows", change="1")
        + " UNION ALL "
        + MOVED.format(side="old_rows", change="-1")
    ).replace("        INSERT", "BEGIN\n        INSERT", 1)
}
    RETURN NULL;
END
$$;
CREATE FUNCTION reports_forget_period_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE};
    RETURN NULL;
END
$$;
CREATE TRIGGER reports_count_periods_inserted
    AFTER INSERT ON applications_application REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_periods();
CREATE TRIGGER reports_count_periods_deleted
    AFTER DELETE ON applications_application REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_periods();
CREATE TRIGGER reports_count_periods_changed
    AFTER UPDATE ON applications_application
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_periods();
CREATE TRIGGER reports_count_periods_truncated
    AFTER TRUNCATE ON applications_application
    FOR EACH STATEMENT EXECUTE FUNCTION reports_forget_period_counts();
CREATE TRIGGER reports_move_partner_counts
    AFTER UPDATE ON agreements_institution
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_move_partner_counts();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS reports_count_periods_inserted ON applications_application;
DROP TRIGGER IF EXISTS reports_count_periods_deleted ON applications_application;
DROP TRIGGER IF EXISTS reports_count_periods_changed ON applications_application;
DROP TRIGGER IF EXISTS reports_count_periods_truncated ON applications_application;
DROP TRIGGER IF EXISTS reports_move_partner_counts ON agreements_institution;
DROP FUNCTION IF EXISTS reports_count_periods();
DROP FUNCTION IF EXISTS reports_move_partner_counts();
DROP FUNCTION IF EXISTS reports_forget_period_counts();
"""

# SQLite, per row (one writer at a time: nothing to lock). WHERE true: SQLite's upsert after a
# SELECT needs a WHERE to parse.
SQLITE_DOMESTIC = (
    f"COALESCE((SELECT country = {HOME} FROM agreements_institution WHERE id = {{row}}.partner_id),"
    " false)"
)
SQLITE_ADD = f"""
    INSERT INTO {TABLE} ({KEY_COLUMNS}, total)
    SELECT NEW.period_id, NEW.direction, NEW.state, {SQLITE_DOMESTIC.format(row="NEW")}, 1
    WHERE true
    ON CONFLICT (period_id, direction, state, domestic) DO UPDATE SET total = total + 1;"""
SQLITE_REMOVE = f"""
    UPDATE {TABLE} SET total = total - 1
    WHERE period_id = OLD.period_id AND direction = OLD.direction AND state = OLD.state
    AND domestic = {SQLITE_DOMESTIC.format(row="OLD")};"""
SQLITE_MOVE = f"""
    INSERT INTO {TABLE} ({KEY_COLUMNS}, total)
    SELECT period_id, direction, state, {{domestic}}, {{sign}}COUNT(*)
    FROM applications_application WHERE partner_id = NEW.id
    GROUP BY period_id, direction, state
    ON CONFLICT (period_id, direction, state, domestic)
    DO UPDATE SET total = total + excluded.total;"""
SQLITE_CHANGED = (
    "OLD.state IS NOT NEW.state OR OLD.direction IS NOT NEW.direction"
    " OR OLD.period_id IS NOT NEW.period_id OR OLD.partner_id IS NOT NEW.partner_id"
)

SQLITE = [
    f"""CREATE TRIGGER reports_count_periods_inserted
    AFTER INSERT ON applications_application
BEGIN{SQLITE_ADD}
END""",
    f"""CREATE TRIGGER reports_count_periods_deleted
    AFTER DELETE ON applications_application
BEGIN{SQLITE_REMOVE}
END""",
    f"""CREATE TRIGGER reports_count_periods_changed
    AFTER UPDATE OF state, direction, period_id, partner_id ON applications_application
    WHEN {SQLITE_CHANGED}
BEGIN{SQLITE_REMOVE}{SQLITE_ADD}
END""",
    f"""CREATE TRIGGER reports_move_partner_counts
    AFTER UPDATE OF country ON agreements_institution
    WHEN COALESCE(OLD.country = {HOME}, false) <> COALESCE(NEW.country = {HOME}, false)
BEGIN{SQLITE_MOVE.format(domestic=f"COALESCE(OLD.country = {HOME}, false)", sign="-")}{
        SQLITE_MOVE.format(domestic=f"COALESCE(NEW.country = {HOME}, false)", sign="")
    }
END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_count_periods_inserted",
    "DROP TRIGGER IF EXISTS reports_count_periods_deleted",
    "DROP TRIGGER IF EXISTS reports_count_periods_changed",
    "DROP TRIGGER IF EXISTS reports_move_partner_counts",
]

FILL = f"""
INSERT INTO {TABLE} ({KEY_COLUMNS}, total)
SELECT application.period_id, application.direction, application.state,
    COALESCE(partner.country = {HOME}, false), COUNT(*)
FROM applications_application AS application
JOIN agreements_institution AS partner ON partner.id = application.partner_id
GROUP BY application.period_id, application.direction, application.state,
    COALESCE(partner.country = {HOME}, false)
"""


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [POSTGRESQL]
        # Writes wait until the migration commits: none falls between the count and the triggers.
        schema_editor.execute(
            "LOCK TABLE applications_application, agreements_institution"
            " IN SHARE ROW EXCLUSIVE MODE"
        )
    elif vendor == "sqlite":
        statements = SQLITE
    else:
        raise NotImplementedError(f"No period-count triggers for {vendor}.")
    schema_editor.execute(FILL)
    for statement in statements:
        schema_editor.execute(statement)


def remove_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [POSTGRESQL_REVERSE] if vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_search_fold"),
        ("applications", "0014_report_indexes"),
        ("reports", "0001_report_pdfs"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeriodCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[("outgoing", "outgoing"), ("incoming", "incoming")], max_length=10
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("under_review", "under review"),
                            ("returned", "returned for changes"),
                            ("resubmitted", "resubmitted"),
                            ("approved", "approved"),
                            ("order_issued", "order issued"),
                            ("agreement_signed", "agreement signed"),
                            ("in_mobility", "in mobility"),
                            ("completed", "completed"),
                            ("rejected", "rejected"),
                            ("withdrawn", "withdrawn"),
                        ],
                        max_length=20,
                    ),
                ),
                ("domestic", models.BooleanField()),
                ("total", models.IntegerField(default=0)),
                (
                    "period",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="agreements.academicperiod",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("period", "direction", "state", "domestic"),
                        name="one_count_per_period",
                    )
                ],
            },
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
