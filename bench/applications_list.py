"""How fast is the applications list with 10,000 applications, next to the Django admin's list?

    .venv/bin/python bench/applications_list.py

Uses the same database as list_pages.py (bench/bench.sqlite3, or DATABASE_URL), adds 10,000
applications spread over the bench partners, periods, directions and states once, and prints
the median time and the number of SQL queries of each page. It prints figures only.
"""

import random

from django.core.management import call_command
from django.db import connection, transaction
from list_pages import RUNS, WARM_UPS, fill, logged_in, measure

from agreements.models import AcademicPeriod, Agreement, EducationalProgram
from applications.models import Application, ApplicationState, ParticipantKind

APPLICATIONS = 10_000
LAST_NAMES = ["Kabanova", "Karibaeva", "Zhakupova", "Omarova", "Takambayeva", "Жақыпова"]


def fill_applications() -> None:
    if Application.objects.filter(reference__startswith="BENCH").exists():
        return
    print(f"Filling the bench database: {APPLICATIONS:,} applications")
    rng = random.Random(7)
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
            )
            for n in range(APPLICATIONS)
        )


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
