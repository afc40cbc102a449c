"""How do the mobility reports grow from 10,000 to 100,000 mobilities, as a user sees them?

    .venv/bin/python bench/report_pages.py [--rounds 15] [--port 8821]
        [--server postgres://postgres@127.0.0.1:5432 --databases mo_reports_10k,mo_reports_100k]
        [--sizes 10000,100000] [--source DIR]

For each size it fills a database of its own once (PostgreSQL with --server and --databases,
each an empty database made for the purpose; else SQLite files bench/reports-10k.sqlite3 and
bench/reports-100k.sqlite3, ignored by git), counts the SQL queries of one request per page
in-process (Django's test client and CaptureQueriesContext, outside the clock), then serves the
app with gunicorn, one server per size at once on --port, --port + 1 (2 workers each, DEBUG
off: the production settings behind a TLS proxy, a random secret key, ALLOWED_HOSTS,
X-Forwarded-Proto, the static files collected into a temporary STATIC_ROOT), logs in a member
of staff over HTTP through the login form (its CSRF token and session cookie) and times the
pages in interleaved rounds: every round asks each page of each size once, one request at a
time (the sizes in turn, their order alternating from round to round), so whatever else the
machine does weighs on every page and size alike. The whole-report PDF is asked in the first
three rounds only. It prints, per page, the median and min–max in ms, the size of the response,
the queries of one request, and, with both sizes, the 100k/10k ratio of the medians. It prints
figures only and asserts nothing about them.

--source serves another checkout of the project (the same database; e.g. the code before a
change) so that two versions are measured the same way. The databases are kept for the next run.
"""

import argparse
import contextlib
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from http_session import Session, gunicorn

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
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
ROUNDS = 15
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


STAFF_USER = "bench-report-staff"
# Not a secret: the bench databases hold nothing but generated rows.
PASSWORD = "bench-report-password-not-secret"


