"""A partner's EWP IIAs v7 get-response, read into our register's words.

`read_iias(data, home_code=...)` checks the document (core.xmldocs: safe parsing, the official
schema) and gives one `ReceivedCopy` per <iia>: both partners as the document names them, and each
cooperation condition as a CooperationCondition would hold it (agreements/ewp.py maps the words),
its direction seen from our university (`home_code`, its SCHAC code). What the register has no
field for is listed in `not_kept`, so that the page can say so; the document itself is kept whole
(ReceivedIia).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from core import xmldocs

from . import ewp
from .models import Direction, MobilityType, StudyLevel

# The fields of a CooperationCondition a partner's copy gives, in the order the pages show them.
CONDITION_FIELDS = [
    "places_per_year",
    "months_per_year",
    "days_per_year",
    "subject_areas",
    "study_levels",
    "language",
    "language_level",
    "other_language_skills",
    "first_academic_year",
    "last_academic_year",
    "blended",
]
STUDY_LEVEL_ORDER = [StudyLevel.BACHELOR, StudyLevel.MASTER, StudyLevel.DOCTORAL]


@dataclass(frozen=True)
class Person:
    """A contact of the document (EWP contact type): the names, e-mails and phones it gives."""

    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    role: str = ""

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Partner:
    hei_id: str
    ounit_id: str = ""
    iia_id: str = ""
    iia_code: str = ""
    signing_date: date | None = None
    signing_contact: Person | None = None
    contacts: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Condition:
    """One mobility specification as a cooperation condition of ours."""

    mobility_type: str
    direction: str
    sending_hei_id: str
    receiving_hei_id: str
    places_per_year: int | None = None
    months_per_year: Decimal | None = None
    days_per_year: int | None = None
    subject_areas: str = ""
    study_levels: str = ""
    language: str = ""
    language_level: str = ""
    other_language_skills: str = ""
    first_academic_year: str = ""
    last_academic_year: str = ""
    blended: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.direction, self.mobility_type)

    def values(self) -> dict[str, Any]:
        """The condition's fields by the names CooperationCondition gives them."""
        return {name: getattr(self, name) for name in CONDITION_FIELDS}

    def get_direction_display(self) -> str:
        return str(Direction(self.direction).label)

    def get_mobility_type_display(self) -> str:
        return str(MobilityType(self.mobility_type).label)

    def get_study_levels_display(self) -> str:
        labels = dict(StudyLevel.choices)
        return ", ".join(str(labels[level]) for level in self.study_levels.split(",") if level)


@dataclass
class ReceivedCopy:
    """One <iia> of a partner's document."""

    index: int
    partners: tuple[Partner, Partner]
    in_effect: bool
    home_code: str
    conditions: list[Condition] = field(default_factory=list)
    not_kept: list[str] = field(default_factory=list)

    @property
    def ours(self) -> Partner | None:
        return next((p for p in self.partners if p.hei_id == self.home_code), None)

    @property
    def theirs(self) -> Partner | None:
        """The other partner; None when the agreement does not name us (or names us twice)."""
        others = [p for p in self.partners if p.hei_id != self.home_code]
        return others[0] if len(others) == 1 and self.ours is not None else None

    @property
    def is_ours(self) -> bool:
        return self.theirs is not None

    @property
    def signing_date(self) -> date | None:
        """When the agreement was signed by both: the later of the two signing dates given."""
        dates = [p.signing_date for p in self.partners if p.signing_date]
        return max(dates) if dates else None

    @property
    def signatories(self) -> str:
        """The signing contacts as our register writes signatories: one per line."""
        return "\n".join(
            f"{p.signing_contact.name} ({p.hei_id})" for p in self.partners if p.signing_contact
        )

    @property
    def codes(self) -> set[str]:
        return {p.iia_code for p in self.partners if p.iia_code}

    @property
    def ids(self) -> set[str]:
        return {p.iia_id for p in self.partners if p.iia_id}

    @property
    def valid_from(self) -> date | None:
        """The first day the copy's conditions cover: 1 September of the earliest academic year,
        or, without conditions, the day it was signed."""
        years = [c.first_academic_year for c in self.conditions if c.first_academic_year]
        if years:
            return date(int(min(years)[:4]), 9, 1)
        return self.signing_date

    @property
    def valid_until(self) -> date | None:
        """The last day the copy's conditions cover: 31 August ending the latest academic year;
        None (open-ended) without conditions."""
        years = [c.last_academic_year for c in self.conditions if c.last_academic_year]
        if years:
            return date(int(max(years)[5:]), 8, 31)
        return None

    def condition(self, key: tuple[str, str]) -> Condition | None:
        return next((c for c in self.conditions if c.key == key), None)


# --- Reading ------------------------------------------------------------------------------

