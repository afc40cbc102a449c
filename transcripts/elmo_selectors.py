"""What a partner's ELMO document says about one mobility: reads, nothing changed.

- The issuer of each report is the mobility's partner when its SCHAC code is the partner's
  (Institution.code) or its Erasmus code is the partner's (Institution.erasmus_code); else when
  one of its names is one of the partner's, in any language. Otherwise it is not matched, and the
  registrar must confirm that the document is from this mobility's partner.
- The learner is the participant when the family and given names are the participant's, in
  Latin or in Cyrillic letters (compared as core.search folds them: any case or script), and the
  birth date is the questionnaire's where both are known. A mismatch is shown and must be
  confirmed.
- Each course is a discipline of the individual curriculum (the approved version, else the
  current one) with the same host code, else the same title in any of the file's languages,
  as transcripts.selectors.agreed_discipline finds it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from agreements.models import Institution
from applications.models import Application, CurriculumLine, CurriculumVersion, Questionnaire
from applications.selectors import approved_curriculum, current_curriculum
from core.search import fold
from core.three_names import LANGUAGES, column

from . import selectors
from .elmo_read import ElmoDocument, Issuer, Report, Specification
from .models import CreditSystem
from .services import LineData


def _code(text: str) -> str:
    return " ".join(text.split()).casefold()


def _erasmus(text: str) -> str:
    # "LV RIGA27", "LV  RIGA27" and "lv riga27" are one code.
    return "".join(text.split()).casefold()


def _name(text: str) -> str:
    return fold(" ".join(text.split())) or ""


@dataclass(frozen=True)
class IssuerMatch:
    report: Report
    matched_by: str  # "schac", "erasmus", "name", or "" when not matched
    # Another institution of the register with the issuer's code, where the partner is not it.
    other: Institution | None = None

    @property
    def issuer(self) -> Issuer:
        return self.report.issuer

    @property
    def matched(self) -> bool:
        return bool(self.matched_by)


def _partner_names(partner: Institution) -> set[str]:
    names = [getattr(partner, column("name", language)) or "" for language in LANGUAGES]
    names += [partner.name_local or ""]
    return {_name(name) for name in names if name.strip()}


def match_issuer(report: Report, partner: Institution) -> IssuerMatch:
    issuer = report.issuer
    if issuer.schac and partner.code and _code(issuer.schac) == _code(partner.code):
        return IssuerMatch(report, "schac")
    if (
        issuer.erasmus
        and partner.erasmus_code
        and _erasmus(issuer.erasmus) == _erasmus(partner.erasmus_code)
    ):
        return IssuerMatch(report, "erasmus")
    names = _partner_names(partner)
    if any(_name(title) in names for title in issuer.titles.values()):
        return IssuerMatch(report, "name")
    other = None
    lookups = Q()
    if issuer.schac:
        lookups |= Q(code__iexact=issuer.schac.strip())
    if issuer.erasmus:
        lookups |= Q(erasmus_code__iexact=" ".join(issuer.erasmus.split()))
    if lookups:
        other = Institution.objects.filter(lookups).exclude(pk=partner.pk).first()
    return IssuerMatch(report, "", other=other)


@dataclass(frozen=True)
class LearnerCheck:
    """How the file's learner compares with the participant."""

    name_matches: bool
    # "same", "differs", or "" when the file or the questionnaire gives no birth date.
    birth_date: str
    participant_names: tuple[str, ...]
    participant_birth_date: date | None

    @property
    def matches(self) -> bool:
        return self.name_matches and self.birth_date != "differs"


def _same_person_name(given: str, family: str, first: str, last: str) -> bool:
    if not (first.strip() and last.strip()):
        return False
    if _name(family) != _name(last):
        return False
    given_words = {_name(word) for word in given.split()}
    return _name(given) == _name(first) or _name(first) in given_words


def check_learner(document: ElmoDocument, application: Application) -> LearnerCheck:
    learner = document.learner
    pairs = [(application.first_name, application.last_name)]
    if application.first_name_cyrillic and application.last_name_cyrillic:
        pairs.append((application.first_name_cyrillic, application.last_name_cyrillic))
    name_matches = any(
        _same_person_name(learner.given_names, learner.family_name, first, last)
        for first, last in pairs
    )
    questionnaire = Questionnaire.objects.filter(application=application).first()
    born = questionnaire.date_of_birth if questionnaire is not None else None
    if born is None or learner.birth_date is None:
        birth = ""
    else:
        birth = "same" if born == learner.birth_date else "differs"
    return LearnerCheck(
        name_matches=name_matches,
        birth_date=birth,
        participant_names=tuple(" ".join(pair) for pair in pairs),
        participant_birth_date=born,
    )


