from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app builds on: no models, no pages of its own, and no import from an app
    above it (tests/test_layout.py)."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models import fields

        from .search import register_fold

        # Search folds text in SQL with mo_fold(); SQLite gets the Python function on each
        # connection (PostgreSQL has it from migration mobility_office 0004_search_fold).
        connection_created.connect(register_fold, dispatch_uid="core.search.fold")

        # Django 6.1's own label for a select's empty choice has no Kazakh or Russian
        # translation yet; ours is in the product's catalogue.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")

        # django-countries has no setting for its sort order: without pyuca it sorts by a name's
        # ASCII letters, which leaves Cyrillic names unsorted. Its lists follow the reader's
        # alphabet instead (core/countries.py).
        import django_countries

        from .countries import country_sort_key

        django_countries.sort_key = country_sort_key
