"""What a user sees: our list pages over HTTP next to the Django admin's, at 10k and 100k.

    .venv/bin/python bench/http_pages.py [--sizes 10000,100000] [--rounds 20]
                                         [--concurrency 1,4] [--per-thread 1]

For each size it fills a PostgreSQL database of its own once (mo_bench_10k, mo_bench_100k:
1,000 institutions, 5,000 agreements and that many applications, with list_pages.py's and
applications_list.py's fill functions), serves it with gunicorn (2 workers, DEBUG off, the
production settings behind a TLS proxy: a secret key, ALLOWED_HOSTS, X-Forwarded-Proto, static
files collected into a temporary STATIC_ROOT with their manifest), logs in over HTTP through the
login forms (a member of staff for our pages, a superuser for the admin) and times each pair of
pages in interleaved rounds: in every round, for each pair, a burst of requests to our page and
then the same burst to the admin's, so that whatever else the machine does weighs on both.

It prints, per page, the median latency with its quartiles and range, the requests per second
and the ratio ours/admin of the requests per second (above 1: ours serves more), the median and
range of that ratio over the rounds, and, when both sizes run, ours at 100k over ours at 10k.
It also prints the queries of one request per page (counted in-process with Django's test
client, outside the timed loop). Every timed response must be a 200 with the rows the page
showed in-process, or the script stops. It prints figures only and asserts nothing about them.

The databases are kept for the next run (filling 100k takes a few minutes); --drop drops them
at the end.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from http_session import Session, gunicorn

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

STAFF_USER = "bench-http-staff"
ADMIN_USER = "bench-http-admin"
# Not a secret: the bench databases hold nothing but generated rows.
PASSWORD = "bench-http-password-not-secret"

ADMIN_APPLICATIONS = "/admin/applications/application/"
# (title, ours, the admin's): the same rows, 100 a page on both sides (the admin's default).
PAIRS = [
    ("Applications", "/applications/?per_page=100", ADMIN_APPLICATIONS),
    (
        "Applications, filtered",
        "/applications/?direction=incoming&state=submitted&per_page=100",
        f"{ADMIN_APPLICATIONS}?direction__exact=incoming&state__exact=submitted",
    ),
    # Rows 4,901-5,000 on both: the admin counts its pages from 0.
    ("Applications, page 50", "/applications/?page=50&per_page=100", f"{ADMIN_APPLICATIONS}?p=49"),
    (
        "Applications, search",
        "/applications/?q=Kabanova&per_page=100",
        f"{ADMIN_APPLICATIONS}?q=Kabanova",
    ),
    ("Institutions", "/agreements/institutions/?per_page=100", "/admin/agreements/institution/"),
    ("Agreements", "/agreements/?per_page=100", "/admin/agreements/agreement/"),
]
WARM_UPS = 3

TBODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)
ROW = re.compile(r"<tr[\s>].*?</tr>", re.S)


def rows_in(html: str) -> int:
    """The rows of the page's first table body, without the "nothing matches" row."""
    body = TBODY.search(html)
    if body is None:
        return 0
    return sum(1 for row in ROW.findall(body.group(1)) if "colspan" not in row)


# --- In a subprocess, with DATABASE_URL set: fill, then count queries and rows -------------


def prepare(size: int, result_file: Path) -> None:
    start = time.perf_counter()
    # Importing list_pages sets Django up (development settings, DEBUG off at run time).
    import list_pages
    from applications_list import fill_applications
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from applications.models import Application
    from core import roles

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    list_pages.fill()
    fill_applications(size)
    filled = time.perf_counter() - start

    staff, _created = User.objects.get_or_create(username=STAFF_USER)
    staff.set_password(PASSWORD)
    staff.save()
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    admin, _created = User.objects.get_or_create(username=ADMIN_USER)
    admin.is_staff = admin.is_superuser = True
    admin.set_password(PASSWORD)
    admin.save()

    pages = {}
    for user, urls in ((staff, [p[1] for p in PAIRS]), (admin, [p[2] for p in PAIRS])):
        client = Client()
        client.force_login(user)
        for url in urls:
            client.get(url)  # caches filled by the first request (content types, ...)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            html = response.content.decode()
            pages[url] = {
                "status": response.status_code,
                "queries": len(queries),
                "rows": rows_in(html),
            }
    result_file.write_text(
        json.dumps(
            {
                "seconds": filled,
                "applications": Application.objects.filter(reference__startswith="BENCH").count(),
                "pages": pages,
            }
        )
    )


# --- Measuring -----------------------------------------------------------------------------


class Samples:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.walls: list[float] = []  # one per burst
        self.requests = 0

    def rps(self) -> float:
        return self.requests / sum(self.walls)


