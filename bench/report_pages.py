"""How do the mobility reports grow from 10,000 to 100,000 mobilities?

    .venv/bin/python bench/report_pages.py

Runs itself once per size, each in a subprocess with a SQLite database of its own
(bench/reports-10k.sqlite3 and bench/reports-100k.sqlite3, ignored by git), filled once, and
prints one table: the median time and the number of SQL queries of each report page at both
sizes, side by side. It prints figures only and asserts nothing about them.

With DATABASE_URL set (an empty database made for the purpose), it measures one size per run,
in that database:

    DATABASE_URL=postgres://... .venv/bin/python bench/report_pages.py --size 100000
"""

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SIZES = [10_000, 100_000]
# Applications that never became mobilities (drafts, rejected, withdrawn, under review), on top
# of the mobilities: one for every ten.
OTHERS_PER_MOBILITY = 0.1
# One completed mobility in four has an approved transcript of this many lines.
TRANSCRIPT_EVERY = 4
TRANSCRIPT_LINES = 5
REFERENCE_PREFIX = "RPT"
YEARS = range(2018, 2023)  # 2018-2019 … 2022-2023
BATCH = 5000
WARM_UPS = 2
PDF_RUNS = 3

TERM = "scope=term&year=2022-2023&term=spring"
PAGES = [
    ("Report, a term", f"/reports/?{TERM}"),
    ("Report, 5 academic years", "/reports/?scope=range&year=2018-2019&year_to=2022-2023"),
    ("Report, a calendar year", "/reports/?scope=calendar&calendar_year=2022"),
    ("Drill-down list", f"/reports/mobilities/?{TERM}&direction=outgoing"),
    ("Whole report, XLSX", f"/reports/report.xlsx?{TERM}"),
    ("Whole report, PDF", f"/reports/report.pdf?{TERM}"),
]

PROGRAMS = [
    "Tourism",
    "Hospitality",
    "Economics",
    "Finance",
    "Marketing",
    "Management",
    "Law",
    "International relations",
    "Foreign philology",
    "Translation studies",
    "Information systems",
    "Ecology",
]
LAST_NAMES = ["Kabanova", "Karibaeva", "Zhakupova", "Omarova", "Takambayeva", "Жақыпова", "Ли"]
FIRST_NAMES = ["Aigerim", "Dana", "Elena", "Madina", "Arman", "Нурлан", "Timur"]


def database_file(size: int) -> Path:
    return BENCH_DIR / f"reports-{size // 1000}k.sqlite3"


def runs_of(url: str) -> int:
    from list_pages import RUNS

    return PDF_RUNS if ".pdf" in url else RUNS


# --- One size, in the database DATABASE_URL points at ---------------------------------------


