"""The mobilities counted per academic period and partner, one column per direction, state and
participant kind, kept by triggers of the database itself as the period counts are
(0002_period_counts): every write to applications_application, whatever makes it, keeps them right
in its own transaction. The report's figures by partner then read one row per period and partner
(14,482 at 100,000 mobilities) instead of every mobility of the period: five academic years at
100,000 read all 100,000 in 70 to 90 ms. The counts of the mobilities already there are filled in
here. A partner's country or name is read with the counts, so nothing moves when they change."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "reports_partnercount"
# The states and kinds when this was written (reports.models.COUNTED_STATES, PARTNER_COUNT_CELLS):
# the columns are fixed by this migration; a new state or kind needs a migration of its own.
STATES = ["agreement_signed", "approved", "completed", "in_mobility", "order_issued"]
CELLS = [
    (direction, state, kind)
    for direction in ("outgoing", "incoming")
    for state in STATES
    for kind in ("student", "teacher", "researcher")
]
COLUMNS = [f"{direction}_{state}_{kind}" for direction, state, kind in CELLS]
COUNTED = "state IN ({})".format(", ".join(f"'{state}'" for state in STATES))


def _is(row: str, cell: tuple[str, str, str]) -> str:
    direction, state, kind = cell
    prefix = f"{row}." if row else ""
    return (
        f"{prefix}direction = '{direction}' AND {prefix}state = '{state}'"
        f" AND {prefix}participant_kind = '{kind}'"
    )


# PostgreSQL, per statement, from the transition tables: the changes summed per key (an update
# that changes nothing counted cancels out and writes nothing), then one upsert per period and
# partner, in key order so that two writers wait for each other rather than deadlock.
DELTAS = (
    "SELECT period_id, partner_id, direction, state, participant_kind, {change} AS change"
    f" FROM {{rows}} WHERE {COUNTED}"
)
APPLY = f"""
        INSERT INTO {TABLE} AS kept (period_id, partner_id, {", ".join(COLUMNS)})
        SELECT period_id, partner_id, {
    ", ".join(f"SUM(CASE WHEN {_is('', cell)} THEN total ELSE 0 END)" for cell in CELLS)
}
        FROM (
            SELECT period_id, partner_id, direction, state, participant_kind, SUM(change) AS total
            FROM ({{deltas}}) AS deltas
            GROUP BY period_id, partner_id, direction, state, participant_kind
            HAVING SUM(change) <> 0
        ) AS changed
        GROUP BY period_id, partner_id
        ORDER BY period_id, partner_id
        ON CONFLICT (period_id, partner_id) DO UPDATE SET {
    ", ".join(f"{column} = kept.{column} + EXCLUDED.{column}" for column in COLUMNS)
};"""
ADDED = DELTAS.format(rows="new_rows", change="1")
REMOVED = DELTAS.format(rows="old_rows", change="-1")

POSTGRESQL = f"""
CREATE FUNCTION reports_count_partners() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{APPLY.format(deltas=ADDED)}
    ELSIF TG_OP = 'DELETE' THEN{APPLY.format(deltas=REMOVED)}
    ELSE{APPLY.format(deltas=f"{ADDED} UNION ALL {REMOVED}")}
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION reports_forget_partner_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE};
    RETURN NULL;
END
$$;
CREATE TRIGGER reports_count_partners_inserted
    AFTER INSERT ON applications_application REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_partners();
CREATE TRIGGER reports_count_partners_deleted
    AFTER DELETE ON applications_application REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_partners();
CREATE TRIGGER reports_count_partners_changed
    AFTER UPDATE ON applications_application
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_partners();
CREATE TRIGGER reports_count_partners_truncated
    AFTER TRUNCATE ON applications_application
    FOR EACH STATEMENT EXECUTE FUNCTION reports_forget_partner_counts();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS reports_count_partners_inserted ON applications_application;
DROP TRIGGER IF EXISTS reports_count_partners_deleted ON applications_application;
DROP TRIGGER IF EXISTS reports_count_partners_changed ON applications_application;
DROP TRIGGER IF EXISTS reports_count_partners_truncated ON applications_application;
DROP FUNCTION IF EXISTS reports_count_partners();
DROP FUNCTION IF EXISTS reports_forget_partner_counts();
"""

# SQLite, per row (one writer at a time): a condition is 1 or 0 there, so each column adds
# whether the row is of its cell.
SQLITE_ADD = f"""
    INSERT INTO {TABLE} (period_id, partner_id, {", ".join(COLUMNS)})
    SELECT NEW.period_id, NEW.partner_id, {", ".join(f"({_is('NEW', cell)})" for cell in CELLS)}
    WHERE NEW.{COUNTED}
    ON CONFLICT (period_id, partner_id) DO UPDATE SET {
    ", ".join(f"{column} = {column} + excluded.{column}" for column in COLUMNS)
};"""
SQLITE_REMOVE = f"""
    UPDATE {TABLE} SET {
    ", ".join(f"{column} = {column} - ({_is('OLD', cell)})" for column, cell in zip(COLUMNS, CELLS))
}
    WHERE period_id = OLD.period_id AND partner_id = OLD.partner_id AND OLD.{COUNTED};"""
SQLITE_CHANGED = (
    "OLD.state IS NOT NEW.state OR OLD.direction IS NOT NEW.direction"
    " OR OLD.participant_kind IS NOT NEW.participant_kind"
    " OR OLD.period_id IS NOT NEW.period_id OR OLD.partner_id IS NOT NEW.partner_id"
)

SQLITE = [
    f"""CREATE TRIGGER reports_count_partners_inserted
    AFTER INSERT ON applications_application
