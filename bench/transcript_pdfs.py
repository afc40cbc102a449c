"""What does a transcript PDF cost through the app, next to WeasyPrint alone, and the batch?

    createdb -h 127.0.0.1 -U postgres mo_pdf_bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mo_pdf_bench .venv/bin/python \
        bench/transcript_pdfs.py [--in-process]

By default, as a user sees it: the app served by gunicorn (2 workers, DEBUG off, production
settings over plain HTTP, 127.0.0.1:BENCH_PORT, 8851 unless set) on PostgreSQL, logged in as the
registrar. It prints the 30-discipline transcript's PDF over HTTP (asked in a language other than
any copy kept at approval, so that it is rendered) against WeasyPrint alone on the same HTML in
this process, in interleaved pairs, median and min–max, with their ratio; and the batch of the
period's 43 transcripts through the page's steps (start, the steps one or two in flight as
static/js/transcript-batch.js runs them, the ZIP) against the 43 single downloads, with ratios.

With --in-process, the figures below instead, measured inside this process. It

Loads the demo (manage.py load_demo) into a database of its own, bench/transcripts.sqlite3 (or
BENCH_DATABASE_URL if set), adds once a completed Turiba University mobility with a
30-discipline credit-recognition transcript, recorded and approved through transcripts.services,
and prints side by side:

- the median time of that transcript's PDF through the app (`transcripts.pdfs.render`) and of
  WeasyPrint rendering the same finished HTML alone, with the stylesheet, font configuration,
  base URL and URL fetcher the app uses (core.pdf's cached objects), and the app's
  overhead in percent, in wall-clock and CPU time; also the app's own part (the context and the
  template) timed by itself, the steadiest figure of the overhead on a shared machine;
- the time of the batch of spring 2022-2023 (the demo's 43 incoming students) as the page runs
  it (start, one request per PDF, the ZIP) and as one request without JavaScript, against 43
  single renders;
- the peak memory of the batch next to one render: the tracemalloc peak (Python's allocations,
  in a run of its own, since tracing slows everything) and, on Linux, the peak resident set size
  during the timed runs (VmHWM, reset before each run), which also counts Pango's and cairo's
  memory.

Garbage is collected before each timed run, outside the clock. Uploads and the batch's PDFs go
to a temporary folder, deleted at the end. It takes about nine minutes on 2 cores (the traced
runs are slow), prints figures only and asserts nothing about them.
"""

import gc
import http.client
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.parse
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
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
# The same key in this process and in the server it starts, so a session made here logs in there.
SECRET_KEY = "bench-only-" + "k" * 50
os.environ["SECRET_KEY"] = SECRET_KEY
HTTP = "--in-process" not in sys.argv
PORT = int(os.environ.get("BENCH_PORT", "8851"))
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
from core import pdf  # noqa: E402
from demo import mobilities  # noqa: E402
from documents.doclang import DocumentLanguage, default_for  # noqa: E402
from transcripts import pdfs, selectors, services  # noqa: E402
from transcripts.models import IssuedPdf, Transcript  # noqa: E402
from transcripts.pdfs import common as pdf_common  # noqa: E402
from transcripts.pdfs.common import transcript_context  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

WARM_UPS = 2
RUNS = 31
BATCH_RUNS = 3
LINES = 30
BENCH_REFERENCE = "BENCHPDF30"
BATCH_PERIOD = mobilities.INCOMING_PERIOD
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


@dataclass
class Timing:
    """The times of the runs of one thing: wall clock and the process's CPU time, in seconds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[tuple[int, int]] = field(default_factory=list)  # (at the start, peak), Linux

    def run(self, function: Callable[[], object]) -> None:
        # Garbage left by the run before is collected first, outside the clock, so that each
        # run pays for its own garbage only.
        gc.collect()
        rss_start = rss_window()
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        if rss_start is not None:
            self.rss.append((rss_start, rss_peak()))


STARTED = time.perf_counter()


def progress(message: str) -> None:
    elapsed = time.perf_counter() - STARTED
    print(f"[{elapsed:4.0f} s] {message}", file=sys.stderr, flush=True)


def _status(field_name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field_name)


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


def traced_peak(function: Callable[[], object]) -> int:
    """The tracemalloc peak of one run: the most memory its Python allocations held at once."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def median(values: list[float], scale: float = 1) -> float:
    return statistics.median(values) * scale


