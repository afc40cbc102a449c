"""The table takes the app's name: accounts_emailconfirmation."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="emailconfirmation", table=None),
    ]