BEGIN{SQLITE_ADD}
END""",
    f"""CREATE TRIGGER reports_count_partners_deleted
    AFTER DELETE ON applications_application
BEGIN{SQLITE_REMOVE}
END""",
    f"""CREATE TRIGGER reports_count_partners_changed
    AFTER UPDATE OF state, direction, participant_kind, period_id, partner_id
    ON applications_application
    WHEN {SQLITE_CHANGED}
BEGIN{SQLITE_REMOVE}{SQLITE_ADD}
END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_count_partners_inserted",
    "DROP TRIGGER IF EXISTS reports_count_partners_deleted",
    "DROP TRIGGER IF EXISTS reports_count_partners_changed",
]

FILL = f"""
INSERT INTO {TABLE} (period_id, partner_id, {", ".join(COLUMNS)})
SELECT period_id, partner_id, {
    ", ".join(f"SUM(CASE WHEN {_is('', cell)} THEN 1 ELSE 0 END)" for cell in CELLS)
}
FROM applications_application
WHERE {COUNTED}
GROUP BY period_id, partner_id
"""


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [POSTGRESQL]
        # Writes wait until the migration commits: none falls between the count and the triggers.
        schema_editor.execute("LOCK TABLE applications_application IN SHARE ROW EXCLUSIVE MODE")
    elif vendor == "sqlite":
        statements = SQLITE
    else:
        raise NotImplementedError(f"No partner-count triggers for {vendor}.")
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
        ('agreements', '0008_search_fold'),
        ('applications', '0014_report_indexes'),
        ('reports', '0002_period_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='PartnerCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outgoing_agreement_signed_student', models.IntegerField(default=0)),
                ('outgoing_agreement_signed_teacher', models.IntegerField(default=0)),
                ('outgoing_agreement_signed_researcher', models.IntegerField(default=0)),
                ('outgoing_approved_student', models.IntegerField(default=0)),
                ('outgoing_approved_teacher', models.IntegerField(default=0)),
                ('outgoing_approved_researcher', models.IntegerField(default=0)),
                ('outgoing_completed_student', models.IntegerField(default=0)),
                ('outgoing_completed_teacher', models.IntegerField(default=0)),
                ('outgoing_completed_researcher', models.IntegerField(default=0)),
                ('outgoing_in_mobility_student', models.IntegerField(default=0)),
                ('outgoing_in_mobility_teacher', models.IntegerField(default=0)),
                ('outgoing_in_mobility_researcher', models.IntegerField(default=0)),
                ('outgoing_order_issued_student', models.IntegerField(default=0)),
                ('outgoing_order_issued_teacher', models.IntegerField(default=0)),
                ('outgoing_order_issued_researcher', models.IntegerField(default=0)),
                ('incoming_agreement_signed_student', models.IntegerField(default=0)),
                ('incoming_agreement_signed_teacher', models.IntegerField(default=0)),
                ('incoming_agreement_signed_researcher', models.IntegerField(default=0)),
                ('incoming_approved_student', models.IntegerField(default=0)),
                ('incoming_approved_teacher', models.IntegerField(default=0)),
                ('incoming_approved_researcher', models.IntegerField(default=0)),
                ('incoming_completed_student', models.IntegerField(default=0)),
                ('incoming_completed_teacher', models.IntegerField(default=0)),
                ('incoming_completed_researcher', models.IntegerField(default=0)),
                ('incoming_in_mobility_student', models.IntegerField(default=0)),
                ('incoming_in_mobility_teacher', models.IntegerField(default=0)),
                ('incoming_in_mobility_researcher', models.IntegerField(default=0)),
                ('incoming_order_issued_student', models.IntegerField(default=0)),
                ('incoming_order_issued_teacher', models.IntegerField(default=0)),
                ('incoming_order_issued_researcher', models.IntegerField(default=0)),
                ('partner', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.institution')),
                ('period', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.academicperiod')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('period', 'partner'), name='one_count_per_period_and_partner')],
            },
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
