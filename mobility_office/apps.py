from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityOfficeConfig(AppConfig):
    name = "mobility_office"
    verbose_name = _("Mobility Office")

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1's own label for a select's empty choice has no Kazakh or Russian
        # translation yet; ours is in the product's catalogue.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
