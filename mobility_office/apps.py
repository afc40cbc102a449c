from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityOfficeConfig(AppConfig):
    name = "mobility_office"
    verbose_name = _("Mobility Office")
