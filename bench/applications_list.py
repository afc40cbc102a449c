"""How fast is the applications list with 10,000 applications, next to the Django admin's list?

    .venv/bin/python bench/applications_list.py

Uses the same database as list_pages.py (bench/bench.sqlite3, or DATABASE_URL), adds 10,000
applications (BENCH_APPLICATIONS=100000 for more) spread over the bench partners, periods,
directions and states once, and prints the median time and the number of SQL queries of each
page. It prints figures only.
"""

import os
import random
from datetime import timedelta

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from list_pages import RUNS, WARM_UPS, fill, logged_in, measure

from agreements.models import AcademicPeriod, Agreement, EducationalProgram
from applications.models import Application, ApplicationState, ParticipantKind

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "10000"))
CHUNK = 5_000
LAST_NAMES = ["Kabanova", "Karibaeva", "Zhakupova", "Omarova", "Takambayeva", "Жақыпова"]


def fill_applications(count: int = APPLICATIONS, *, chunk: int = CHUNK) -> None:
    """Adds bench applications until there are `count` of them, `chunk` rows per INSERT."""
    found = Application.objects.filter(reference__startswith="BENCH").count()
    if found >= count:
        return
    print(f"Filling the bench database: {count - found:,} applications", flush=True)
    rng = random.Random(found or 7)
    period, _created = AcademicPeriod.objects.get_or_create(
        academic_year="2022-2023",
        term=AcademicPeriod.Term.SPRING,
        defaults=dict(
            zip(
                ("starts_on", "ends_on"),
                AcademicPeriod.default_dates("2022-2023", "spring"),
                strict=True,
            )
        ),
    )
    program, _created = EducationalProgram.objects.get_or_create(
        code="6B11102", defaults={"name": "Tourism"}
    )
    agreements = list(Agreement.objects.select_related("partner")[:2000])
    states = ApplicationState.values
    now = timezone.now()
    # Spread over the past years, ten minutes apart, so that the lists' order by creation sorts
    # distinct values as in a real register: auto_now_add would give every row the same instant.
    created_at = Application._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        for first in range(found, count, chunk):
            with transaction.atomic():
                Application.objects.bulk_create(
                    Application(
                        reference=f"BENCH{n:05d}",
                        first_name="Student",
                        last_name=rng.choice(LAST_NAMES),
                        participant_kind=rng.choice(ParticipantKind.values),
                        direction=rng.choice(["outgoing", "incoming"]),
                        partner=(agreement := rng.choice(agreements)).partner,
                        agreement=agreement,
                        period=period,
                        program=program,
                        state=rng.choice(states),
                        created_at=now - timedelta(minutes=10 * n),
                    )
                    for n in range(first, min(first + chunk, count))
                )
    finally:
        created_at.auto_now_add = True
    if connection.vendor == "postgresql":
        # Fresh statistics and visibility map, as autovacuum keeps them in a live database: a
        # planner that still believes the tables empty picks nested loops over every row.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    call_command("migrate", verbosity=0)
    fill()
    fill_applications()
    staff = logged_in("bench-staff")
    superuser = logged_in("bench-admin", superuser=True)
    pages = [
        ("Applications", "/applications/", "staff", staff),
        (
            "Applications, filtered",
            "/applications/?direction=incoming&state=submitted",
            "staff",
            staff,
        ),
        ("Waiting for the office", "/applications/queue/", "staff", staff),
        ("Admin: applications", "/admin/applications/application/", "superuser", superuser),
    ]
    print(
        f"{Application.objects.count():,} applications on {connection.vendor}; "
        f"median of {RUNS} requests after {WARM_UPS} warm-ups\n"
    )
    print(f"{'page':<24} {'url':<52} {'as':<10} {'median ms':>9} {'queries':>7}")
    for title, url, who, client in pages:
        median, queries = measure(client, url)
        print(f"{title:<24} {url:<52} {who:<10} {median:>9.1f} {queries:>7}")


if __name__ == "__main__":
    main()