def spread(values: list[float], scale: float = 1) -> str:
    return f"({min(values) * scale:.0f}–{max(values) * scale:.0f})"


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
    # cached stylesheet, font configuration, base URL and URL fetcher as core.pdf.
    progress(f"Timing one {LINES}-discipline transcript, {RUNS} times each way")
    font_config, css, base_url = pdf._stylesheet()
    html = render_to_string("transcripts/pdf/recognition.html", transcript_context(transcript))

    def weasyprint_alone() -> bytes:
        document = HTML(string=html, base_url=base_url, url_fetcher=pdf._URL_FETCHER)
        return document.write_pdf(stylesheets=[css], font_config=font_config)

    def through_the_app() -> bytes:
        return pdfs.render(transcript)

    def context_alone() -> None:
        contexts.append(transcript_context(transcript))

    def template_alone() -> str:
        return render_to_string("transcripts/pdf/recognition.html", contexts[-1])

    for _ in range(WARM_UPS):
        content = through_the_app()
        weasyprint_alone()
    app, alone, context, template = Timing(), Timing(), Timing(), Timing()
    contexts: list[dict] = []
    for run in range(RUNS):
        # In pairs, each first in turn, so that a slower moment of the machine hits both.
        pair = [(app, through_the_app), (alone, weasyprint_alone)]
        for timing, function in pair if run % 2 == 0 else pair[::-1]:
            timing.run(function)
        context.run(context_alone)
        template.run(template_alone)
    pages = len(PdfReader(io.BytesIO(content)).pages)

    # The batch against as many single renders, run after run, each first in turn.
    progress(f"Timing the batch of {count} and {count} single renders, {BATCH_RUNS} times each")
    client = registrar_client()
    zip_sizes = []
    ways = {
        "singles": lambda: singles(batch),
        "stepped": lambda: batch_stepped(client, period),
        "one-request": lambda: zip_sizes.append(len(batch_one_request(client, period))),
    }
    batch_timings = {name: Timing() for name in ways}
    names = list(ways)
    for run in range(BATCH_RUNS):
        for name in names[run % len(names) :] + names[: run % len(names)]:
            batch_timings[name].run(ways[name])
    one = Timing()
    one.run(lambda: pdfs.render(batch[0]))

    progress("Tracing the Python allocations of one render and of the batch")
    peaks = {
        "one": traced_peak(lambda: pdfs.render(batch[0])),
        "stepped": traced_peak(ways["stepped"]),
        "one-request": traced_peak(ways["one-request"]),
    }
    progress("Done")

    print(f"\n{connection.vendor}, WeasyPrint {weasyprint.__version__}, {os.cpu_count()} cores")
    print(
        f"\nOne credit-recognition transcript: {LINES} disciplines, {pages} pages, "
        f"{len(content) / 1024:.0f} KB; median of {RUNS} runs after {WARM_UPS} warm-ups\n"
    )
    print(f"{'':<62} {'wall ms':>8} {'(min–max)':>11} {'CPU ms':>8}")
    for label, timing in [
        ("through the app: transcripts.pdfs.render(transcript)", app),
        ("WeasyPrint alone: HTML(...).write_pdf(), same HTML, CSS, fonts", alone),
        ("  the app's own part: context (queries, QR code)", context),
        ("  the app's own part: template to HTML", template),
    ]:
        print(
            f"{label:<62} {median(timing.wall, 1000):>8.1f} {spread(timing.wall, 1000):>11} "
            f"{median(timing.cpu, 1000):>8.1f}"
        )
    own_wall = median(context.wall) + median(template.wall)
    own_cpu = median(context.cpu) + median(template.cpu)
    for label, wall, cpu in [
        (
            "overhead: through the app over WeasyPrint alone",
            median(app.wall) / median(alone.wall) - 1,
            median(app.cpu) / median(alone.cpu) - 1,
        ),
        (
            "overhead: the app's own part over WeasyPrint alone",
            own_wall / median(alone.wall),
            own_cpu / median(alone.cpu),
        ),
    ]:
        print(f"{label:<62} {wall * 100:>7.1f}% {'':>11} {cpu * 100:>7.1f}%")

    singles_cpu = median(batch_timings["singles"].cpu)
    size = zip_sizes[-1] / 1024
    print(
        f"\nBatch of {period}: {count} approved transcripts, ZIP of {size:.0f} KB; median of "
        f"{BATCH_RUNS} runs\n"
    )
    print(
        f"{'':<50} {'wall s':>7} {'(min–max)':>9} {'CPU s':>7} {'CPU per PDF':>12} "
        f"{'vs singles':>11}"
    )
    for name, label in [
        ("singles", f"{count} single renders (transcripts.pdfs.render)"),
        ("stepped", f"stepped job, as the page runs it ({count + 2} requests)"),
        ("one-request", "one request without JavaScript"),
    ]:
        timing = batch_timings[name]
        cpu = median(timing.cpu)
        print(
            f"{label:<50} {median(timing.wall):>7.1f} {spread(timing.wall):>9} {cpu:>7.1f} "
            f"{cpu / count * 1000:>9.0f} ms {(cpu / singles_cpu - 1) * 100:>+10.1f}%"
        )

    print(
        "\nMemory: the tracemalloc peak of a traced run (Python's allocations); the resident "
        "set size at the\nstart of a timed run and its peak during the run (VmHWM), of the run "
        "that rose most\n"
    )
    print(f"{'':<44} {'tracemalloc peak':>16} {'RSS at start':>13} {'peak RSS':>9}")
    for name, label, rss in [
        ("one", "one single render", one.rss),
        ("singles", f"{count} single renders", batch_timings["singles"].rss),
        ("stepped", f"batch of {count}, stepped job", batch_timings["stepped"].rss),
        ("one-request", f"batch of {count}, one request", batch_timings["one-request"].rss),
    ]:
        traced = f"{peaks[name] / MB:>13.1f} MB" if name in peaks else f"{'':>16}"
        if rss:
            start, peak = max(rss, key=lambda pair: pair[1] - pair[0])
            memory = f"{start / MB:>10.0f} MB {peak / MB:>6.0f} MB"
        else:
            memory = f"{'n/a':>13} {'n/a':>9}"
        print(f"{label:<44} {traced} {memory}")


