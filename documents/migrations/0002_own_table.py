"""The table takes the app's name: documents_documentdefault."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="documentdefault", table=None),
    ]
