"""The e-mail queue, the e-mail confirmations and the document languages move to their own apps
(mail, accounts, documents). Only Django's record of the models changes here; their tables are
renamed by those apps' own migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mobility_office", "0005_document_languages"),
        ("mail", "0001_initial"),
        ("accounts", "0001_initial"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OutgoingEmail"),
                migrations.DeleteModel(name="EmailConfirmation"),
                migrations.DeleteModel(name="DocumentDefault"),
            ],
            database_operations=[],
        ),
    ]
