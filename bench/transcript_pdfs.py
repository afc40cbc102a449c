"""What does a transcript PDF cost through the app, next to WeasyPrint alone, and the batch?

    .venv/bin/python bench/transcript_pdfs.py

Loads the demo (manage.py load_demo) into a database of its own, bench/transcripts.sqlite3 (or
BENCH_DATABASE_URL if set), adds once a completed Turiba University mobility with a
30-discipline credit-recognition transcript, recorded and approved through transcripts.services,
and prints side by side:

- the median time of that transcript's PDF through the app (`transcripts.pdfs.render`) and of
  WeasyPrint rendering the same finished HTML alone, with the stylesheet, font configuration,
  base URL and URL fetcher the app uses (mobility_office.pdf's cached objects), and the app's
  overhead in percent;
- the time of the batch of spring 2022-2023 (the demo's 43 incoming students) as the page runs
  it (start, one request per PDF, the ZIP) and as one request without JavaScript, against 43
  single renders;
- the peak memory of the batch next to one render: the tracemalloc peak (Python's allocations,
  in a run of its own, since tracing slows everything) and, on Linux, the peak resident set size
  during the timed runs (VmHWM, reset before each run), which also counts Pango's and cairo's
  memory.

Uploads and the batch's PDFs go to a temporary folder, deleted at the end. It takes about five
minutes on 2 cores, prints figures only and asserts nothing about them.
"""

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

os.environ["DJANGO_SETTINGS_MODULE"] = "mobility_office.settings"
# Development settings, so that load_demo runs; DEBUG itself is switched off below, so that no
# query log grows while the PDFs are timed and their memory measured.
os.environ["DEBUG"] = "true"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'transcripts.sqlite3'}"
)
MEDIA_ROOT = tempfile.mkdtemp(prefix="transcript-bench-")
os.environ["MEDIA_ROOT"] = MEDIA_ROOT
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from agreements.models import AcademicPeriod  # noqa: E402
from applications.models import Application, ApplicationState  # noqa: E402
from mobility_office import demo_data, pdf  # noqa: E402
from transcripts import pdfs, selectors, services  # noqa: E402
from transcripts.models import Transcript  # noqa: E402
from transcripts.pdfs.common import transcript_context  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

WARM_UPS = 2
RUNS = 21
BATCH_RUNS = 3
LINES = 30
BENCH_REFERENCE = "BENCHPDF30"
BATCH_PERIOD = demo_data.INCOMING_PERIOD
MB = 1024 * 1024

# Ten disciplines of a year at Turiba, each in three parts: 30 lines of 6 ECTS credits.
DISCIPLINES = [
    ("HOS", "Hospitality Management", "HMS", "Hospitality Industry Management"),
    ("MAR", "Tourism and Hospitality Marketing", "MTH", "Marketing in Tourism and Hospitality"),
    ("EVT", "Event Management", "EVM", "Organisation of Events and Leisure"),
    ("LAN", "Business English for Tourism", "PFL", "Professional Foreign Language"),
    ("HOS", "Food and Beverage Management", "RST", "Restaurant Service"),
    ("TOU", "Tour Operating and Travel Agency Management", "TOP", "Tour Operator Activity"),
    ("TOU", "International Tourism Destinations", "ITG", "Geography of International Tourism"),
    ("FIN", "Financial Accounting in Hospitality", "ACC", "Accounting and Audit"),
    ("LAW", "Tourism Law of the European Union", "LAW", "Legal Regulation of Tourism"),
    ("ITS", "Information Systems in Tourism", "ICT", "Information Systems"),
]
PARTS = ["I", "II", "III"]
GRADES = ["9", "8", "10", "7", "8", "9", "6", "8", "10", "9"]


def bench_transcript() -> Transcript:
    """The approved 30-discipline transcript, made once: a student with a Kazakh name, so the
    PDF sets Kazakh letters too."""
    made = Application.objects.filter(reference=BENCH_REFERENCE).first()
    if made is not None and selectors.approved_transcript(made) is not None:
        return selectors.approved_transcript(made)
    registrar = get_user_model().objects.get(username="registrar")
    source = Application.objects.filter(
        partner__name="Turiba University", state=ApplicationState.COMPLETED
    ).first()
    progress(f"Adding a {LINES}-discipline credit-recognition transcript to the bench database")
    with transaction.atomic():
        application = Application.objects.create(
            reference=BENCH_REFERENCE,
            last_name="Әбілқасымова",
            first_name="Ұлжан",
            direction=source.direction,
            participant_kind=source.participant_kind,
            partner=source.partner,
            agreement=source.agreement,
            period=source.period,
            program=source.program,
            year_of_study=3,
            language_of_instruction="English",
            state=ApplicationState.COMPLETED,
            created_by=registrar,
        )
        lines = [
            services.LineData(
                host_code=f"{host}-{2101 + n}",
                host_title=f"{title} {PARTS[part]}",
                host_credits=Decimal(6),
                grade=GRADES[n % len(GRADES)],
                home_code=f"{home} {3201 + n}",
                home_title=f"{home_title} {PARTS[part]}",
            )
            for part in range(len(PARTS))
            for d, (host, title, home, home_title) in enumerate(DISCIPLINES)
            for n in [part * len(DISCIPLINES) + d]
        ]
        transcript = services.transcript_start(application=application, by=registrar)
        transcript = services.transcript_save_lines(
            transcript=transcript,
            lines=lines,
            by=registrar,
            host_number="TU-2022/0999",
            host_issued_on=source.period.ends_on,
        )
        return services.transcript_approve(transcript=transcript, by=registrar)


