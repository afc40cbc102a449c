"""The mobilities counted per academic period and educational program (or none recorded), by
direction, kept by triggers of the database itself as the partner counts are (0003_partner_counts):
every write to applications_application, whatever makes it, keeps them right in its own
transaction. The report's table by program then reads one row per period and program instead of
every mobility of the period (five academic years at 100,000 mobilities: 30 to 75 ms). The counts
of the mobilities already there are filled in here."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

TABLE = "reports_programcount"
# The states counted when this was written (reports.models.COUNTED_STATES): a new state that
# holds a place needs a migration of its own.
STATES = ["agreement_signed", "approved", "completed", "in_mobility", "order_issued"]
DIRECTIONS = ["outgoing", "incoming"]
COUNTED = "state IN ({})".format(", ".join(f"'{state}'" for state in STATES))
# The key of the unique index (one_count_per_period_and_program): no program is program 0.
KEY = "period_id, COALESCE(program_id, 0)"

# PostgreSQL, per statement, from the transition tables: the changes summed per key (an update
# that changes nothing counted cancels out and writes nothing), then one upsert per period and
# program, in key order so that two writers wait for each other rather than deadlock.
DELTAS = f"SELECT period_id, program_id, direction, {{change}} AS change FROM {{rows}} WHERE {COUNTED}"
APPLY = f"""
        INSERT INTO {TABLE} AS kept (period_id, program_id, {", ".join(DIRECTIONS)})
        SELECT period_id, program_id, {
    ", ".join(f"SUM(CASE WHEN direction = '{d}' THEN total ELSE 0 END)" for d in DIRECTIONS)
}
        FROM (
            SELECT period_id, program_id, direction, SUM(change) AS total
            FROM ({{deltas}}) AS deltas
            GROUP BY period_id, program_id, direction
            HAVING SUM(change) <> 0
        ) AS changed
        GROUP BY period_id, program_id
        ORDER BY period_id, COALESCE(program_id, 0)
        ON CONFLICT ({KEY}) DO UPDATE SET {
    ", ".join(f"{d} = kept.{d} + EXCLUDED.{d}" for d in DIRECTIONS)
};"""
ADDED = DELTAS.format(rows="new_rows", change="1")
REMOVED = DELTAS.format(rows="old_rows", change="-1")

POSTGRESQL = f"""
CREATE FUNCTION reports_count_programs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{APPLY.format(deltas=ADDED)}
    ELSIF TG_OP = 'DELETE' THEN{APPLY.format(deltas=REMOVED)}
    ELSE{APPLY.format(deltas=f"{ADDED} UNION ALL {REMOVED}")}
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION reports_forget_program_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE};
    RETURN NULL;
END
$$;
CREATE TRIGGER reports_count_programs_inserted
    AFTER INSERT ON applications_application REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_programs();
CREATE TRIGGER reports_count_programs_deleted
    AFTER DELETE ON applications_application REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_programs();
CREATE TRIGGER reports_count_programs_changed
    AFTER UPDATE ON applications_application
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_count_programs();
CREATE TRIGGER reports_count_programs_truncated
    AFTER TRUNCATE ON applications_application
    FOR EACH STATEMENT EXECUTE FUNCTION reports_forget_program_counts();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS reports_count_programs_inserted ON applications_application;
DROP TRIGGER IF EXISTS reports_count_programs_deleted ON applications_application;
DROP TRIGGER IF EXISTS reports_count_programs_changed ON applications_application;
DROP TRIGGER IF EXISTS reports_count_programs_truncated ON applications_application;
DROP FUNCTION IF EXISTS reports_count_programs();
DROP FUNCTION IF EXISTS reports_forget_program_counts();
"""

# SQLite, per row (one writer at a time): a condition is 1 or 0 there, so each column adds
# whether the row is of its direction.
SQLITE_ADD = f"""
    INSERT INTO {TABLE} (period_id, program_id, {", ".join(DIRECTIONS)})
    SELECT NEW.period_id, NEW.program_id, {", ".join(f"(NEW.direction = '{d}')" for d in DIRECTIONS)}
    WHERE NEW.{COUNTED}
    ON CONFLICT ({KEY}) DO UPDATE SET {", ".join(f"{d} = {d} + excluded.{d}" for d in DIRECTIONS)};"""
SQLITE_REMOVE = f"""
    UPDATE {TABLE} SET {", ".join(f"{d} = {d} - (OLD.direction = '{d}')" for d in DIRECTIONS)}
    WHERE period_id = OLD.period_id AND COALESCE(program_id, 0) = COALESCE(OLD.program_id, 0)
        AND OLD.{COUNTED};"""
SQLITE_CHANGED = (
    "OLD.state IS NOT NEW.state OR OLD.direction IS NOT NEW.direction"
    " OR OLD.period_id IS NOT NEW.period_id OR OLD.program_id IS NOT NEW.program_id"
)

SQLITE = [
    f"""CREATE TRIGGER reports_count_programs_inserted
    AFTER INSERT ON applications_application
BEGIN{SQLITE_ADD}
END""",
    f"""CREATE TRIGGER reports_count_programs_deleted
    AFTER DELETE ON applications_application
BEGIN{SQLITE_REMOVE}
END""",
    f"""CREATE TRIGGER reports_count_programs_changed
    AFTER UPDATE OF state, direction, period_id, program_id
    ON applications_application
    WHEN {SQLITE_CHANGED}
BEGIN{SQLITE_REMOVE}{SQLITE_ADD}
END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_count_programs_inserted",
    "DROP TRIGGER IF EXISTS reports_count_programs_deleted",
    "DROP TRIGGER IF EXISTS reports_count_programs_changed",
]

FILL = f"""
INSERT INTO {TABLE} (period_id, program_id, {", ".join(DIRECTIONS)})
SELECT period_id, program_id, {
    ", ".join(f"SUM(CASE WHEN direction = '{d}' THEN 1 ELSE 0 END)" for d in DIRECTIONS)
}
FROM applications_application
WHERE {COUNTED}
GROUP BY period_id, program_id
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
        raise NotImplementedError(f"No program-count triggers for {vendor}.")
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
        ('reports', '0003_partner_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProgramCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outgoing', models.IntegerField(default=0)),
                ('incoming', models.IntegerField(default=0)),
                ('period', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.academicperiod')),
                ('program', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.educationalprogram')),
            ],
            options={
                'constraints': [models.UniqueConstraint(models.F('period'), django.db.models.functions.comparison.Coalesce(models.F('program'), models.Value(0)), name='one_count_per_period_and_program')],
            },
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
