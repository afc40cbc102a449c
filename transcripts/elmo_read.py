"""A partner's ELMO (EMREX) transcript of records, read into plain data.

`read(data)` checks the document with core.xmldocs (safe parsing, the ELMO root, the official
schema; every refusal a ValidationError saying why) and returns an `ElmoDocument`: the learner,
and for each report its issuer, its courses and the grading schemes it describes. Nothing here
touches the database; matching the document to a mobility is in elmo_selectors.py.

Which learning opportunities are courses: ELMO nests them (a degree programme holds modules and
courses, a course holds classes). EMREX defines a "Course" as the smallest entity credits are
gained from, so every node typed Course is a course line; a node without a known type is one too
when it carries a result or credits and no course encloses it. Degree programmes, modules and
classes are read (`ElmoDocument.all_specifications`) but are not lines of a transcript.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import translation
from lxml import etree

from core import xmldocs

NS = {"e": xmldocs.ELMO_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KNOWN_TYPES = {"Degree Programme", "Module", "Course", "Class"}
COURSE = "Course"


def _q(name: str) -> str:
    return f"{{{xmldocs.ELMO_NS}}}{name}"


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(_q(name))


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return element.findall(_q(name))


def _date(text: str) -> date | None:
    """An xs:date or xs:dateTime as a date (a time zone suffix ignored), or None."""
    text = text.strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass(frozen=True)
class Texts:
    """A text given in several languages: (language, text) in the document's order; the
    language is "" where the document names none."""

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, elements: list[etree._Element]) -> "Texts":
        return cls(
            tuple(
                (element.get(XML_LANG, "").strip().lower(), _text(element))
                for element in elements
                if _text(element)
            )
        )

    def get(self, language: str) -> str:
        for lang, text in self.items:
            if lang.split("-")[0] == language:
                return text
        return ""

    @property
    def best(self) -> str:
        """In the reader's language, else English, else the first given."""
        reader = (translation.get_language() or "en").split("-")[0]
        return self.get(reader) or self.get("en") or (self.items[0][1] if self.items else "")

    def values(self) -> list[str]:
        return [text for _lang, text in self.items]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __str__(self) -> str:
        return self.best


@dataclass(frozen=True)
class Issuer:
    titles: Texts
    identifiers: tuple[tuple[str, str], ...]  # (type, value) in the document's order
    country: str = ""
    url: str = ""

    def identifier(self, kind: str) -> str:
        for type_, value in self.identifiers:
            if type_.casefold() == kind:
                return value
        return ""

    @property
    def schac(self) -> str:
        return self.identifier("schac")

    @property
    def erasmus(self) -> str:
        return self.identifier("erasmus")

    @property
    def other_identifiers(self) -> list[tuple[str, str]]:
        return [
            (type_, value)
            for type_, value in self.identifiers
            if type_.casefold() not in ("schac", "erasmus")
        ]


@dataclass(frozen=True)
class Learner:
    given_names: str
    family_name: str
    birth_date: date | None = None
    citizenship: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(filter(None, [self.given_names, self.family_name]))


@dataclass(frozen=True)
class Credit:
    scheme: str
    value: Decimal | None
    level: str = ""

    @property
    def is_ects(self) -> bool:
        return self.scheme.strip().casefold() == "ects"


@dataclass(frozen=True)
class AcademicTerm:
    titles: Texts
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class GradingScheme:
    local_id: str
    descriptions: Texts


@dataclass(frozen=True)
class Specification:
    """One learningOpportunitySpecification and the (first) instance it specifies."""

    line: int  # where it starts in the file
    depth: int  # 0 for a report's own, 1 for a part of it, …
    type: str
    local_code: str
    identifiers: tuple[tuple[str, str], ...]
    titles: Texts
    credits: tuple[Credit, ...] = ()
    result: str = ""
    status: str = ""
    grading_scheme_id: str = ""
    grading_scheme: GradingScheme | None = None
    term: AcademicTerm | None = None
    start: date | None = None
    ended_on: date | None = None  # the date the result was given
    language: str = ""
    is_course: bool = False

    @property
    def credit(self) -> Credit | None:
        """The ECTS credits where given, else the first credits with a value."""
        with_value = [credit for credit in self.credits if credit.value is not None]
        for credit in with_value:
            if credit.is_ects:
                return credit
        return with_value[0] if with_value else None

    @property
    def title(self) -> str:
        return self.titles.best


@dataclass(frozen=True)
class Report:
    issuer: Issuer
    issue_date: date | None
    specifications: tuple[Specification, ...]  # every one, nested ones too, in document order
    grading_schemes: tuple[GradingScheme, ...] = ()

    @property
    def courses(self) -> list[Specification]:
        return [spec for spec in self.specifications if spec.is_course]


