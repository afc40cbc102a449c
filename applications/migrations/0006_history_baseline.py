"""A first history entry for every individual curriculum and curriculum line (and any round or
partner in a round) that existed before their history was kept: later changes are compared with
it, and the page says the history began there."""

from django.db import migrations
from django.utils import timezone

MODELS = ["CurriculumVersion", "CurriculumLine", "ApplicationRound", "RoundPlace"]
HISTORY_START = "history-start"


def record_baseline(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("applications", name)
        historical = apps.get_model("applications", f"Historical{name}")
        kept = {field.attname for field in model._meta.concrete_fields}
        fields = [f.attname for f in historical._meta.concrete_fields if f.attname in kept]
        recorded = set(historical.objects.values_list("id", flat=True))
        historical.objects.bulk_create(
            (
                historical(
                    **{attname: getattr(row, attname) for attname in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=HISTORY_START,
                    history_user_id=None,
                )
                for row in model.objects.order_by("pk").iterator()
                if row.pk not in recorded
            ),
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_history_of_curricula"),
    ]

    operations = [migrations.RunPython(record_baseline, migrations.RunPython.noop)]