def timed_get(session: Session, url: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    status, content = session.request("GET", url)
    return time.perf_counter() - start, status, content.decode()


def burst(
    pool: ThreadPoolExecutor | None,
    session: Session,
    url: str,
    *,
    threads: int,
    per_thread: int,
    expected_rows: int,
    samples: Samples,
) -> float:
    """`threads` clients at once, each `per_thread` requests in a row; the burst's wall time."""

    def one_client() -> list[tuple[float, int, str]]:
        return [timed_get(session, url) for _ in range(per_thread)]

    start = time.perf_counter()
    if pool is None:
        results = one_client()
    else:
        results = [r for f in [pool.submit(one_client) for _ in range(threads)] for r in f.result()]
    wall = time.perf_counter() - start
    # Checked after the clock stops, so that the client's parsing does not hold the server up.
    for _seconds, status, html in results:
        if status != 200 or rows_in(html) != expected_rows:
            sys.exit(
                f"{url} answered {status} with {rows_in(html)} rows, not 200 with "
                f"{expected_rows}: nothing to measure.\n{html[:1000]}"
            )
    samples.latencies.extend(seconds * 1000 for seconds, _status, _html in results)
    samples.walls.append(wall)
    samples.requests += len(results)
    return wall


def spread(values: list[float]) -> str:
    """The median, [the quartiles] and (the range)."""
    # One round (a trial run) has no quartiles to speak of: its one value stands for them.
    q1, _median, q3 = (
        statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    )
    median = statistics.median(values)
    return f"{median:7.1f} [{q1:.0f}–{q3:.0f}] ({min(values):.0f}–{max(values):.0f})"


def measure_size(args, size: int, database: str, env: dict, log: Path) -> dict:
    result_file = Path(tempfile.mkstemp(prefix="mo-bench-", suffix=".json")[1])
    try:
        subprocess.run(
            [sys.executable, __file__, "--prepare", str(size), "--result", str(result_file)],
            env={**os.environ, "DATABASE_URL": env["DATABASE_URL"]},
            cwd=ROOT,
            check=True,
        )
        prepared = json.loads(result_file.read_text())
    finally:
        result_file.unlink(missing_ok=True)
    pages = prepared["pages"]
    print(
        f"\n== {prepared['applications']:,} applications, 1,000 institutions, 5,000 agreements "
        f"in {database} (prepared in {prepared['seconds']:.0f} s) ==\n"
    )
    print("Queries and rows of one request (in-process, Django's test client):")
    print(f"{'page':<24} {'ours':>5} {'admin':>5} {'rows ours':>9} {'admin':>5}")
    for title, ours, admins in PAIRS:
        for url in (ours, admins):
            if pages[url]["status"] != 200 or pages[url]["rows"] == 0:
                sys.exit(f"{url} answered {pages[url]['status']} with no rows in-process.")
        print(
            f"{title:<24} {pages[ours]['queries']:>5} {pages[admins]['queries']:>5} "
            f"{pages[ours]['rows']:>9} {pages[admins]['rows']:>5}"
        )
        if pages[ours]["rows"] != pages[admins]["rows"]:
            print(f"  (not the same rows on both pages: is ?per_page=100 supported by {ours}?)")

    results: dict = {}
    with gunicorn(env, args.port, log):
        staff = Session(args.port)
        staff.log_in("/accounts/login/", username=STAFF_USER, password=PASSWORD, next_url="/")
        superuser = Session(args.port)
        superuser.log_in(
            "/admin/login/", username=ADMIN_USER, password=PASSWORD, next_url="/admin/"
        )
        for _title, ours, admins in PAIRS:
            for session, url in ((staff, ours), (superuser, admins)):
                for _ in range(WARM_UPS):
                    burst(
                        None,
                        session,
                        url,
                        threads=1,
                        per_thread=1,
                        expected_rows=pages[url]["rows"],
                        samples=Samples(),
                    )
        for concurrency in args.concurrency:
            per_thread = 1 if concurrency == 1 else args.per_thread
            print(
                f"\nConcurrency {concurrency}: {args.rounds} rounds, each "
                f"{concurrency * per_thread} request(s) to ours then to the admin's, per page; "
                "latency in ms: "
                "median [quartiles] (min–max)"
            )
            print(
                f"{'page':<24} {'ours':<32} {'rps':>6}   {'admin':<32} {'rps':>6}   "
                f"{'ours/admin rps':>14} {'per round':>18}"
            )
            pool = ThreadPoolExecutor(concurrency) if concurrency > 1 else None
            samples = {url: Samples() for pair in PAIRS for url in pair[1:]}
            round_ratios: dict[str, list[float]] = {title: [] for title, _o, _a in PAIRS}
            try:
                for _round in range(args.rounds):
                    for title, ours, admins in PAIRS:
                        walls = [
                            burst(
                                pool,
                                session,
                                url,
                                threads=concurrency,
                                per_thread=per_thread,
                                expected_rows=pages[url]["rows"],
                                samples=samples[url],
                            )
                            for session, url in ((staff, ours), (superuser, admins))
                        ]
                        round_ratios[title].append(walls[1] / walls[0])
            finally:
                if pool is not None:
                    pool.shutdown()
            for title, ours, admins in PAIRS:
                ratio = samples[ours].rps() / samples[admins].rps()
                per_round = round_ratios[title]
                print(
                    f"{title:<24} {spread(samples[ours].latencies):<32} "
                    f"{samples[ours].rps():>6.1f}   {spread(samples[admins].latencies):<32} "
                    f"{samples[admins].rps():>6.1f}   {ratio:>13.2f}x "
                    f"{statistics.median(per_round):>6.2f}x ({min(per_round):.2f}–"
                    f"{max(per_round):.2f})"
                )
                results[(title, concurrency)] = (samples[ours].rps(), ratio)
    return results


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({model}), load average {load}; Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="applications, comma-separated")
    parser.add_argument("--rounds", type=int, default=20, help="round-robin rounds per size")
    parser.add_argument("--concurrency", default="1,4", help="clients at once, comma-separated")
    parser.add_argument(
        "--per-thread",
        type=int,
        default=1,
        help="requests in a row per client in a burst, when more than one client",
    )
    parser.add_argument("--port", type=int, default=8861)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--databases",
        default="",
        help="database names, one per size (default mo_bench_10k, mo_bench_100k, ...)",
    )
    parser.add_argument("--drop", action="store_true", help="drop the databases at the end")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.result)
        return
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    databases = (
        args.databases.split(",")
        if args.databases
        else [f"mo_bench_{s // 1000}k" if s % 1000 == 0 else f"mo_bench_{s}" for s in args.sizes]
    )
    if len(databases) != len(args.sizes):
        sys.exit("Give one database name per size.")

    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin_db:
        version = admin_db.execute("SHOW server_version").fetchone()[0]
        existing = {row[0] for row in admin_db.execute("SELECT datname FROM pg_database")}
        for name in databases:
            if name not in existing:
                admin_db.execute(f'CREATE DATABASE "{name}"')
    import django
    import gunicorn as gunicorn_package

    print(
        f"Machine: {machine()}; PostgreSQL {version}; Django {django.__version__}; gunicorn "
        f"{gunicorn_package.__version__}, 2 workers, DEBUG off; client on the same machine"
    )

    static_root = Path(tempfile.mkdtemp(prefix="mo-bench-static-"))
    log = Path(tempfile.mkstemp(prefix="mo-bench-gunicorn-", suffix=".log")[1])
    production = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_PROXY_SSL_HEADER": "true",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }
    results: dict[int, dict] = {}
    try:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**production, "DATABASE_URL": f"{args.server}/{databases[0]}"},
            check=True,
        )
        for size, name in zip(args.sizes, databases, strict=True):
            env = {**production, "DATABASE_URL": f"{args.server}/{name}"}
            results[size] = measure_size(args, size, name, env, log)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        log.unlink(missing_ok=True)
        if args.drop:
            with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin_db:
                for name in databases:
                    admin_db.execute(f'DROP DATABASE IF EXISTS "{name}"')

    print("\nSummary: ours/admin in requests per second (above 1: ours serves more)")
    header = "".join(f" {f'{s // 1000}k c={c}':>11}" for s in args.sizes for c in args.concurrency)
    if len(args.sizes) > 1:
        header += "".join(
            f" {f'{args.sizes[-1] // 1000}k/{args.sizes[0] // 1000}k c={c}':>13}"
            for c in args.concurrency
        )
    print(f"{'page':<24}{header}")
    for title, _ours, _admin in PAIRS:
        line = "".join(
            f" {results[s][(title, c)][1]:>10.2f}x" for s in args.sizes for c in args.concurrency
        )
        if len(args.sizes) > 1:
            # Ours at the largest size over ours at the smallest: 1 means it does not slow down.
            largest, smallest = results[args.sizes[-1]], results[args.sizes[0]]
            line += "".join(
                f" {largest[(title, c)][0] / smallest[(title, c)][0]:>12.2f}x"
                for c in args.concurrency
            )
        print(f"{title:<24}{line}")


if __name__ == "__main__":
    main()
