import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobility_office.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, every view module behind the URLs) lives as long as
# the process: frozen, the garbage collector stops walking those 200,000 objects again on each
# full collection a large page sets off (a third of a report's time at 100,000 mobilities).
get_resolver().url_patterns  # noqa: B018  (imports the views)
gc.freeze()
