"""Settings for Mobility Office, read from the environment.

Development needs no environment at all: DEBUG is on, the database is a SQLite file in the
project and e-mail goes to the console. With DEBUG off the settings refuse to start unless a
real SECRET_KEY and ALLOWED_HOSTS are given, so a half-configured server never serves.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from core.countries import country_names

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG is "
            'off. Generate one with: python -c "from django.core.management.utils import '
            'get_random_secret_key; print(get_random_secret_key())"'
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names this server answers to when DEBUG is off, "
            "for example ALLOWED_HOSTS=mobility.example.edu"
        )

INSTALLED_APPS = [
    # Before the admin, so that the admin shows the three names of a translated field.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "simple_history",
    "django_tasks_db",
    "axes",
    # The product's apps, each importing only from those above it in this list
    # (tests/test_layout.py): core has no models; the project package comes last.
    "core",
    "mail",
    "accounts",
    "documents",
    "agreements",
    "applications",
    "transcripts",
    "reports",
    "mobility_office",
]

# The demo data and its load_demo command, for development and trial installations only: a
# production server (DEBUG off) has no such command unless DEMO is turned on explicitly.
DEMO = env_bool("DEMO", DEBUG)
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a login refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mobility_office.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "mobility_office.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side cursors serve only .iterator(): the selects of the forms (a period, a credit
    # system: a few dozen options) and a few migrations and commands. Each would take three
    # round trips (DECLARE, FETCH, CLOSE) for rows that fit in one answer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the e-mail worker write at the same time: each transaction takes the
    # write lock as it begins, waiting for it up to 20 s, instead of failing with "database is
    # locked" when a transaction that read first then needs to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache, so that every worker process sees the same throttling counts; its table is
# made by `manage.py createcachetable` (./dev demo and the deployment steps run it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mobility_cache",
    }
}
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 when none, and then
# the header is ignored, since a client could write anything into it.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# The public verification page answers one address this many lookups (pages and PDFs, found or
# not) per window of seconds, then 429 until the window ends: ample for people, useless for
# guessing codes.
VERIFY_THROTTLE_LIMIT = env_int("VERIFY_THROTTLE_LIMIT", 30)
VERIFY_THROTTLE_WINDOW = env_int("VERIFY_THROTTLE_WINDOW", 600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes comes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",
    # Sessions begun before the one above was added name this one; it stays so that they go on.
    # It answers from the permissions the one above read (the same cache on the user).
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes). A username is locked after LOGIN_FAILURE_LIMIT failed logins from
# any addresses, and an address after LOGIN_ADDRESS_FAILURE_LIMIT failed logins for any
# usernames (larger: a campus network shares one address), for LOGIN_COOLOFF_MINUTES after the
# last failure. A login forgets that username's failures from that address. Staff lift a lockout
# on the lockouts page; the failures stay in the access failure log.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.handlers.LoginAttemptsHandler"
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
# A try during the lockout does not start the wait again, so the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Failed logins and lockouts are logged as warnings; no banner at every start of manage.py.
AXES_VERBOSE = False
# Sign-up and password reset, counted per address per hour: past the limit the page answers 429
# with the form as it was filled in. A password reset link goes to one e-mail address at most
# PASSWORD_RESET_EMAIL_LIMIT times an hour, and a student asks for a new e-mail confirmation
# link at most EMAIL_CONFIRMATION_RESEND_LIMIT times an hour; the link works for
# EMAIL_CONFIRMATION_DAYS.
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 20)
PASSWORD_RESET_RATE_LIMIT = env_int("PASSWORD_RESET_RATE_LIMIT", 10)
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3)
EMAIL_CONFIRMATION_RESEND_LIMIT = env_int("EMAIL_CONFIRMATION_RESEND_LIMIT", 3)
EMAIL_CONFIRMATION_DAYS = env_int("EMAIL_CONFIRMATION_DAYS", 3)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as 30.11.2026, times on the 24-hour clock and the reader's decimal separator in every
# language: mobility_office/formats/<language>/formats.py says why.
FORMAT_MODULE_PATH = ["mobility_office.formats"]

# Names the office enters (institutions, cities, programs, rounds, scales) are kept in the three
# languages by django-modeltranslation: one column per language on the same table, so lists filter
# and sort on them without joins. A name missing in the reader's language falls back in this order.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en", "ru", "kk"),
    "kk": ("ru", "en"),
    "ru": ("kk", "en"),
    "en": ("ru", "kk"),
}
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files are never served from a public URL: every download goes through a view that
# checks who asks, so MEDIA_URL stays unset.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
# An uploaded image is decoded whole to check it; this bounds the memory that takes (40 million
# pixels: an A4 page scanned at 600 dpi, about 120 MB while it is checked).
MAX_UPLOAD_PIXELS = env_int("MAX_UPLOAD_PIXELS", 40_000_000)
# Opening an uploaded PDF or image to check it stops after this many seconds.
UPLOAD_CHECK_SECONDS = env_int("UPLOAD_CHECK_SECONDS", 10)
# Spreadsheet imports (partners, agreements, incoming participants): the largest file read, and
# the most rows read from one file; reading stops at the first row over the limit.
IMPORT_MAX_SIZE = env_int("IMPORT_MAX_SIZE", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: the console in development, SMTP in production (Django 6.1 mailers).
EMAIL_BACKEND_NAME = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
# The address people use to reach the app, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mobility-office@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mails are recorded and sent by a background worker (`manage.py db_worker`, started by
# ./dev demo; see README for production) from a queue kept in the database, so a step never
# fails because the mail server is down. An e-mail that fails is tried again later (after 1, 5,
# 15 minutes, 1, 3, 6, then every 12 hours) up to EMAIL_MAX_ATTEMPTS times; staff see the ones
# not sent and can send them again.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)
if EMAIL_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured(f"EMAIL_MAX_ATTEMPTS must be 1 or more, not {EMAIL_MAX_ATTEMPTS}.")
# How the office hears of submitted applications: `each` sends one e-mail per submission at
# once; `daily` sends one digest a day, by `manage.py send_staff_digest` run from cron or a timer.
STAFF_NOTIFICATIONS = os.environ.get("STAFF_NOTIFICATIONS", "each").strip().lower() or "each"
if STAFF_NOTIFICATIONS not in {"each", "daily"}:
    raise ImproperlyConfigured(
        f"STAFF_NOTIFICATIONS must be each or daily, not {STAFF_NOTIFICATIONS!r}."
    )

# django-countries has no Kazakh catalogue. The countries the office works with are named here so
# that their names are translated in our own catalogues; every other country takes its Kazakh (and,
# where django-countries has none, Russian) name from iso-codes (core/countries.py).
COUNTRIES_OVERRIDE = {
    "KZ": _("Kazakhstan"),
    "RU": _("Russia"),
    "BG": _("Bulgaria"),
    "TR": _("Turkey"),
    "LV": _("Latvia"),
    "PL": _("Poland"),
    "BY": _("Belarus"),
    "UA": _("Ukraine"),
    "KG": _("Kyrgyzstan"),
    "UZ": _("Uzbekistan"),
    "TJ": _("Tajikistan"),
    "CY": _("Cyprus"),
}
COUNTRIES_OVERRIDE = country_names(COUNTRIES_OVERRIDE)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# An agreement whose end is this many days away or fewer counts as expiring.
AGREEMENT_EXPIRING_DAYS = env_int("AGREEMENT_EXPIRING_DAYS", 90)

# Whether the participant may upload the signed scan of their agreement (tripartite, or the staff
# mobility agreement) once the order is issued; the office always may.
PARTICIPANT_UPLOADS_SIGNED_AGREEMENT = env_bool("PARTICIPANT_UPLOADS_SIGNED_AGREEMENT", True)

# The private key and certificate (paths of PEM files) that sign the ELMO transcripts of incoming
# students (transcripts/elmo_write.py); both or neither. Without them the files say unsigned.
ELMO_SIGNING_KEY = os.environ.get("ELMO_SIGNING_KEY", "").strip()
ELMO_SIGNING_CERT = os.environ.get("ELMO_SIGNING_CERT", "").strip()
if bool(ELMO_SIGNING_KEY) != bool(ELMO_SIGNING_CERT):
    raise ImproperlyConfigured(
        "ELMO_SIGNING_KEY and ELMO_SIGNING_CERT go together: set both (the PEM files of the "
        "private key and of its certificate) or neither (ELMO transcripts are then unsigned)."
    )
for _name, _path in (
    ("ELMO_SIGNING_KEY", ELMO_SIGNING_KEY),
    ("ELMO_SIGNING_CERT", ELMO_SIGNING_CERT),
):
    if _path and not Path(_path).is_file():
        raise ImproperlyConfigured(
            f"{_name} is {_path!r}, which is not a file; give the path of the PEM file."
        )

# Production hardening; each can be relaxed from the environment, for example behind a proxy
# that terminates TLS and sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Only our own scripts, styles, images and fonts: no inline <script>, no style="" attribute, no
# event-handler attribute, nothing from another site. Bootstrap's CSS draws its icons from data:
# URIs, hence img-src data:. tests/mobility_office/test_csp.py keeps the templates clean of what
# this refuses, and the browser tests fail on any violation.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings are worth a log line.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Every task's start and end; the worker (`db_worker -v 1`) sets its own level.
        "django.tasks": {"level": "WARNING"},
    },
}
