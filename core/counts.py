"""Counts the database keeps with its own triggers, counted again from what they count.

The triggers keep them right through every write, whatever makes it; only a load made with the
triggers switched off, or a table changed by hand, leaves them wrong. Recounting replaces every
row and says how many were wrong.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models


def lock_against_writes(*tables: type[models.Model]) -> None:
    """Holds off every write to the tables until the transaction ends (their triggers would
    change the counts while they are counted); reads go on. SQLite's transactions already take
    the whole database's write lock (transaction_mode IMMEDIATE)."""
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(table._meta.db_table) for table in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def replace_counts(model: type[models.Model], counted: Iterable[Mapping[str, Any]]) -> int:
    """Replaces every row of `model`, a table of kept counts, by the `counted` rows (its fields
    by name, without the id); returns how many rows were wrong: missing, extra or holding
    another count. A kept row of zeros, which the triggers leave behind, is not wrong."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    count_names = [
        field.attname
        for field in fields
        if isinstance(field, models.IntegerField) and not field.is_relation
    ]
    key_names = [field.attname for field in fields if field.attname not in count_names]

    def split(row: Mapping[str, Any]) -> tuple[tuple, tuple]:
        return tuple(row[name] for name in key_names), tuple(row[name] for name in count_names)

    kept = dict(split(row) for row in model._default_manager.values(*key_names, *count_names))
    kept = {key: counts for key, counts in kept.items() if any(counts)}
    rows = list(counted)
    fresh = dict(split(row) for row in rows)
    wrong = sum(1 for key in kept.keys() | fresh.keys() if kept.get(key) != fresh.get(key))
    model._default_manager.all().delete()
    model._default_manager.bulk_create(model(**row) for row in rows)
    return wrong
