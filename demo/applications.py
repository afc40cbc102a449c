"""Walks the demo mobilities (demo.mobilities, demo.open_applications) through the real workflow.

Every application is registered and moved on by the services of `applications.services`, as
staff and students do it in the browser: documents are uploaded (a small generated PDF stands
for each signed scan), the questionnaire and the individual curriculum are filled in, and each
step is recorded in the application's history. The participant's own steps are taken with their
account where they have one, and by the demo `staff` user otherwise (a paper application).

An application is matched on the participant's names, the partner and the period: one that
exists is left as it is, so loading twice changes nothing.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from agreements.models import (
    HOME_COUNTRY,
    AcademicPeriod,
    Agreement,
    Direction,
    EducationalProgram,
    Institution,
)
from applications import selectors, services
from applications.incoming import check_incoming_rows
from applications.models import (
    Application,
    ApplicationRound,
    ApplicationState,
    CurriculumLine,
    Document,
    DocumentKind,
    DocumentState,
    Order,
    ParticipantKind,
    Questionnaire,
    RoundPlace,
    Signature,
)
from demo import curricula, mobilities, open_applications, people

S = ApplicationState

# The steps each state is reached by, in order.
FILLED = ["fill", "upload", "submit"]
REVIEWED = [*FILLED, "review"]
APPROVED = [*REVIEWED, "accept", "approve"]
ORDERED = [*APPROVED, "order"]
SIGNED = [*ORDERED, "sign"]
PATHS: dict[str, list[str]] = {
    S.DRAFT: ["questionnaire"],
    S.SUBMITTED: FILLED,
    S.UNDER_REVIEW: REVIEWED,
    S.RETURNED: [*REVIEWED, "return"],
    S.RESUBMITTED: [*REVIEWED, "return", "resubmit"],
    S.APPROVED: APPROVED,
    S.ORDER_ISSUED: ORDERED,
    S.AGREEMENT_SIGNED: SIGNED,
    S.IN_MOBILITY: [*SIGNED, "start"],
    S.COMPLETED: [*SIGNED, "start", "complete"],
    S.REJECTED: [*REVIEWED, "reject"],
    S.WITHDRAWN: [*FILLED, "withdraw"],
}


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _pdf_text(text: str) -> str:
    return _ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """A small, valid one-page PDF standing for a signed scan."""
    text = [f"BT /F1 16 Tf 72 770 Td ({_pdf_text(title)}) Tj /F1 11 Tf"]
    for line in [*lines, "Demo data: this stands for the signed scan."]:
        text.append(f"0 -22 Td ({_pdf_text(line)}) Tj")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass
class Person:
    """Who an application is for, and the spec of the application to build."""

    last_name: str
    first_name: str
    partner: str
    period: tuple[str, str]
    direction: str
    state: str
    program: str | None = None
    participant_kind: str = ParticipantKind.STUDENT
    account: AbstractBaseUser | None = None
    email: str = ""
    phone: str = ""
    year_of_study: int | None = None
    language: str = ""
    curriculum: Sequence[tuple] = ()
    order: tuple[str, date] | None = None
    signed_on: date | None = None
    extra: dict = field(default_factory=dict)
    number: int = 0  # numbers the people, for their invented contacts


@dataclass
class Outcome:
    created: int = 0
    rounds: int = 0
    skipped: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)


class DemoApplications:
    def __init__(self, *, staff: AbstractBaseUser, today: date) -> None:
        self.staff = staff
        self.today = today
        self.outcome = Outcome()
        self.partners: dict[str, Institution | None] = {}
        self.periods: dict[tuple[str, str], AcademicPeriod | None] = {}
        self.programs = {program.code: program for program in EducationalProgram.objects.all()}
        self.count = 0

    def number(self, person: Person) -> Person:
        self.count += 1
        person.number = self.count
        return person

    # Lookups

    def partner(self, name: str) -> Institution | None:
        if name not in self.partners:
            self.partners[name] = Institution.objects.partners().filter(name_en=name).first()
        return self.partners[name]

    def period(self, key: tuple[str, str]) -> AcademicPeriod | None:
        if key not in self.periods:
            self.periods[key] = AcademicPeriod.objects.filter(
                academic_year=key[0], term=key[1]
            ).first()
        return self.periods[key]

    def agreement(
        self, *, partner: Institution, direction: str, kind: str, period: AcademicPeriod
    ) -> Agreement | None:
        return (
            Agreement.objects.covering(
                direction=direction,
                mobility_type=selectors.mobility_type_for(kind),
                starts_on=period.starts_on,
                ends_on=period.ends_on,
            )
            .filter(partner=partner)
            .order_by("-valid_from", "-pk")
            .first()
        )

    def exists(self, person: Person) -> bool:
        partner, period = self.partner(person.partner), self.period(person.period)
        return Application.objects.filter(
            last_name=person.last_name,
            first_name=person.first_name,
            partner=partner,
            period=period,
        ).exists()

    # Loading

    def load(self) -> Outcome:
        for group in mobilities.REPORTED_MOBILITIES:
            for data in group["participants"]:
                lines = group["curricula"]
                self.load_person(
                    Person(
                        last_name=data["last_name"],
                        first_name=data["first_name"],
                        partner=group["partner"],
                        period=group["period"],
                        direction=group["direction"],
                        state=group["state"],
                        program=data["program"],
                        year_of_study=group["year_of_study"],
                        language=group["language"],
                        curriculum=(lines[data["program"]] if isinstance(lines, dict) else lines),
                        order=group["order"],
                        signed_on=group["signed_on"],
                    )
                )
        self.load_incoming()
        round_ = self.load_round()
        self.load_open(round_)
        return self.outcome

    def load_person(self, person: Person, *, round_: ApplicationRound | None = None) -> None:
        self.number(person)
        partner, period = self.partner(person.partner), self.period(person.period)
        if partner is None or period is None:
            self.outcome.skipped.append(
                f"{person.last_name} {person.first_name}: no partner {person.partner!r} or "
                f"period {person.period}"
            )
            return
        if self.exists(person):
            return
        agreement = self.agreement(
            partner=partner, direction=person.direction, kind=person.participant_kind, period=period
        )
        if agreement is None:
            self.outcome.skipped.append(
                f"{person.last_name} {person.first_name}: no agreement with {partner} covers "
                f"{period}"
            )
            return
        if not person.email:
            person.email = self.email(person, partner)
        application = Application(
            participant=person.account,
            last_name=person.last_name,
            first_name=person.first_name,
            **people.id_names(person.last_name, person.first_name),
            email=person.email,
            phone=person.phone or self.phone(person.number),
            participant_kind=person.participant_kind,
            direction=person.direction,
            agreement=agreement,
            period=period,
            program=self.programs.get(person.program) if person.program else None,
            year_of_study=person.year_of_study,
            language_of_instruction=person.language,
        )
        in_round = (
            round_ is not None
            and round_.direction == person.direction
            and person.participant_kind in round_.participant_kind_list
            and round_.places.filter(agreement=agreement).exists()
        )
        if in_round:
            application.round = round_
        if in_round and person.account is not None and round_.is_open(on=self.today):
            # The student applies online while the round is open.
            application = services.application_create(application=application, by=person.account)
        else:
            # A paper application, registered by staff.
            application = services.application_create(
                application=application, by=self.staff, on_behalf=True
            )
        self.outcome.created += 1
        self.walk(application, person)

    def load_incoming(self) -> None:
        """The 43 incoming students, registered from rows as staff import them from a file."""
        period = self.period(mobilities.INCOMING_PERIOD)
        persons = []
        for data in mobilities.incoming_students():
            person = Person(
                last_name=data["last_name"],
                first_name=data["first_name"],
                partner=data["partner"],
                period=mobilities.INCOMING_PERIOD,
                direction=Direction.INCOMING,
                state=S.IN_MOBILITY,
                program=data["program"],
                curriculum=curricula.INCOMING_CURRICULA[data["program"]],
                order=mobilities.INCOMING_ORDER,
                signed_on=mobilities.INCOMING_SIGNED_ON,
            )
            self.number(person)
            partner = self.partner(person.partner)
            if partner is None or period is None or self.exists(person):
                continue
            person.email = self.email(person, partner)
            person.phone = self.phone(person.number)
            persons.append(person)
        if not persons:
            return
        rows = [
            {
                "last_name": person.last_name,
                "first_name": person.first_name,
                **people.id_names(person.last_name, person.first_name),
                "email": person.email,
                "phone": person.phone,
                "home_institution": self.partner(person.partner).code
                or self.partner(person.partner).name,
                "program": person.program,
                "academic_year": period.academic_year,
                "term": period.term,
                "participant_kind": ParticipantKind.STUDENT,
            }
            for person in persons
        ]
        # A row staff made impossible (an archived agreement, say) is left out, not the file.
        bad = {number for number, _problem in check_incoming_rows(rows).errors}
        good = []
        for number, (person, row) in enumerate(zip(persons, rows, strict=True), start=2):
            if number in bad:
                self.outcome.skipped.append(f"{person.last_name} {person.first_name}: bad row")
            else:
                good.append((person, row))
        created = services.incoming_import(rows=[row for _person, row in good], by=self.staff)
        self.outcome.created += len(created)
        for (person, _row), application in zip(good, created, strict=True):
            self.walk(application, person)

    def load_round(self) -> ApplicationRound | None:
        data = open_applications.OPEN_ROUND
        period = self.period(data["period"])
        if period is None:
            return None
        existing = ApplicationRound.objects.filter(title_en=data["title"], period=period).first()
        if existing is not None:
            return existing
        places = []
        for name in data["partners"]:
            partner = self.partner(name)
            agreement = partner and self.agreement(
                partner=partner, direction=data["direction"], kind="student", period=period
            )
            if agreement:
                limit = agreement.places_for(direction=data["direction"], mobility_type="study")
                places.append(RoundPlace(agreement=agreement, places=limit))
        round_ = ApplicationRound(
            title_en=data["title"],
            title_kk=data["title_kk"],
            title_ru=data["title_ru"],
            period=period,
            direction=data["direction"],
            participant_kinds=data["participant_kinds"],
            opens_on=self.today - timedelta(days=data["opened_days_ago"]),
            closes_on=self.today + timedelta(days=data["closes_in_days"]),
            notes=data["notes"],
        )
        services.round_save(round_=round_, places=places, by=self.staff)
        self.outcome.rounds += 1
        return round_

    def load_open(self, round_: ApplicationRound | None) -> None:
        User = get_user_model()
        order = open_applications.OPEN_ORDER
        for data in open_applications.OPEN_APPLICATIONS:
            account = None
            if "account" in data:
                account = User.objects.filter(username=data["account"]).first()
            kind = data.get("participant_kind", ParticipantKind.STUDENT)
            program = data.get("program")
            partner_name = data["partner"]
            curriculum = self.open_curriculum(partner_name, program, data)
            known = {"state", "account", "partner", "program", "year_of_study", "language"}
            known |= {"participant_kind", "last_name", "first_name", "direction"}
            self.load_person(
                Person(
                    last_name=account.last_name if account else data["last_name"],
                    first_name=account.first_name if account else data["first_name"],
                    partner=partner_name,
                    period=open_applications.OPEN_PERIOD,
                    direction=data.get("direction", Direction.OUTGOING),
                    state=data["state"],
                    program=program,
                    participant_kind=kind,
                    account=account,
                    email=account.email if account else "",
                    year_of_study=data.get("year_of_study"),
                    language=data.get("language", ""),
                    curriculum=curriculum,
                    order=order,
                    signed_on=open_applications.OPEN_SIGNED_ON,
                    extra={key: value for key, value in data.items() if key not in known},
                ),
                round_=round_,
            )

    def open_curriculum(self, partner: str, program: str | None, data: dict) -> Sequence[tuple]:
        if program is None:
            return ()
        if data.get("direction") == Direction.INCOMING:
            return curricula.INCOMING_CURRICULA[program]
        if partner == "Turiba University":
            return curricula.TURIBA_CURRICULA[program]
        if partner == "Antalya Bilim University":
            return curricula.ANTALYA_CURRICULA.get(program, curricula.GENERAL_CURRICULUM)
        if partner in curricula.DOMESTIC_CURRICULA:
            return curricula.DOMESTIC_CURRICULA[partner]
        return curricula.GENERAL_CURRICULUM

    # Invented contacts

    def email(self, person: Person, partner: Institution) -> str:
        name = _ascii(f"{person.first_name}.{person.last_name}").lower().replace(" ", "")
        if person.direction == Direction.INCOMING:
            domain = (partner.code or "partner").split(".")[0]
            return f"{name}@students.{domain}.example"
        return f"{name}@students.kuth.example"

    def phone(self, n: int) -> str:
        return f"+7 70{n % 8} {100 + n:03d} {(n * 37) % 100:02d} {(n * 61) % 100:02d}"

    # The workflow

    def walk(self, application: Application, person: Person) -> Application:
        """Moves a new application to the person's state through the workflow's steps."""
        participant = person.account or self.staff
        for step in PATHS[person.state]:
            application = getattr(self, f"step_{step}")(application, person, participant)
        application.refresh_from_db()
        if application.state != person.state:
            raise RuntimeError(
                f"{application.full_name} ended {application.state}, not {person.state}."
            )
        if application.submitted_at is not None:
            # Every demo submission happens while loading; spread them over the last weeks so
            # the staff queue shows waits as an office sees them.
            waited = timedelta(days=1 + sum(map(ord, person.last_name)) % 20, hours=person.number)
            Application.objects.filter(pk=application.pk).update(
                submitted_at=F("submitted_at") - waited,
                staff_notified_at=F("staff_notified_at") - waited,
            )
            application.refresh_from_db()
        return application

    def upload(self, document: Document, person: Person, by: AbstractBaseUser, note: str = ""):
        title = f"{document.get_kind_display().capitalize()}: {person.last_name} "
        title += person.first_name
        lines = [str(document.application.partner), str(document.application.period)]
        if note:
            lines.append(note)
        content = demo_pdf(title, lines)
        name = f"{document.kind}-{_ascii(person.last_name).lower()}.pdf"
        return services.document_upload(
            document=document,
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
            by=by,
        )

    def step_questionnaire(self, application, person, participant):
        if application.participant_kind != ParticipantKind.STUDENT:
            return application
        services.questionnaire_save(
            questionnaire=self.questionnaire(application, person), by=participant
        )
        return application

    def step_fill(self, application, person, participant):
        self.step_questionnaire(application, person, participant)
        version = selectors.current_curriculum(application)
        if version is not None and person.curriculum:
            term = self.term_label(application.period)
            lines = [
                CurriculumLine(
                    host_code=host_code,
                    host_title=host_title,
                    host_credits=Decimal(host_credits),
                    term=term,
                    home_code=home_code,
                    home_title=home_title,
                    home_credits=Decimal(home_credits),
                )
                for host_code, host_title, host_credits, home_code, home_title, home_credits in (
                    person.curriculum
                )
            ]
            services.curriculum_save_lines(version=version, lines=lines, by=participant)
        return application

    def step_upload(self, application, person, participant):
        for document in application.documents.filter(
            kind__in=application.participant_document_kinds()
        ):
            self.upload(document, person, participant)
        return application

    def step_submit(self, application, person, participant):
        return services.application_submit(application=application, by=participant)

    def step_review(self, application, person, participant):
        return services.application_start_review(application=application, by=self.staff)

    def step_return(self, application, person, participant):
        kind, reason = person.extra["returned_document"]
        document = application.documents.get(kind=kind)
        services.document_return(document=document, reason=reason, by=self.staff)
        return services.application_return(
            application=application, comment=person.extra["return_comment"], by=self.staff
        )

    def step_resubmit(self, application, person, participant):
        kind, _reason = person.extra["returned_document"]
        document = application.documents.get(kind=kind)
        self.upload(document, person, participant, note="Uploaded again, complete.")
        return services.application_submit(application=application, by=participant)

    def step_accept(self, application, person, participant):
        for document in application.documents.filter(state=DocumentState.UPLOADED):
            services.document_accept(document=document, by=self.staff)
        version = selectors.current_curriculum(application)
        if version is not None and version.lines.exists():
            services.curriculum_approve(version=version, by=self.staff)
        return application

    def step_approve(self, application, person, participant):
        taken, limit = selectors.places_taken(application)
        if limit is not None and taken >= limit:
            comment = (
                "Demo data: the source document counts more students than the agreement's "
                "places for the year."
            )
            self.outcome.overrides.append(
                f"{application.full_name} at {application.partner} ({taken} of {limit} taken)"
            )
            return services.application_approve(
                application=application, by=self.staff, override_places=True, comment=comment
            )
        return services.application_approve(application=application, by=self.staff)

    def step_order(self, application, person, participant):
        # One rector's order per date lists every participant the account gives it: the first
        # one issues it (with its signed scan), the others are listed in it as they come.
        number, issued_on = person.order
        order = Order.objects.filter(number=number).first()
        if order is None:
            content = demo_pdf(
                f"Rector's order No. {number} of {issued_on:%d.%m.%Y}",
                ["On the academic mobility of the participants listed"],
            )
            services.order_issue(
                applications=[application],
                number=number,
                issued_on=issued_on,
                upload=SimpleUploadedFile(
                    f"order-{number.replace('/', '-')}.pdf", content, "application/pdf"
                ),
                by=self.staff,
            )
        else:
            services.order_include(order=order, applications=[application], by=self.staff)
        application = Application.objects.get(pk=application.pk)
        # Only the signatures listed were given so far; without a list, all three were.
        if person.state == S.ORDER_ISSUED and "signatures" in person.extra:
            self.sign(application, person, parties=person.extra["signatures"])
        return application

    def step_sign(self, application, person, participant):
        self.sign(application, person, parties=Signature.Party.values)
        tripartite = application.documents.filter(
            kind__in=[DocumentKind.TRIPARTITE, DocumentKind.STAFF_AGREEMENT]
        ).first()
        if tripartite is not None:
            self.upload(tripartite, person, self.staff, note="Signed by the three parties.")
            services.document_accept(document=tripartite, by=self.staff)
        application.refresh_from_db()
        return application

    def sign(self, application, person, *, parties: Sequence[str]) -> None:
        for signature in application.signatures.filter(party__in=parties).order_by("pk"):
            services.signature_record(
                signature=signature,
                status=Signature.Status.SIGNED,
                method=Signature.Method.PAPER,
                signed_on=person.signed_on,
                by=self.staff,
            )

    def step_start(self, application, person, participant):
        return services.application_start_mobility(application=application, by=self.staff)

    def step_complete(self, application, person, participant):
        return services.application_complete(application=application, by=self.staff)

    def step_reject(self, application, person, participant):
        return services.application_reject(
            application=application, comment=person.extra["reject_comment"], by=self.staff
        )

    def step_withdraw(self, application, person, participant):
        return services.application_withdraw(
            application=application, by=participant, comment=person.extra["withdraw_comment"]
        )

    # Invented questionnaire

    def term_label(self, period: AcademicPeriod) -> str:
        year = period.first_year + (1 if period.term == AcademicPeriod.Term.SPRING else 0)
        return f"{period.get_term_display().capitalize()} {year}"

    def questionnaire(self, application: Application, person: Person) -> Questionnaire:
        n = person.number
        period = application.period
        foreign = not application.partner.is_domestic
        age = 18 + (application.year_of_study or 2)
        born = date(period.first_year - age, 1 + n % 12, 1 + (n * 7) % 28)
        city = application.partner.city if application.direction == Direction.INCOMING else "Almaty"
        streets = ["Abay Avenue", "Tole Bi Street", "Dostyk Avenue", "Satpayev Street"]
        if application.partner.country.code == "TR":
            languages = "Kazakh (native), Russian (C2), English (B1), Turkish (A1)"
        elif person.language == "English":
            languages = "Kazakh (native), Russian (C2), English (B2)"
        else:
            languages = "Kazakh (native), Russian (C1), English (A2)"
        family_name = person.last_name if person.last_name.endswith("a") else person.last_name + "a"
        mothers = ["Gulmira", "Saltanat", "Aigul", "Zhanar", "Raushan", "Bakhyt"]
        if application.direction == Direction.INCOMING:
            motivation = (
                f"To take the {application.program.name if application.program else ''} courses "
                "that my university does not offer and to learn from the hotels and tour "
                "operators of Almaty."
            )
        elif foreign:
            motivation = (
                f"To study tourism and hospitality in {application.partner.country.name}, "
                "improve my English and bring international practice back to my program."
            )
        else:
            motivation = (
                f"To take the disciplines {application.partner} is known for and see how the "
                "industry works in another region of Kazakhstan."
            )
        return Questionnaire(
            application=application,
            date_of_birth=born,
            citizenship=HOME_COUNTRY,
            iin=people.iin(born, woman=people.is_woman(person.last_name), number=n),
            address=f"{city}, {streets[n % len(streets)]} {10 + n % 90}, apt. {1 + (n * 3) % 120}",
            id_document_number=f"N{10_000_000 + n * 7919:08d}" if foreign else "",
            id_document_valid_until=date(period.first_year + 6, 1 + n % 12, 1) if foreign else None,
            languages=languages,
            emergency_contact_name=f"{mothers[n % len(mothers)]} {family_name} (mother)",
            emergency_contact_phone=f"+7 701 {200 + n:03d} {(n * 29) % 100:02d} 00",
            motivation=motivation,
        )


def load(*, staff: AbstractBaseUser, today: date) -> Outcome:
    return DemoApplications(staff=staff, today=today).load()