@dataclass(frozen=True)
class ElmoDocument:
    generated: str
    learner: Learner
    reports: tuple[Report, ...] = field(default_factory=tuple)

    @property
    def courses(self) -> list[Specification]:
        return [course for report in self.reports for course in report.courses]

    @property
    def all_specifications(self) -> list[Specification]:
        return [spec for report in self.reports for spec in report.specifications]

    @property
    def issue_date(self) -> date | None:
        """The latest issue date of its reports."""
        dates = [report.issue_date for report in self.reports if report.issue_date]
        return max(dates) if dates else None


def _identifiers(element: etree._Element) -> tuple[tuple[str, str], ...]:
    return tuple(
        (identifier.get("type", "").strip(), _text(identifier))
        for identifier in _children(element, "identifier")
        if _text(identifier)
    )


def _issuer(element: etree._Element) -> Issuer:
    return Issuer(
        titles=Texts.of(_children(element, "title")),
        identifiers=_identifiers(element),
        country=_text(_child(element, "country")).upper(),
        url=_text(_child(element, "url")),
    )


def _learner(element: etree._Element) -> Learner:
    return Learner(
        given_names=_text(_child(element, "givenNames")),
        family_name=_text(_child(element, "familyName")),
        birth_date=_date(_text(_child(element, "bday"))),
        citizenship=_text(_child(element, "citizenship")).upper(),
    )


def _term(element: etree._Element | None) -> AcademicTerm | None:
    if element is None:
        return None
    return AcademicTerm(
        titles=Texts.of(_children(element, "title")),
        start=_date(_text(_child(element, "start"))),
        end=_date(_text(_child(element, "end"))),
    )


def _specifications(
    element: etree._Element,
    *,
    depth: int,
    schemes: dict[str, GradingScheme],
    inside_course: bool,
) -> list[Specification]:
    type_ = _text(_child(element, "type"))
    identifiers = _identifiers(element)
    local = next((value for kind, value in identifiers if kind.casefold() == "local"), "")
    instance = None
    specifies = _child(element, "specifies")
    if specifies is not None:
        instance = _child(specifies, "learningOpportunityInstance")
    credits: tuple[Credit, ...] = ()
    result = status = scheme_id = language = ""
    term = start = when = None
    if instance is not None:
        credits = tuple(
            Credit(
                scheme=_text(_child(credit, "scheme")),
                value=_decimal(_text(_child(credit, "value"))),
                level=_text(_child(credit, "level")),
            )
            for credit in _children(instance, "credit")
        )
        result = _text(_child(instance, "resultLabel"))
        status = _text(_child(instance, "status"))
        scheme_id = _text(_child(instance, "gradingSchemeLocalId"))
        language = _text(_child(instance, "languageOfInstruction"))
        term = _term(_child(instance, "academicTerm"))
        start = _date(_text(_child(instance, "start")))
        when = _date(_text(_child(instance, "date")))
    if type_ == COURSE:
        is_course = True
    elif type_ in KNOWN_TYPES:
        is_course = False
    else:  # no type, or one this reader does not know: treated as no type, as ELMO asks
        is_course = not inside_course and bool(result or any(c.value is not None for c in credits))
    spec = Specification(
        line=element.sourceline or 0,
        depth=depth,
        type=type_,
        local_code=local,
        identifiers=identifiers,
        titles=Texts.of(_children(element, "title")),
        credits=credits,
        result=result,
        status=status,
        grading_scheme_id=scheme_id,
        grading_scheme=schemes.get(scheme_id),
        term=term,
        start=start,
        ended_on=when,
        language=language,
        is_course=is_course,
    )
    found = [spec]
    for part in _children(element, "hasPart"):
        for nested in _children(part, "learningOpportunitySpecification"):
            found += _specifications(
                nested,
                depth=depth + 1,
                schemes=schemes,
                inside_course=inside_course or is_course,
            )
    return found


def _report(element: etree._Element) -> Report:
    schemes = {
        scheme.get("localId", "").strip(): GradingScheme(
            local_id=scheme.get("localId", "").strip(),
            descriptions=Texts.of(_children(scheme, "description")),
        )
        for scheme in _children(element, "gradingScheme")
    }
    specifications: list[Specification] = []
    for spec in _children(element, "learningOpportunitySpecification"):
        specifications += _specifications(spec, depth=0, schemes=schemes, inside_course=False)
    issuer = _child(element, "issuer")
    return Report(
        issuer=_issuer(issuer) if issuer is not None else Issuer(Texts(), ()),
        issue_date=_date(_text(_child(element, "issueDate"))),
        specifications=tuple(specifications),
        grading_schemes=tuple(schemes.values()),
    )


def document(tree: etree._ElementTree) -> ElmoDocument:
    """An ELMO document already checked by core.xmldocs.read, as plain data."""
    root = tree.getroot()
    learner = _child(root, "learner")
    return ElmoDocument(
        generated=_text(_child(root, "generatedDate")),
        learner=_learner(learner) if learner is not None else Learner("", ""),
        reports=tuple(_report(report) for report in _children(root, "report")),
    )


def read(data: bytes) -> ElmoDocument:
    """The partner's ELMO document, or a ValidationError saying why it is refused."""
    return document(xmldocs.read(data, "elmo"))