def server_environment(static_root: str) -> dict[str, str]:
    """Production settings (DEBUG off), over plain HTTP on the loopback."""
    return {
        **os.environ,
        "DEBUG": "false",
        "DEMO": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": MEDIA_ROOT,
        "LOG_LEVEL": "WARNING",
    }


class Browser:
    """One logged-in user's connection to the server, as a browser keeps it (keep-alive)."""

    CSRF = "b" * 32  # any token of the right form: the cookie and the header carry the same

    def __init__(self, session: str):
        self.cookie = f"sessionid={session}; csrftoken={self.CSRF}"
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)

    def request(self, method: str, url: str, data: dict | None = None) -> bytes:
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.CSRF}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, url, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {url}: {response.status} {content[:200]!r}")
        return content


def http_batch(browsers: list[Browser], period: AcademicPeriod) -> bytes:
    """The page's job with len(browsers) steps in flight, as static/js/transcript-batch.js runs
    it: start, the steps, then the ZIP."""
    job = json.loads(
        browsers[0].request("POST", reverse("transcripts:batch_start"), {"period": period.pk})
    )
    # job["per_step"] PDFs a step when every one was kept at approval, as the page asks.
    per_step = job.get("per_step", 1)
    indexes = iter(range(0, job["total"], per_step))
    lock = threading.Lock()

    def runner(browser: Browser) -> None:
        while True:
            with lock:
                index = next(indexes, None)
            if index is None:
                return
            browser.request(
                "POST",
                job["step_url"],
                {"index": index, "count": min(per_step, job["total"] - index)},
            )

    threads = [threading.Thread(target=runner, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return browsers[0].request("GET", job["zip_url"])


def http_main() -> None:
    """The app as a user sees it: gunicorn (2 workers, DEBUG off) on PostgreSQL, over HTTP."""
    if connection.vendor != "postgresql":
        sys.exit("Set BENCH_DATABASE_URL to an empty PostgreSQL database made for the purpose.")
    call_command("migrate", verbosity=0)
    progress("Loading the demo into the bench database (nothing to do once it is there)")
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    transcript = bench_transcript()
    settings.DEBUG = False
    period = batch_period()
    batch = list(selectors.batch_transcripts(period))
    # Asked in another language than the copy kept at approval, the PDF is rendered, not copied.
    issued = IssuedPdf.objects.filter(transcript=transcript).first()
    if issued is None:
        language = default_for(pdfs.kind(transcript))
    else:
        kept = pdfs.kept_language(bytes(issued.content))
        language = next(value for value in DocumentLanguage.values if value != kept)
    captured: list[str] = []
    real = pdf_common.render_pdf
    pdf_common.render_pdf = lambda name, context, **kw: (
        captured.append(render_to_string(name, context)) or b""
    )
    try:
        pdfs.render(transcript, language)
    finally:
        pdf_common.render_pdf = real
    html = captured[0]
    font_config, css, base_url = pdf._stylesheet()

    def weasyprint_alone() -> bytes:
        document = HTML(string=html, base_url=base_url, url_fetcher=pdf._URL_FETCHER)
        return document.write_pdf(stylesheets=[css], font_config=font_config)

    static_root = tempfile.mkdtemp(prefix="transcript-bench-static-")
    environment = server_environment(static_root)
    manage = str(BENCH_DIR.parent / "manage.py")
    subprocess.run(
        [sys.executable, manage, "collectstatic", "--noinput", "-v0"], env=environment, check=True
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    progress(f"Starting gunicorn, 2 workers, on 127.0.0.1:{PORT}")
    server = subprocess.Popen(
        [
            gunicorn,
            "mobility_office.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "300",
        ],
        env=environment,
        cwd=BENCH_DIR.parent,
    )
    try:
        client = Client()
        client.force_login(get_user_model().objects.get(username="registrar"))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        browsers = [Browser(session), Browser(session)]
        pdf_url = reverse("transcripts:pdf", args=[transcript.pk]) + f"?lang={language}"
        progress(f"Timing the {LINES}-line PDF over HTTP and WeasyPrint alone, {RUNS} pairs")
        for _ in range(WARM_UPS + 2):  # both workers warm
            content = browsers[0].request("GET", pdf_url)
            browsers[1].request("GET", pdf_url)
            weasyprint_alone()
        over_http, alone = [], []
        for run in range(RUNS):
            pair = [
                (over_http, lambda: browsers[0].request("GET", pdf_url)),
                (alone, weasyprint_alone),
            ]
            for times, function in pair if run % 2 == 0 else pair[::-1]:
                started = time.perf_counter()
                function()
                times.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(content)).pages)

        progress(f"Timing the batch of {len(batch)} over HTTP, {BATCH_RUNS} rounds")
        single_urls = [reverse("transcripts:pdf", args=[t.pk]) for t in batch]
        ways = {
            "singles": lambda: [browsers[0].request("GET", url) for url in single_urls],
            "one in flight": lambda: http_batch(browsers[:1], period),
            "two in flight": lambda: http_batch(browsers, period),
        }
        for function in ways.values():
            function()  # warm-up
        timings: dict[str, list[float]] = {name: [] for name in ways}
        names = list(ways)
        for run in range(BATCH_RUNS):
            for name in names[run % len(names) :] + names[: run % len(names)]:
                started = time.perf_counter()
                ways[name]()
                timings[name].append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(static_root, ignore_errors=True)
    progress("Done")

    print(
        f"\n{connection.vendor}, gunicorn 2 workers, DEBUG off, "
        f"WeasyPrint {weasyprint.__version__}, {os.cpu_count()} cores"
    )
    print(
        f"\nOne credit-recognition transcript, {LINES} disciplines, {pages} pages, in {language}: "
        f"{RUNS} interleaved pairs after warm-ups\n"
    )
    print(f"{'':<58} {'median ms':>9} {'(min–max)':>12}")
    for label, times in [
        ("over HTTP: GET /transcripts/<pk>/pdf/?lang=", over_http),
        ("WeasyPrint alone on the same HTML, in this process", alone),
    ]:
        print(f"{label:<58} {median(times, 1000):>9.0f} {spread(times, 1000):>12}")
    print(f"{'ratio of the medians':<58} {median(over_http) / median(alone):>8.2f}x")
    print(f"\nBatch of {period}: {len(batch)} transcripts; median of {BATCH_RUNS} rounds\n")
    print(f"{'':<58} {'median s':>9} {'(min–max)':>12} {'vs singles':>10}")
    for name, label in [
        ("singles", f"{len(batch)} single downloads, one after another"),
        ("one in flight", "the page's steps, one in flight, and the ZIP"),
        ("two in flight", "the page's steps, two in flight, and the ZIP"),
    ]:
        times = timings[name]
        ratio = median(times) / median(timings["singles"])
        low_high = f"({min(times):.2f}–{max(times):.2f})"
        print(f"{label:<58} {median(times):>9.2f} {low_high:>12} {ratio:>9.2f}x")


if __name__ == "__main__":
    try:
        http_main() if HTTP else main()
    finally:
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
