"""The table takes the app's name: mail_outgoingemail."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="outgoingemail", table=None),
        migrations.RenameIndex(
            model_name="outgoingemail",
            new_name="outgoing_email_pending_idx",
            old_name="mobility_of_state_112ac4_idx",
        ),
    ]