def fill(size: int) -> float | None:
    """Adds the partners, periods, programs, mobilities and transcripts once; the seconds taken."""
    import list_pages
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from agreements.models import AcademicPeriod, Agreement, EducationalProgram
    from applications.models import Application, ApplicationState, ParticipantKind
    from transcripts.models import Grade, GradingScale, Transcript, TranscriptLine

    bench = Application.objects.filter(reference__startswith=REFERENCE_PREFIX)
    found = bench.filter(state__in=ApplicationState.PLACE_HOLDING_STATES).count()
    if found == size:
        return None
    if found:
        sys.exit(
            f"The database holds {found:,} bench mobilities, not {size:,}: give it an empty "
            "database (or delete its SQLite file) to measure this size."
        )
    start = time.perf_counter()
    list_pages.fill()  # 1,000 partners (3 cities in Kazakhstan, 8 countries), 5,000 agreements
    others = int(size * OTHERS_PER_MOBILITY)
    print(f"Filling the database: {size:,} mobilities, {others:,} other applications", flush=True)
    rng = random.Random(size)
    periods, period_weights = [], []
    for first in YEARS:
        year = f"{first}-{first + 1}"
        for term, weight in [
            (AcademicPeriod.Term.AUTUMN, 4),
            (AcademicPeriod.Term.SPRING, 4),
            (AcademicPeriod.Term.FULL_YEAR, 1),
        ]:
            starts_on, ends_on = AcademicPeriod.default_dates(year, term)
            period, _created = AcademicPeriod.objects.get_or_create(
                academic_year=year,
                term=term,
                defaults={"starts_on": starts_on, "ends_on": ends_on},
            )
            periods.append(period)
            period_weights.append(weight)
    programs: list[EducationalProgram | None] = [
        EducationalProgram.objects.get_or_create(code=f"RPT{n:03d}", defaults={"name": name})[0]
        for n, name in enumerate(PROGRAMS)
    ]
    programs.append(None)  # no program recorded, for teachers and some incoming participants
    agreements = list(
        Agreement.objects.filter(partner__name__startswith=list_pages.NAME_PREFIX).select_related(
            "partner"
        )
    )
    kinds = [ParticipantKind.STUDENT, ParticipantKind.TEACHER, ParticipantKind.RESEARCHER]
    states = [
        (ApplicationState.APPROVED, 1),
        (ApplicationState.ORDER_ISSUED, 1),
        (ApplicationState.AGREEMENT_SIGNED, 1),
        (ApplicationState.IN_MOBILITY, 2),
        (ApplicationState.COMPLETED, 5),
    ]
    other_states = [
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.UNDER_REVIEW,
        ApplicationState.REJECTED,
        ApplicationState.WITHDRAWN,
    ]
    mobility_states = rng.choices(
        [state for state, _weight in states],
        weights=[weight for _state, weight in states],
        k=size,
    )
    all_states = mobility_states + [rng.choice(other_states) for _ in range(others)]
    rng.shuffle(all_states)

    def application(n: int, state: str) -> Application:
        agreement = rng.choice(agreements)
        return Application(
            reference=f"{REFERENCE_PREFIX}{n:07d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            participant_kind=rng.choices(kinds, weights=[80, 12, 8])[0],
            direction=rng.choices(["outgoing", "incoming"], weights=[60, 40])[0],
            partner=agreement.partner,
            agreement=agreement,
            period=rng.choices(periods, weights=period_weights)[0],
            program=rng.choice(programs),
            state=state,
        )

    with transaction.atomic():
        Application.objects.bulk_create(
            (application(n, state) for n, state in enumerate(all_states)), batch_size=BATCH
        )
        registrar, _created = User.objects.get_or_create(username="bench-registrar")
        scale = GradingScale.objects.get(is_home=True)
        grades = list(Grade.objects.filter(scale=scale, passing=True))
        completed = bench.filter(state=ApplicationState.COMPLETED).order_by("pk")
        now = timezone.now()
        transcripts = Transcript.objects.bulk_create(
            (
                Transcript(
                    application_id=pk,
                    version=1,
                    state=Transcript.State.APPROVED,
                    scale=scale,
                    credit_system_name="ECTS",
                    created_by=registrar,
                    approved_by=registrar,
                    approved_at=now - timedelta(days=rng.randrange(1000)),
                )
                for pk in completed.values_list("pk", flat=True)[::TRANSCRIPT_EVERY]
            ),
            batch_size=BATCH,
        )
        lines = []
        for transcript in transcripts:
            for position in range(TRANSCRIPT_LINES):
                grade = rng.choice(grades)
                credits = Decimal(rng.choice([3, 4, 5, 6]))
                lines.append(
                    TranscriptLine(
                        transcript=transcript,
                        position=position,
                        host_title=f"Discipline {position + 1}",
                        host_credits=credits,
                        host_grade=grade,
                        home_title=f"Elective {position + 1}",
                        home_credits=credits,
                        home_grade=grade,
                    )
                )
        TranscriptLine.objects.bulk_create(lines, batch_size=BATCH)
    seconds = time.perf_counter() - start
    print(
        f"Filled in {seconds:.1f} s: {len(transcripts):,} approved transcripts, "
        f"{len(lines):,} lines",
        flush=True,
    )
    return seconds


