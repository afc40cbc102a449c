"""How fast are the list pages with a big register, next to the same lists in the Django admin?

    .venv/bin/python bench/list_pages.py

Fills a database of its own (bench/bench.sqlite3, or DATABASE_URL if set) with 1,000 partner
institutions and 5,000 agreements, then prints the median time and the number of SQL queries of
each list page. It prints figures only and asserts nothing about them.
"""

import os
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

os.environ["DJANGO_SETTINGS_MODULE"] = "mobility_office.settings"
# Development settings (no secret key or static manifest needed); DEBUG itself is switched off
# below, so that requests are timed without Django's query log.
os.environ["DEBUG"] = "true"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}")
# WhiteNoise warns that collectstatic has not run; the pages' figures do not depend on it.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreements.models import Agreement, Institution  # noqa: E402
from core import roles  # noqa: E402

settings.DEBUG = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

INSTITUTIONS = 1_000
AGREEMENTS_EACH = 5  # 5,000 agreements
WARM_UPS = 2
RUNS = 15
# Rows per INSERT when filling.
CHUNK = 1_000
NAME_PREFIX = "Bench University "

PLACES = [
    ("KZ", "Almaty"),
    ("KZ", "Karaganda"),
    ("KZ", "Pavlodar"),
    ("LV", "Riga"),
    ("TR", "Antalya"),
    ("RU", "Moscow"),
    ("PL", "Krakow"),
    ("BG", "Sofia"),
    ("BY", "Minsk"),
    ("UZ", "Tashkent"),
    ("CY", "Nicosia"),
]


def fill() -> None:
    """Adds the bench's partners and agreements, all at once, unless they are there already."""
    if Institution.objects.filter(name__startswith=NAME_PREFIX).exists():
        return
    agreements = INSTITUTIONS * AGREEMENTS_EACH
    print(f"Filling the bench database: {INSTITUTIONS:,} institutions, {agreements:,} agreements")
    today = timezone.localdate()
    with transaction.atomic():
        institutions = Institution.objects.bulk_create(
            (
                Institution(
                    name=f"{NAME_PREFIX}{n:04d}",
                    country=PLACES[n % len(PLACES)][0],
                    city=PLACES[n % len(PLACES)][1],
                    website=f"https://bench{n}.example.edu",
                )
                for n in range(INSTITUTIONS)
            ),
            batch_size=CHUNK,
        )
        # Every kind and state: some expired, some expiring, some open-ended, some not yet valid.
        starts = [-2000, -700, -300, 30, -100]
        lengths = [1000, 760, None, 365, 1500]
        Agreement.objects.bulk_create(
            (
                Agreement(
                    partner=institution,
                    kind=Agreement.Kind.values[k % len(Agreement.Kind.values)],
                    number=f"B-{i:04d}-{k}",
                    valid_from=today + timedelta(days=starts[k]),
                    valid_until=None
                    if lengths[k] is None
                    else today + timedelta(days=starts[k] + lengths[k]),
                )
                for i, institution in enumerate(institutions)
                for k in range(AGREEMENTS_EACH)
            ),
            batch_size=CHUNK,
        )


def logged_in(username: str, *, superuser: bool = False) -> Client:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"is_staff": superuser, "is_superuser": superuser}
    )
    if not superuser:
        user.groups.add(Group.objects.get(name=roles.STAFF))
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client, url: str) -> tuple[float, int]:
    """The median time in milliseconds and the number of queries of one request."""
    for _ in range(WARM_UPS):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}, not 200: nothing to measure.")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    fill()
    staff = logged_in("bench-staff")
    superuser = logged_in("bench-admin", superuser=True)
    pages = [
        ("Partner institutions", "/agreements/institutions/", "staff", staff),
        ("Agreements", "/agreements/", "staff", staff),
        ("Public partners page", "/partners/", "anonymous", Client()),
        ("Admin: institutions", "/admin/agreements/institution/", "superuser", superuser),
        ("Admin: agreements", "/admin/agreements/agreement/", "superuser", superuser),
    ]
    print(
        f"{Institution.objects.partners().count():,} institutions, "
        f"{Agreement.objects.count():,} agreements on {connection.vendor}; "
        f"median of {RUNS} requests after {WARM_UPS} warm-ups\n"
    )
    print(f"{'page':<22} {'url':<32} {'as':<10} {'median ms':>9} {'queries':>7}")
    for title, url, who, client in pages:
        median, queries = measure(client, url)
        print(f"{title:<22} {url:<32} {who:<10} {median:>9.1f} {queries:>7}")


if __name__ == "__main__":
    main()
