"""Loads the demo data of the demo app's modules; running it again changes nothing.

Rows are matched on their natural keys (institution name, country and city; agreement partner
and number; program code; academic year and term; username) and only missing ones are created,
so staff edits to rows that exist are kept. Contacts and cooperation conditions are created
together with their institution or agreement, never added to an existing one.

The partners and agreements come from demo.partners, the programs and periods from
demo.programs, the accounts from demo.users. The mobilities of the office's report
(demo.mobilities) and a few open applications (demo.open_applications) are then registered and
walked through the real workflow (see demo.applications), matched on the participant's names, the
partner and the period. The e-mails those steps send go nowhere while the demo loads. Last, the
demo registrar records their transcripts (see demo.transcripts), matched on the
application and the version.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.services import email_confirm
from agreements.models import (
    AcademicPeriod,
    Agreement,
    Contact,
    CooperationCondition,
    EducationalProgram,
    Institution,
)
from agreements.selectors import home_institution
from agreements.services import agreement_save, institution_save, reference_save
from demo import applications, partners, programs, register_names, transcripts, users

INSTITUTION_FIELDS = ["name_local", "country", "website", "code", "notes"]

# What the summary reports, in this order: counter key, singular, plural.
SUMMARY = [
    ("institutions", "institution", "institutions"),
    ("contacts", "contact", "contacts"),
    ("agreements", "agreement", "agreements"),
    ("conditions", "cooperation condition", "cooperation conditions"),
    ("programs", "educational program", "educational programs"),
    ("periods", "academic period", "academic periods"),
    ("users", "user", "users"),
    ("rounds", "application round", "application rounds"),
    ("applications", "mobility application", "mobility applications"),
    ("transcripts", "transcript", "transcripts"),
]
# The workflow's steps e-mail the participants; while the demo loads, nobody is written to: the
# e-mails are recorded and "sent" at once, to nowhere, instead of waiting in the queue.
SILENT_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class Command(BaseCommand):
    help = (
        "Loads the demo partners, agreements, programs, academic periods, the accounts "
        "staff, registrar and student (password 'demo'), the mobility applications of the office's "
        "report and their transcripts. Creates only what is missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even with DEBUG off (a staging copy); never on a production database.",
        )

    def handle(self, *args, **options) -> None:
        # The demo accounts have a known password: they must never reach a production database.
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG is off, so this looks like production: the demo data and its accounts "
                "with the password 'demo' were not loaded."
            )
        self.created = {key: 0 for key, _singular, _plural in SUMMARY}
        self.today = timezone.localdate()
        with override_settings(MAILERS=SILENT_MAILERS, TASKS=IMMEDIATE_TASKS), transaction.atomic():
            home = self.load_home_institution()
            for partner in partners.PARTNERS:
                self.load_partner(partner, home=home)
            self.load_programs()
            self.load_periods()
            self.load_users()
            self.load_applications()
            self.load_transcripts()
        self.stdout.write(self.summary())

    def summary(self) -> str:
        parts = [
            f"{self.created[key]} {singular if self.created[key] == 1 else plural}"
            for key, singular, plural in SUMMARY
            if self.created[key]
        ]
        if not parts:
            return "Demo data already loaded; nothing changed."
        return self.style.SUCCESS("Created " + ", ".join(parts) + ".")

    def load_home_institution(self) -> Institution:
        # Only one institution may be ours: keep the one there is, even if staff renamed it.
        home = home_institution()
        if home is None:
            home = self.new_institution(partners.HOME_INSTITUTION)
            home.is_home = True
            institution_save(institution=home, by=None)
            self.created["institutions"] += 1
        return home

    def load_partner(self, data: dict, *, home: Institution) -> None:
        partner = Institution.objects.filter(
            name_en=data["name"], country=data["country"], city_en=data["city"]
        ).first()
        if partner is None:
            partner = self.new_institution(data)
            contacts = [Contact(**contact) for contact in data.get("contacts", [])]
            institution_save(institution=partner, contacts=contacts, by=None)
            self.created["institutions"] += 1
            self.created["contacts"] += len(contacts)
        for agreement in data["agreements"]:
            if not partner.agreements.filter(number=agreement["number"]).exists():
                self.create_agreement(agreement, partner=partner, home=home)

    def new_institution(self, data: dict) -> Institution:
        fields = {name: data[name] for name in INSTITUTION_FIELDS if name in data}
        # Name and city in Kazakh, Russian and English.
        names = register_names
        fields |= names.in_three_languages("name", data["name"], names.INSTITUTIONS)
        fields |= names.in_three_languages("city", data["city"], names.CITIES)
        # Codes are unique: if staff gave this code to another institution, leave ours empty.
        if fields.get("code") and Institution.objects.filter(code=fields["code"]).exists():
            fields["code"] = ""
        return Institution(**fields)

    def create_agreement(self, data: dict, *, partner: Institution, home: Institution) -> None:
        if "expires_in_days" in data:
            # "Expiring" is relative to today, so these dates are counted from the day of loading.
            valid_until = self.today + timedelta(days=data["expires_in_days"])
        else:
            valid_until = data["valid_until"]
        signatories = data.get("signatories") or f"Rector, {home.name}\nRector, {partner.name}"
        agreement = Agreement(
            partner=partner,
            kind=data["kind"],
            number=data["number"],
            date_signed=data["date_signed"],
            signatories=signatories,
            valid_from=data["valid_from"],
            valid_until=valid_until,
        )
        conditions = [CooperationCondition(**condition) for condition in data["conditions"]]
        agreement_save(agreement=agreement, conditions=conditions, by=None)
        self.created["agreements"] += 1
        self.created["conditions"] += len(conditions)

    def load_programs(self) -> None:
        for data in programs.EDUCATIONAL_PROGRAMS:
            if not EducationalProgram.objects.filter(code=data["code"]).exists():
                names = register_names.PROGRAMS.get(data["code"], ("", ""))
                program = EducationalProgram(
                    code=data["code"],
                    level=data["level"],
                    name_kk=names[0] or None,
                    name_ru=names[1] or None,
                    name_en=data["name"],
                )
                reference_save(instance=program, by=None)
                self.created["programs"] += 1

    def load_periods(self) -> None:
        for academic_year in programs.ACADEMIC_YEARS:
            for term in programs.TERMS:
                if AcademicPeriod.objects.filter(academic_year=academic_year, term=term).exists():
                    continue
                starts_on, ends_on = AcademicPeriod.default_dates(academic_year, term)
                period = AcademicPeriod(
                    academic_year=academic_year, term=term, starts_on=starts_on, ends_on=ends_on
                )
                reference_save(instance=period, by=None)
                self.created["periods"] += 1

    def load_users(self) -> None:
        User = get_user_model()
        for data in users.USERS:
            # An existing account is left as it is, its password and groups included.
            if User.objects.filter(username=data["username"]).exists():
                continue
            user = User.objects.create_user(
                username=data["username"],
                email=data["email"],
                password=users.DEMO_PASSWORD,
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            if data["group"]:
                # The groups come from the migrations, with their permissions.
                user.groups.add(Group.objects.get(name=data["group"]))
            # The demo's addresses are made up: no link could ever be followed.
            email_confirm(user=user)
            self.created["users"] += 1
        for data in users.DEMO_STUDENT_ACCOUNTS:
            if User.objects.filter(username=data["username"]).exists():
                continue
            # Accounts that own demo applications; nobody can log in to them.
            email_confirm(user=User.objects.create_user(password=None, **data))
            self.created["users"] += 1

    def load_applications(self) -> None:
        staff = get_user_model().objects.get(username="staff")
        outcome = applications.load(staff=staff, today=self.today)
        self.created["applications"] += outcome.created
        self.created["rounds"] += outcome.rounds
        for problem in outcome.skipped:
            self.stderr.write(self.style.WARNING(f"Not loaded: {problem}"))
        for override in outcome.overrides:
            self.stdout.write(f"Approved over the agreement's places: {override}")

    def load_transcripts(self) -> None:
        registrar = get_user_model().objects.filter(username="registrar").first()
        if registrar is None:
            self.stderr.write(self.style.WARNING("Not loaded: transcripts (no user 'registrar')"))
            return
        outcome = transcripts.load(registrar=registrar)
        self.created["transcripts"] += outcome.created
        for problem in outcome.skipped:
            self.stderr.write(self.style.WARNING(f"Not loaded: {problem}"))