def batch_period() -> AcademicPeriod:
    return AcademicPeriod.objects.get(academic_year=BATCH_PERIOD[0], term=BATCH_PERIOD[1])


def registrar_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="registrar"))
    return client


def batch_stepped(client: Client, period: AcademicPeriod) -> bytes:
    """The page's job: start, one request per PDF (kept in the file storage), then the ZIP."""
    job = client.post(reverse("transcripts:batch_start"), {"period": period.pk}).json()
    for index in range(job["total"]):
        client.post(job["step_url"], {"index": index})
    response = client.get(job["zip_url"])
    content = b"".join(response.streaming_content)
    response.close()
    return content


def batch_one_request(client: Client, period: AcademicPeriod) -> bytes:
    """The fallback without JavaScript: every PDF rendered and zipped in one request."""
    response = client.post(reverse("transcripts:batch"), {"period": period.pk})
    content = b"".join(response.streaming_content)
    response.close()
    return content


def singles(transcripts: list[Transcript]) -> None:
    for transcript in transcripts:
        pdfs.render(transcript)


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


STARTED = time.perf_counter()


def progress(message: str) -> None:
    elapsed = time.perf_counter() - STARTED
    print(f"[{elapsed:4.0f} s] {message}", file=sys.stderr, flush=True)


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def rss_window() -> int | None:
    """Resets the peak resident set size of the process (Linux) and gives the current size;
    None where the system cannot do it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status("VmRSS")
    except (OSError, KeyError):
        return None


def rss_peak() -> int:
    """The peak resident set size since the last `rss_window()`."""
    return _status("VmHWM")


def measured(function: Callable[[], object]) -> tuple[float, tuple[int, int] | None]:
    """The time of one run and, on Linux, the resident set size at its start and its peak."""
    start = rss_window()
    seconds = timed(function)
    return seconds, None if start is None else (start, rss_peak())


def traced_peak(function: Callable[[], object]) -> int:
    """The tracemalloc peak of one run: the most memory its Python allocations held at once."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def spread(values: list[float], scale: float = 1) -> str:
    return f"{min(values) * scale:.0f}–{max(values) * scale:.0f}"