def measure(client, url: str, runs: int) -> tuple[float, int]:
    """The median time in milliseconds and the number of queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UPS):
        # The queries of the last warm-up are counted: the caches are warm by then.
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Counted now: the next request's start clears the log the context reads from.
        count = len(queries)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}, not 200: nothing to measure.")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def measure_size(size: int) -> dict:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_file(size)}")
    from django.core.management import call_command
    from django.db import connection
    from list_pages import RUNS, logged_in

    from applications.models import Application, ApplicationState
    from transcripts.models import Transcript

    call_command("migrate", verbosity=0)
    fill_seconds = fill(size)
    staff = logged_in("bench-staff")
    print(f"Measuring {size:,} mobilities", flush=True)
    pages = []
    for title, url in PAGES:
        median, queries = measure(staff, url, runs_of(url))
        pages.append({"title": title, "url": url, "median": median, "queries": queries})
    return {
        "size": size,
        "vendor": connection.vendor,
        "runs": RUNS,
        "mobilities": Application.objects.filter(
            state__in=ApplicationState.PLACE_HOLDING_STATES
        ).count(),
        "applications": Application.objects.count(),
        "transcripts": Transcript.objects.filter(state=Transcript.State.APPROVED).count(),
        "fill_seconds": fill_seconds,
        "pages": pages,
    }


# --- The table ------------------------------------------------------------------------------


def print_table(results: list[dict]) -> None:
    vendor, runs = results[0]["vendor"], results[0]["runs"]
    print(
        f"\n{vendor}, {os.cpu_count()} cores; median of {runs} requests after {WARM_UPS} "
        f"warm-ups (the PDF: {PDF_RUNS}); queries of one request\n"
    )
    for result in results:
        print(
            f"{result['mobilities']:>9,} mobilities: {result['applications']:,} applications, "
            f"{result['transcripts']:,} approved transcripts"
        )
    print()
    width = 26
    head = "".join(f"{result['size']:>16,} mobilities" for result in results)
    print(f"{'':<{width}}{head}")
    columns = "".join(f"{'median ms':>19}{'queries':>8}" for _result in results)
    growth = "   growth" if len(results) > 1 else ""
    print(f"{'page':<{width}}{columns}{growth}")
    for index, (title, _url) in enumerate(PAGES):
        cells = [result["pages"][index] for result in results]
        line = f"{title:<{width}}" + "".join(
            f"{cell['median']:>19.1f}{cell['queries']:>8}" for cell in cells
        )
        if len(cells) > 1:
            line += f"{cells[-1]['median'] / cells[0]['median']:>8.1f}×"
        print(line)
    print()
    for title, url in PAGES:
        print(f"{title:<{width}}{url}")


# --- Both sizes, one subprocess each --------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--size",
        type=int,
        help="measure this number of mobilities only (required with DATABASE_URL)",
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size is not None:
        if args.json:
            # For the parent run: progress to stderr, only the figures on stdout.
            with contextlib.redirect_stdout(sys.stderr):
                result = measure_size(args.size)
            print(json.dumps(result))
        else:
            print_table([measure_size(args.size)])
        return
    if os.environ.get("DATABASE_URL"):
        sys.exit(
            "With DATABASE_URL, measure one size per run and per database: --size 10000 or "
            "--size 100000."
        )
    results = []
    for size in SIZES:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database_file(size)}"}
        # Progress and warnings (WeasyPrint's) go to stderr; the figures come back on stdout.
        process = subprocess.run(
            [sys.executable, __file__, "--size", str(size), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if process.returncode:
            sys.exit(process.returncode)
        results.append(json.loads(process.stdout.strip().splitlines()[-1]))
    print_table(results)


if __name__ == "__main__":
    main()