IIA = f"{{{xmldocs.IIAS_NS}}}"
CONTACT = f"{{{ewp.CONTACT_NS}}}"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _elements(parent: etree._Element) -> list[etree._Element]:
    """The child elements, without the comments and processing instructions between them."""
    return [child for child in parent if isinstance(child.tag, str)]


def _text(element: etree._Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    return parent.find(f"{IIA}{name}")


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    return parent.findall(f"{IIA}{name}")


def _person(element: etree._Element | None) -> Person | None:
    if element is None:
        return None
    names = [_text(e) for e in element.findall(f"{CONTACT}contact-name")]
    given = " ".join(_text(e) for e in element.findall(f"{CONTACT}person-given-names")[:1])
    family = " ".join(_text(e) for e in element.findall(f"{CONTACT}person-family-name")[:1])
    name = next((n for n in names if n), "") or " ".join(filter(None, [given, family]))
    phones = []
    for phone in _elements(element):
        if _local(phone) != "phone-number":
            continue
        parts = {_local(part): _text(part) for part in _elements(phone)}
        number = parts.get("e164") or parts.get("other-format", "")
        if number and parts.get("ext"):
            number = f"{number} ext. {parts['ext']}"
        if number:
            phones.append(number)
    emails = tuple(_text(e) for e in element.findall(f"{CONTACT}email") if _text(e))
    role = next((_text(e) for e in element.findall(f"{CONTACT}role-description") if _text(e)), "")
    return Person(name=name, emails=emails, phones=tuple(phones), role=role)


def _partner(element: etree._Element) -> Partner:
    signing_date = None
    if _text(_child(element, "signing-date")):
        # xs:date may carry a time zone ("2015-01-01+01:00"); the day is what counts.
        signing_date = date.fromisoformat(_text(_child(element, "signing-date"))[:10])
    contacts = tuple(person for e in element.findall(f"{CONTACT}contact") if (person := _person(e)))
    return Partner(
        hei_id=_text(_child(element, "hei-id")).lower(),
        ounit_id=_text(_child(element, "ounit-id")),
        iia_id=_text(_child(element, "iia-id")),
        iia_code=_text(_child(element, "iia-code")),
        signing_date=signing_date,
        signing_contact=_person(_child(element, "signing-contact")),
        contacts=contacts,
    )


def _rounded(text: str, places: str) -> tuple[Decimal | None, bool]:
    """The number of an element, rounded to what our field holds, and whether it was rounded."""
    if not text:
        return None, False
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, False
    rounded = value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
    return rounded, rounded != value


def _language(code: str) -> str:
    # xs:language may be "en-GB"; our register keeps the language ("en").
    return code.split("-")[0].lower()


def _condition(
    element: etree._Element, *, home_code: str, label: str, not_kept: list[str]
) -> Condition | None:
    spec = _local(element)
    mobility_type = ewp.TYPE_BY_SPEC[spec]
    sending = _text(_child(element, "sending-hei-id")).lower()
    receiving = _text(_child(element, "receiving-hei-id")).lower()
    if sending == home_code and receiving != home_code:
        direction = Direction.OUTGOING
    elif receiving == home_code and sending != home_code:
        direction = Direction.INCOMING
    else:
        not_kept.append(
            _("%(spec)s from %(sending)s to %(receiving)s: it does not name our university.")
            % {"spec": label, "sending": sending, "receiving": receiving}
        )
        return None
    for name in ("sending-ounit-id", "receiving-ounit-id"):
        if _text(_child(element, name)):
            not_kept.append(
                _("%(spec)s: the organisational unit %(unit)s (%(element)s).")
                % {"spec": label, "unit": _text(_child(element, name)), "element": name}
            )
    for name in ("sending-contact", "receiving-contact"):
        for contact in _children(element, name):
            not_kept.append(
                _("%(spec)s: the contact %(name)s (%(element)s).")
                % {"spec": label, "name": _person(contact), "element": name}
            )

    skills = []
    for skill in _children(element, "recommended-language-skill"):
        code = _language(_text(_child(skill, "language")))
        skills.append((code, _text(_child(skill, "cefr-level"))))
        area = _child(skill, "subject-area")
        if area is not None:
            not_kept.append(
                _("%(spec)s: the subject area %(code)s of the language skill %(language)s.")
                % {"spec": label, "code": _text(_child(area, "isced-f-code")), "language": code}
            )
    language, language_level = skills[0] if skills else ("", "")

    codes = []
    for area in _children(element, "subject-area"):
        code = _text(_child(area, "isced-f-code"))
        codes.append(code)
        clarification = _text(_child(area, "isced-clarification"))
        if clarification:
            not_kept.append(
                _("%(spec)s: the clarification of ISCED-F %(code)s: %(text)s")
                % {"spec": label, "code": code, "text": clarification}
            )
    other_terms = _text(_child(element, "other-info-terms"))
    if other_terms:
        not_kept.append(_("%(spec)s: other terms: %(text)s") % {"spec": label, "text": other_terms})

    levels = set()
    for eqf in _children(element, "eqf-level"):
        study_level = ewp.LEVEL_BY_EQF.get(int(_text(eqf)))
        if study_level is None:
            not_kept.append(
                _("%(spec)s: EQF level %(level)s (we keep bachelor, master and doctoral only).")
                % {"spec": label, "level": _text(eqf)}
            )
        else:
            levels.add(study_level)

    months, months_rounded = _rounded(_text(_child(element, "total-months-per-year")), "0.1")
    days, days_rounded = _rounded(_text(_child(element, "total-days-per-year")), "1")
    if months_rounded or days_rounded:
        not_kept.append(
            _("%(spec)s: the months or days a year are rounded to %(value)s.")
            % {"spec": label, "value": months if months_rounded else days}
        )
    places = _text(_child(element, "mobilities-per-year"))
    return Condition(
        mobility_type=mobility_type,
        direction=direction,
        sending_hei_id=sending,
        receiving_hei_id=receiving,
        places_per_year=int(places) if places else None,
        months_per_year=months,
        days_per_year=int(days) if days is not None else None,
        subject_areas=", ".join(codes),
        study_levels=",".join(level for level in STUDY_LEVEL_ORDER if level in levels),
        language=ewp.language_name(language) if language else "",
        language_level=language_level,
        other_language_skills=ewp.format_language_skills(skills[1:]),
        first_academic_year=ewp.academic_year_from_id(
            _text(_child(element, "receiving-first-academic-year-id"))
        ),
        last_academic_year=ewp.academic_year_from_id(
            _text(_child(element, "receiving-last-academic-year-id"))
        ),
        blended=_text(_child(element, "blended")) in ("true", "1"),
    )


def _copy(element: etree._Element, *, index: int, home_code: str) -> ReceivedCopy:
    first, second = (_partner(p) for p in _children(element, "partner"))
    copy = ReceivedCopy(
        index=index,
        partners=(first, second),
        in_effect=_text(_child(element, "in-effect")) in ("true", "1"),
        home_code=home_code,
    )
    for partner in copy.partners:
        if partner.ounit_id:
            copy.not_kept.append(
                _("%(hei)s: the organisational unit %(unit)s.")
                % {"hei": partner.hei_id, "unit": partner.ounit_id}
            )
    conditions = _child(element, "cooperation-conditions")
    for spec in _elements(conditions) if conditions is not None else []:
        label = str(MobilityType(ewp.TYPE_BY_SPEC[_local(spec)]).label)
        condition = _condition(spec, home_code=home_code, label=label, not_kept=copy.not_kept)
        if condition is None:
            continue
        if copy.condition(condition.key) is not None:
            copy.not_kept.append(
                _(
                    "A second %(type)s specification, %(direction)s: the register keeps one "
                    "for each direction and mobility type, the first."
                )
                % {"type": label, "direction": condition.get_direction_display()}
            )
            continue
        copy.conditions.append(condition)
    pdf = _text(_child(element, "pdf-file"))
    if pdf:
        copy.not_kept.append(
            _(
                "The PDF version (%(id)s): a PDF is not sent inside the document; ask the partner "
                "for it and upload it as the signed copy."
            )
            % {"id": pdf}
        )
    return copy


def read_iias(data: bytes, *, home_code: str) -> list[ReceivedCopy]:
    """Every agreement of a partner's IIAs v7 get-response; a ValidationError with the reasons
    when the file cannot be read, is not one, or does not follow its schema."""
    tree = xmldocs.read(data, "iia")
    home_code = home_code.lower()
    return [
        _copy(element, index=index, home_code=home_code)
        for index, element in enumerate(_children(tree.getroot(), "iia"))
    ]


def read_checked(data: bytes, *, home_code: str) -> list[ReceivedCopy]:
    """`read_iias`, refusing a document that is of no use to us: one with no agreement, or whose
    agreements are all between other institutions."""
    if not home_code:
        raise ValidationError(
            _(
                "Our university has no SCHAC code in the register, so the document cannot say "
                "which side is ours. Give our university its code (its internet domain) first."
            )
        )
    copies = read_iias(data, home_code=home_code)
    if not copies:
        raise ValidationError(_("The document holds no agreement (no <iia> element)."))
    if not any(copy.is_ours for copy in copies):
        named = sorted({p.hei_id for copy in copies for p in copy.partners})
        raise ValidationError(
            _(
                "None of the document's agreements is with our university (%(home)s): it names "
                "%(named)s. Check that the partner sent the agreement with us."
            )
            % {"home": home_code, "named": ", ".join(named)}
        )
    return copies