def main() -> None:
    call_command("migrate", verbosity=0)
    progress("Loading the demo into the bench database (nothing to do once it is there)")
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    transcript = bench_transcript()
    settings.DEBUG = False
    period = batch_period()
    batch = list(selectors.batch_transcripts(period))
    count = len(batch)

    # One transcript: the app against WeasyPrint alone on the same finished HTML, with the same
    # cached stylesheet, font configuration, base URL and URL fetcher as mobility_office.pdf.
    progress(f"Timing one {LINES}-discipline transcript, {RUNS} times each way")
    font_config, css, base_url = pdf._stylesheet()
    html = render_to_string("transcripts/pdf/recognition.html", transcript_context(transcript))

    def weasyprint_alone() -> bytes:
        document = HTML(string=html, base_url=base_url, url_fetcher=pdf._URL_FETCHER)
        return document.write_pdf(stylesheets=[css], font_config=font_config)

    def through_the_app() -> bytes:
        return pdfs.render(transcript)

    for _ in range(WARM_UPS):
        content = through_the_app()
        weasyprint_alone()
    app_times, alone_times, context_times, html_times = [], [], [], []
    for run in range(RUNS):
        # In pairs, each first in turn, so that a slower moment of the machine hits both.
        pair = [(through_the_app, app_times), (weasyprint_alone, alone_times)]
        for function, times in pair if run % 2 == 0 else pair[::-1]:
            times.append(timed(function))
        start = time.perf_counter()
        context = transcript_context(transcript)
        middle = time.perf_counter()
        render_to_string("transcripts/pdf/recognition.html", context)
        context_times.append(middle - start)
        html_times.append(time.perf_counter() - middle)
    app, alone = statistics.median(app_times), statistics.median(alone_times)
    paired = statistics.median(a / w for a, w in zip(app_times, alone_times, strict=True))
    own = statistics.median(context_times) + statistics.median(html_times)
    pages = len(PdfReader(io.BytesIO(content)).pages)

    # The batch against as many single renders, run after run, each first in turn.
    progress(f"Timing the batch of {count} and {count} single renders, {BATCH_RUNS} times each")
    client = registrar_client()
    zip_sizes = []
    ways = [
        ("singles", lambda: singles(batch)),
        ("stepped", lambda: batch_stepped(client, period)),
        ("one-request", lambda: zip_sizes.append(len(batch_one_request(client, period)))),
    ]
    batch_times: dict[str, list[float]] = {name: [] for name, _function in ways}
    batch_rss: dict[str, list[tuple[int, int]]] = {name: [] for name, _function in ways}
    for run in range(BATCH_RUNS):
        for name, function in ways[run % len(ways) :] + ways[: run % len(ways)]:
            seconds, rss = measured(function)
            batch_times[name].append(seconds)
            if rss is not None:
                batch_rss[name].append(rss)
    _seconds, single_rss = measured(lambda: pdfs.render(batch[0]))

    progress("Tracing the Python allocations of one render and of the batch")
    peaks = {
        "single": traced_peak(lambda: pdfs.render(batch[0])),
        "stepped": traced_peak(lambda: batch_stepped(client, period)),
        "one-request": traced_peak(lambda: batch_one_request(client, period)),
    }

    progress("Done")
    print(f"\n{connection.vendor}, WeasyPrint {weasyprint.__version__}, {os.cpu_count()} cores")
    print(
        f"\nOne credit-recognition transcript: {LINES} disciplines, {pages} pages, "
        f"{len(content) / 1024:.0f} KB; median (min–max) of {RUNS} after {WARM_UPS} warm-ups\n"
    )
    rows = [
        ("through the app: transcripts.pdfs.render(transcript)", app_times),
        ("WeasyPrint alone: HTML(...).write_pdf(), same HTML, CSS, fonts", alone_times),
        ("  the app's own part: context (queries, QR code)", context_times),
        ("  the app's own part: template to HTML", html_times),
    ]
    for label, times in rows:
        median = statistics.median(times) * 1000
        print(f"{label:<64} {median:>8.1f} ms ({spread(times, 1000)})")
    for label, percent in [
        ("overhead of the app: median app / median WeasyPrint alone", app / alone - 1),
        ("overhead of the app: median of the run-by-run ratios", paired - 1),
        ("overhead of the app: its own part / median WeasyPrint alone", own / alone),
    ]:
        print(f"{label:<64} {percent * 100:>8.1f} %")

    single = statistics.median(batch_times["singles"])
    print(
        f"\nBatch of {period}: {count} approved transcripts, ZIP of "
        f"{zip_sizes[-1] / 1024:.0f} KB; median (min–max) of {BATCH_RUNS} runs\n"
    )
    print(f"{'':<50} {'total s':>8} {'(min–max)':>10} {'per PDF ms':>11} {'vs singles':>11}")
    for name, label in [
        ("singles", f"{count} single renders (transcripts.pdfs.render)"),
        ("stepped", f"stepped job, as the page runs it ({count + 2} requests)"),
        ("one-request", "one request without JavaScript"),
    ]:
        times = batch_times[name]
        seconds = statistics.median(times)
        print(
            f"{label:<50} {seconds:>8.1f} {'(' + spread(times) + ')':>10} "
            f"{seconds / count * 1000:>11.0f} {(seconds / single - 1) * 100:>+10.1f}%"
        )

    print(
        "\nMemory: the tracemalloc peak of a traced run; the resident set size at the start of "
        "a run\nand its peak during the run (VmHWM), the highest of the timed runs\n"
    )
    print(f"{'':<44} {'tracemalloc peak':>16} {'RSS at start':>13} {'peak RSS':>9}")
    for name, label, rss in [
        ("single", "one single render", [single_rss] if single_rss else []),
        ("singles", f"{count} single renders", batch_rss["singles"]),
        ("stepped", f"batch of {count}, stepped job", batch_rss["stepped"]),
        ("one-request", f"batch of {count}, one request", batch_rss["one-request"]),
    ]:
        traced = f"{peaks[name] / MB:>13.1f} MB" if name in peaks else f"{'':>16}"
        if rss:
            start, peak = max(rss, key=lambda pair: pair[1] - pair[0])
            memory = f"{start / MB:>10.0f} MB {peak / MB:>6.0f} MB"
        else:
            memory = f"{'n/a':>13} {'n/a':>9}"
        print(f"{label:<44} {traced} {memory}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