# --- One size, in a subprocess with DATABASE_URL set: fill, then count queries ---------------


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
                # What approving sums from the lines (transcript_approve).
                transcript.credits_counted += credits
                transcript.disciplines_counted += 1
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
        Transcript.objects.bulk_update(
            transcripts, ["credits_counted", "disciplines_counted"], batch_size=BATCH
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does a little later on a server: without statistics the planner guesses
        # one row per table and picks plans no real database would run, and without the
        # visibility map it cannot read the mobilities from the report index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - start
    print(
        f"Filled in {seconds:.1f} s: {len(transcripts):,} approved transcripts, "
        f"{len(lines):,} lines",
        flush=True,
    )
    return seconds


def prepare(size: int, result_file: Path) -> None:
    """Fills the database once, makes the staff user, counts each page's queries in-process."""
    import list_pages  # noqa: F401  (sets Django up)
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from applications.models import Application, ApplicationState
    from core import roles
    from transcripts.models import Transcript

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    fill_seconds = fill(size)
    staff, _created = User.objects.get_or_create(username=STAFF_USER)
    staff.set_password(PASSWORD)
    staff.save()
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    client = Client()
    client.force_login(staff)
    queries = {}
    for _title, url in PAGES:
        if ".pdf" in url:
            continue  # a minute of WeasyPrint at 100k for a number the tests already hold
        client.get(url)  # caches filled by the first request (content types, ...)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code} in-process: nothing to measure.")
        queries[url] = len(captured)
    result_file.write_text(
        json.dumps(
            {
                "vendor": connection.vendor,
                "fill_seconds": fill_seconds,
                "mobilities": Application.objects.filter(
                    state__in=ApplicationState.PLACE_HOLDING_STATES
                ).count(),
                "applications": Application.objects.count(),
                "transcripts": Transcript.objects.filter(state=Transcript.State.APPROVED).count(),
                "queries": queries,
            }
        )
    )


def ok_statuses(url: str) -> tuple[int, ...]:
    # The whole-report PDF may be made by a background job: then the request only starts it and
    # is redirected to the job's page, and that is what the user waits for.
    return (200, 302) if ".pdf" in url else (200,)


def prepare_size(size: int, database_url: str) -> dict:
    """Fills and counts one size's database in a process of its own (this tree's code; served
    below by --source's)."""
    result_file = Path(tempfile.mkstemp(prefix="mo-reports-", suffix=".json")[1])
    try:
        subprocess.run(
            [sys.executable, __file__, "--prepare", str(size), "--result", str(result_file)],
            env={**os.environ, "DATABASE_URL": database_url},
            check=True,
        )
        result = json.loads(result_file.read_text())
    finally:
        result_file.unlink(missing_ok=True)
    result["size"] = size
    return result


def get(session: Session, url: str) -> int:
    """Asks for the page; returns the size of the answer. Stops the bench on any other status."""
    status, content = session.request("GET", url)
    if status not in ok_statuses(url):
        sys.exit(f"{url} answered {status}, not 200: nothing to measure.")
    return len(content)


def measure(args, results: list[dict], database_urls: list[str], production: dict, log: Path):
    """Serves every size at once, one gunicorn each, and asks each page of each size in turn
    within every round (the sizes' order alternating from round to round): whatever else the
    machine does weighs on both sizes alike, so their ratio holds when the machine's speed
    drifts."""
    print("Measuring every size over HTTP, interleaved", file=sys.stderr, flush=True)
    times = [{url: [] for _title, url in PAGES} for _result in results]
    sizes: list[dict[str, int]] = [{} for _result in results]
    with contextlib.ExitStack() as servers:
        sessions = []
        for index, database_url in enumerate(database_urls):
            port = args.port + index
            env = {**production, "DATABASE_URL": database_url}
            servers.enter_context(gunicorn(env, port, log, source=args.source))
            staff = Session(port)
            staff.log_in(
                "/accounts/login/", username=STAFF_USER, password=PASSWORD, next_url="/reports/"
            )
            sessions.append(staff)
        for _title, url in PAGES:
            for index, staff in enumerate(sessions):
                for _ in range(1 if ".pdf" in url else WARM_UPS):
                    sizes[index][url] = get(staff, url)
        order = list(range(len(sessions)))
        for round_ in range(args.rounds):
            for _title, url in PAGES:
                if ".pdf" in url and round_ >= PDF_RUNS:
                    continue
                for index in order:
                    start = time.perf_counter()
                    get(sessions[index], url)
                    times[index][url].append((time.perf_counter() - start) * 1000)
            order.reverse()
    for index, result in enumerate(results):
        result["pages"] = [
            {
                "title": title,
                "url": url,
                "median": statistics.median(times[index][url]),
                "min": min(times[index][url]),
                "max": max(times[index][url]),
                "kb": sizes[index][url] / 1024,
                "queries": result["queries"].get(url),
            }
            for title, url in PAGES
        ]


# --- The table ------------------------------------------------------------------------------


def print_table(results: list[dict], rounds: int) -> None:
    print(
        f"\n{results[0]['vendor']}, {os.cpu_count()} cores, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; gunicorn, 2 workers, DEBUG off; "
        f"{rounds} rounds after {WARM_UPS} warm-ups (the PDF: {PDF_RUNS} rounds, 1 warm-up), each"
        " asking every page of every size in turn; queries of one request, counted in-process\n"
    )
    for result in results:
        print(
            f"{result['mobilities']:>9,} mobilities: {result['applications']:,} applications, "
            f"{result['transcripts']:,} approved transcripts"
        )
    print()
    width = 26
    head = "".join(f"{f'{result["size"]:,} mobilities':>36}" for result in results)
    print(f"{'':<{width}}{head}")
    columns = "".join(
        f"{'median ms':>10}{'(min–max)':>13}{'KB':>7}{'queries':>8}" for _result in results
    )
    growth = "  100k/10k" if len(results) > 1 else ""
    print(f"{'page':<{width}}{columns}{growth}")
    for index, (title, _url) in enumerate(PAGES):
        cells = [result["pages"][index] for result in results]
        line = f"{title:<{width}}"
        for cell in cells:
            spread = f"({cell['min']:.0f}–{cell['max']:.0f})"
            queries = "—" if cell["queries"] is None else cell["queries"]
            line += f"{cell['median']:>10.1f}{spread:>13}{cell['kb']:>7.0f}{queries:>8}"
        if len(cells) > 1:
            line += f"{cells[-1]['median'] / cells[0]['median']:>9.2f}×"
        print(line)
    print()
    for title, url in PAGES:
        print(f"{title:<{width}}{url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="mobilities, comma-separated")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--port", type=int, default=8821)
    parser.add_argument("--server", default="", help="e.g. postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--databases", default="", help="with --server: one name per size")
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="the project tree gunicorn serves"
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        # Progress to stderr: the parent prints the table.
        with contextlib.redirect_stdout(sys.stderr):
            prepare(args.prepare, args.result)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.server:
        names = args.databases.split(",")
        if len(names) != len(sizes):
            sys.exit("With --server, give one database name per size in --databases.")
        urls = [f"{args.server}/{name}" for name in names]
    else:
        urls = [f"sqlite:///{database_file(size)}" for size in sizes]
    static_root = Path(tempfile.mkdtemp(prefix="mo-reports-static-"))
    log = Path(tempfile.mkstemp(prefix="mo-reports-gunicorn-", suffix=".log")[1])
    production = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_PROXY_SSL_HEADER": "true",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }
    results = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=args.source,
            env={**production, "DATABASE_URL": urls[0]},
            check=True,
        )
        results = [prepare_size(size, url) for size, url in zip(sizes, urls, strict=True)]
        measure(args, results, urls, production, log)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        log.unlink(missing_ok=True)
    print_table(results, args.rounds)


if __name__ == "__main__":
    main()