@dataclass(frozen=True)
class CourseMatch:
    course: Specification
    discipline: CurriculumLine | None
    matched_by: str  # "code", "title", or ""
    host_title: str  # the title the transcript line takes

    @property
    def matched(self) -> bool:
        return self.discipline is not None


def match_course(course: Specification, disciplines: list[CurriculumLine]) -> CourseMatch:
    title = course.title
    if course.local_code:
        found = selectors.agreed_discipline(disciplines, host_code=course.local_code, host_title="")
        if found is not None:
            return CourseMatch(course, found, "code", title)
    # The title as the curriculum wrote it, in whichever of the file's languages it matches.
    for candidate in [title, *course.titles.values()]:
        found = selectors.agreed_discipline(disciplines, host_code="", host_title=candidate)
        if found is not None:
            return CourseMatch(course, found, "title", candidate)
    return CourseMatch(course, None, "", title)


@dataclass
class ElmoPreview:
    """The document against one mobility: what confirming would fill, and what must be
    confirmed first."""

    document: ElmoDocument
    application: Application
    curriculum: CurriculumVersion | None
    issuers: list[IssuerMatch]
    learner: LearnerCheck
    courses: list[CourseMatch]
    disciplines_without_course: list[CurriculumLine] = field(default_factory=list)
    # The credit system the partner's transcripts count in (its factor makes home credits).
    credit_system: CreditSystem | None = None

    @property
    def other_credit_schemes(self) -> list[str]:
        """The file's credit schemes that are not the partner's credit system: its credits would
        be counted with a factor meant for other credits."""
        if self.credit_system is None:
            return []
        system = (getattr(self.credit_system, column("name", "en")) or "").strip().casefold()
        system_is_ects = "ects" in system.replace("-", " ").split()
        schemes = {
            match.course.credit.scheme.strip()
            for match in self.courses
            if match.course.credit is not None and match.course.credit.scheme.strip()
        }
        return sorted(
            scheme
            for scheme in schemes
            if (scheme.casefold() == "ects") != system_is_ects
            or (not system_is_ects and scheme.casefold() != system)
        )

    @property
    def issuer_needs_confirmation(self) -> bool:
        return not self.issuers or not all(match.matched for match in self.issuers)

    @property
    def learner_needs_confirmation(self) -> bool:
        return not self.learner.matches

    @property
    def unmatched_courses(self) -> list[CourseMatch]:
        return [match for match in self.courses if not match.matched]

    def lines(self) -> list[LineData]:
        """Each course as the registrar would type it on the transcript's form."""
        lines = []
        for match in self.courses:
            course, discipline = match.course, match.discipline
            credit = course.credit
            lines.append(
                LineData(
                    host_code=course.local_code,
                    host_title=match.host_title,
                    host_credits=credit.value if credit is not None else None,
                    grade=course.result,
                    home_code=discipline.home_code if discipline is not None else "",
                    home_title=discipline.home_title if discipline is not None else "",
                )
            )
        return lines


def preview(document: ElmoDocument, application: Application) -> ElmoPreview:
    curriculum = approved_curriculum(application) or current_curriculum(application)
    disciplines = list(curriculum.lines.all()) if curriculum is not None else []
    courses = [match_course(course, disciplines) for course in document.courses]
    used = {match.discipline.pk for match in courses if match.discipline is not None}
    return ElmoPreview(
        document=document,
        application=application,
        curriculum=curriculum,
        issuers=[match_issuer(report, application.partner) for report in document.reports],
        learner=check_learner(document, application),
        courses=courses,
        disciplines_without_course=[line for line in disciplines if line.pk not in used],
        credit_system=_credit_system(application.partner),
    )


def _credit_system(partner: Institution) -> CreditSystem | None:
    try:
        return selectors.credit_system_for(partner)
    except CreditSystem.DoesNotExist:
        return None
