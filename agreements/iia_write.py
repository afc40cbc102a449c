"""Our agreements as Erasmus Without Paper IIAs v7 documents.

`agreement_iia` writes one agreement as an IIAs get-response (the document a partner's system
fetches from the IIAs API), `partner_iia_index` the index-response that lists our agreements with a
partner. Both validate against the official schemas in core/standards; a connector to the EWP
network could serve the same bytes.

What the format requires and our register may not hold yet (a SCHAC code, places a year, a
language code…) is listed by `iia_gaps` in words a staff member acts on; the writer refuses an
agreement with a gap rather than write a document the schema would reject.

The iia-hash: EWP computes it as the SHA-256 of the text that its official XSLT
(resources/xsltKit/transform_version_7.xsl in ewp-specs-api-iias) makes of the get-response. That
XSLT is not part of our copy of the standard (core/standards), so the hash here is the SHA-256 of
the exclusive canonical form (Exclusive XML Canonicalization 1.0, without comments) of the
cooperation-conditions element: the same conditions always give the same hash, and any change to
them changes it, but it will not equal the hash a partner's system computes with the XSLT. A
connector to the network must compute the official one.
"""

import copy
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from lxml import etree

from core.xmldocs import IIAS_INDEX_NS, IIAS_NS, serialize

from . import ewp
from .models import Agreement, Contact, CooperationCondition, Direction, Institution, MobilityType
from .selectors import home_institution

PHONE_NS = "https://github.com/erasmus-without-paper/ewp-specs-types-phonenumber/tree/stable-v1"
NSMAP = {**ewp.NSMAP, "p": PHONE_NS}

# The types of the schema's simple values that the register might not meet.
ASCII_IDENTIFIER = re.compile(r"^[!-~]{1,64}$")  # ewp:AsciiPrintableIdentifier
EMAIL = re.compile(r"^[^@]+@[^.]+\..+$")  # ewp:Email
E164 = re.compile(r"^\+[0-9]{1,15}$")
ISCED = re.compile(r"^[0-9]{4}$")
# The mobility types that need at least one recommended language skill.
LANGUAGE_REQUIRED = {MobilityType.STUDY, MobilityType.TEACHING}


@dataclass(frozen=True)
class Gap:
    """Something the IIA format needs that the register lacks, and where staff add it."""

    message: str
    url: str = ""
    # Who may follow the link; others read the message only.
    permission: str = ""
    # A note (something left out of the document) does not stop the download.
    blocks: bool = True

    def __str__(self) -> str:
        return self.message


def _tag(name: str, ns: str = IIAS_NS) -> str:
    return f"{{{ns}}}{name}"


def _sub(parent: etree._Element, name: str, text: object = None, ns: str = IIAS_NS):
    element = etree.SubElement(parent, _tag(name, ns))
    if text is not None:
        element.text = str(text)
    return element


def condition_label(condition: CooperationCondition) -> str:
    """ "Outgoing · student study", as the page names a condition."""
    direction = capfirst(condition.get_direction_display())
    return f"{direction} · {condition.get_mobility_type_display()}"


def _conditions(agreement: Agreement) -> list[CooperationCondition]:
    return list(agreement.conditions.all())


def _isced_codes(condition: CooperationCondition) -> list[str]:
    return [code.strip() for code in condition.subject_areas.split(",") if code.strip()]


def _language_skills(condition: CooperationCondition) -> list[tuple[str | None, str, str]]:
    """(code or None, as written, CEFR level) of each recommended language, the language of
    instruction first."""
    skills = []
    if condition.language.strip():
        written = condition.language.strip()
        skills.append((ewp.language_code(written), written, condition.language_level))
    for code, level in ewp.parse_language_skills(condition.other_language_skills):
        skills.append((code, code, level))
    return skills


def academic_years(condition: CooperationCondition) -> tuple[str, str | None]:
    """The first and last academic year ("2024-2025") of a condition: its own, else the years the
    agreement's validity runs from and to; the last is None for an open-ended agreement."""
    agreement = condition.agreement
    first = condition.first_academic_year or ewp.academic_year_of(agreement.valid_from)
    last = condition.last_academic_year or (
        ewp.academic_year_of(agreement.valid_until) if agreement.valid_until else None
    )
    return first, last


def _condition_gaps(condition: CooperationCondition, edit_url: str) -> list[Gap]:
    def gap(message: str) -> Gap:
        return Gap(message, edit_url, "agreements.change_agreement")

    label = condition_label(condition)
    if condition.mobility_type not in ewp.SPEC_BY_TYPE:
        return [
            Gap(
                _("%(condition)s is left out: an IIA has no place for this kind of mobility.")
                % {"condition": label},
                blocks=False,
            )
        ]
    gaps = []
    if not condition.places_per_year:
        gaps.append(
            gap(
                _("%(condition)s has no places per year: an IIA needs how many may go each year.")
                % {"condition": label}
            )
        )
    skills = _language_skills(condition)
    if condition.mobility_type in LANGUAGE_REQUIRED and not skills:
        gaps.append(
            gap(
                _("%(condition)s has no language of instruction: an IIA needs at least one.")
                % {"condition": label}
            )
        )
    for code, written, _level in skills:
        if code is None:
            gaps.append(
                gap(
                    _(
                        "%(condition)s: the language %(language)s has no code; write it as its "
                        "two-letter code, for example en."
                    )
                    % {"condition": label, "language": written}
                )
            )
    for code in _isced_codes(condition):
        if not ISCED.match(code):
            gaps.append(
                gap(
                    _(
                        "%(condition)s: the ISCED-F code %(code)s has fewer than four digits; an "
                        "IIA needs the four-digit code, for example 1015."
                    )
                    % {"condition": label, "code": code}
                )
            )
    first, last = academic_years(condition)
    if last is None:
        gaps.append(
            gap(
                _(
                    "%(condition)s has no last academic year and the agreement is open-ended: "
                    "give the condition's last academic year."
                )
                % {"condition": label}
            )
        )
    elif first > last:
        gaps.append(
            gap(
                _(
                    "%(condition)s: its first academic year %(first)s comes after its last, "
                    "%(last)s."
                )
                % {"condition": label, "first": first, "last": last}
            )
        )
    return gaps


def iia_gaps(
    agreement: Agreement, *, conditions: list[CooperationCondition] | None = None
) -> list[Gap]:
    """What the IIA format needs that the register does not hold for this agreement (blocking
    gaps), and what the document leaves out (notes), each with where staff fix it."""
    conditions = _conditions(agreement) if conditions is None else conditions
    edit_url = reverse("agreements:agreement_edit", args=[agreement.pk])
    gaps = []
    home = home_institution()
    if home is None:
        gaps.append(
            Gap(
                _(
                    "No institution is marked as our university: ask the administrator to mark "
                    "ours in the register."
                )
            )
        )
    elif not home.code:
        gaps.append(
            Gap(
                _("Our university has no SCHAC code: add it on its page."),
                reverse("agreements:institution_edit", args=[home.pk]),
                "agreements.change_institution",
            )
        )
    if not agreement.partner.code:
        gaps.append(
            Gap(
                _("%(partner)s has no SCHAC code: add it on its page.")
                % {"partner": agreement.partner.name},
                reverse("agreements:institution_edit", args=[agreement.partner.pk]),
                "agreements.change_institution",
            )
        )
    if agreement.partner_iia_id and not ASCII_IDENTIFIER.match(agreement.partner_iia_id):
        gaps.append(
            Gap(
                _(
                    "The partner's IIA identifier has spaces or letters other than Latin ones: "
                    "copy it exactly as the partner's system gives it."
                ),
                edit_url,
                "agreements.change_agreement",
            )
        )
    if not conditions:
        gaps.append(
            Gap(
                _("The agreement has no cooperation conditions: add them."),
                edit_url,
                "agreements.change_agreement",
            )
        )
    elif not any(condition.mobility_type in ewp.SPEC_BY_TYPE for condition in conditions):
        gaps.append(
            Gap(
                _(
                    "The agreement has only conditions an IIA cannot carry: an IIA needs student "
                    "studies, student traineeships, staff teaching or staff training."
                ),
                edit_url,
                "agreements.change_agreement",
            )
        )
    for condition in conditions:
        gaps.extend(_condition_gaps(condition, edit_url))
    return gaps


def iia_missing(agreement: Agreement) -> list[str]:
    """What the register must hold before the agreement can be written as an IIA, in words a
    staff member acts on; empty when the agreement can be downloaded."""
    return [gap.message for gap in iia_gaps(agreement) if gap.blocks]


# The document


def _signatory(agreement: Agreement, institution: Institution, position: int) -> str:
    """The line of "signatories" that names the institution; else, with one line for each side,
    ours first (as the office writes them), the line in that position."""
    lines = [line.strip() for line in agreement.signatories.splitlines() if line.strip()]
    names = {
        getattr(institution, field, "") or ""
        for field in ("name", "name_en", "name_ru", "name_kk", "name_local")
    }
    names = {name.casefold() for name in names if name}
    for line in lines:
        if any(name in line.casefold() for name in names):
            return line
    return lines[position] if len(lines) == 2 else ""


def _contact(
    parent: etree._Element, tag: str, ns: str, *, name: str, contact: Contact | None
) -> None:
    element = _sub(parent, tag, ns=ns)
    _sub(element, "contact-name", name, ns=ewp.CONTACT_NS)
    if contact is None:
        return
    phone = re.sub(r"[\s().-]", "", contact.phone)
    if contact.phone.strip():
        number = _sub(element, "phone-number", ns=PHONE_NS)
        if E164.match(phone):
            _sub(number, "e164", phone, ns=PHONE_NS)
        else:
            _sub(number, "other-format", contact.phone.strip(), ns=PHONE_NS)
    if contact.email and EMAIL.match(contact.email):
        _sub(element, "email", contact.email, ns=ewp.CONTACT_NS)
    if contact.position:
        _sub(element, "role-description", contact.position, ns=ewp.CONTACT_NS)


def _partner(
    iia: etree._Element,
    agreement: Agreement,
    institution: Institution,
    *,
    position: int,
    iia_id: str,
    iia_code: str = "",
) -> None:
    partner = _sub(iia, "partner")
    _sub(partner, "hei-id", institution.code)
    if iia_id:
        _sub(partner, "iia-id", iia_id)
    if iia_code:
        _sub(partner, "iia-code", iia_code)
    contacts = list(institution.contacts.all())
    signer = _signatory(agreement, institution, position)
    if signer:
        named = [c for c in contacts if c.name and c.name.casefold() in signer.casefold()]
        known = named[0] if named else None
        _contact(partner, "signing-contact", IIAS_NS, name=signer, contact=known)
    if agreement.date_signed:
        _sub(partner, "signing-date", agreement.date_signed.isoformat())
    for contact in contacts:
        _contact(partner, "contact", ewp.CONTACT_NS, name=contact.name, contact=contact)


def _number(value: Decimal | int) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _spec(
    parent: etree._Element, condition: CooperationCondition, *, home: Institution, partner: str
) -> None:
    spec = _sub(parent, ewp.SPEC_BY_TYPE[condition.mobility_type])
    outgoing = condition.direction == Direction.OUTGOING
    _sub(spec, "sending-hei-id", home.code if outgoing else partner)
    _sub(spec, "receiving-hei-id", partner if outgoing else home.code)
    first, last = academic_years(condition)
    _sub(spec, "receiving-first-academic-year-id", ewp.academic_year_id(first))
    _sub(spec, "receiving-last-academic-year-id", ewp.academic_year_id(last or first))
    _sub(spec, "mobilities-per-year", condition.places_per_year)
    for code, _written, level in _language_skills(condition):
        skill = _sub(spec, "recommended-language-skill")
        _sub(skill, "language", code)
        if level:
            _sub(skill, "cefr-level", level)
    for code in _isced_codes(condition):
        _sub(_sub(spec, "subject-area"), "isced-f-code", code)
    if condition.mobility_type in ewp.STUDENT_TYPES:
        if condition.months_per_year:
            _sub(spec, "total-months-per-year", _number(condition.months_per_year))
        _sub(spec, "blended", "true" if condition.blended else "false")
        for level in condition.study_level_list:
            if level in ewp.EQF_BY_LEVEL:
                _sub(spec, "eqf-level", ewp.EQF_BY_LEVEL[level])
    elif condition.days_per_year:
        _sub(spec, "total-days-per-year", _number(condition.days_per_year))


def _order(condition: CooperationCondition) -> tuple[int, int, int]:
    # The schema's order of specifications; outgoing before incoming, always the same, since the
    # hash depends on the order.
    spec = ewp.SPEC_BY_TYPE[condition.mobility_type]
    return (ewp.SPEC_ORDER.index(spec), condition.direction != Direction.OUTGOING, condition.pk)


def conditions_hash(conditions: etree._Element) -> str:
    """SHA-256 of the exclusive canonical form of the cooperation-conditions element, without
    comments and without the whitespace that only indents (see the module's note: not the
    official XSLT's hash). The same whether computed on the tree being written or on the
    document as read back."""
    bare = copy.deepcopy(conditions)
    for element in bare.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    canonical = etree.tostring(bare, method="c14n", exclusive=True, with_comments=False)
    return hashlib.sha256(canonical).hexdigest()


def agreement_iia(agreement: Agreement) -> bytes:
    """The agreement as an EWP IIAs v7 get-response: our university first, then the partner.

    Raises ValidationError with the messages of `iia_missing` when the register lacks something
    the format requires."""
    conditions = _conditions(agreement)
    gaps = iia_gaps(agreement, conditions=conditions)
    missing = [gap.message for gap in gaps if gap.blocks]
    if missing:
        raise ValidationError(missing)
    home = home_institution()
    assert home is not None  # a gap otherwise
    root = etree.Element(_tag("iias-get-response"), nsmap=NSMAP)
    for gap in gaps:  # what is left out, said in the document too
        root.append(etree.Comment(f" {gap.message} "))
    iia = _sub(root, "iia")
    _partner(
        iia, agreement, home, position=0, iia_id=str(agreement.iia_id), iia_code=agreement.number
    )
    _partner(iia, agreement, agreement.partner, position=1, iia_id=agreement.partner_iia_id)
    in_effect = agreement.date_signed is not None or agreement.valid_from <= timezone.localdate()
    _sub(iia, "in-effect", "true" if in_effect else "false")
    cooperation = _sub(iia, "cooperation-conditions")
    carried = [condition for condition in conditions if condition.mobility_type in ewp.SPEC_BY_TYPE]
    for condition in sorted(carried, key=_order):
        _spec(cooperation, condition, home=home, partner=agreement.partner.code)
    _sub(iia, "iia-hash", conditions_hash(cooperation))
    return serialize(root)


def partner_agreements(partner: Institution):
    """Our agreements with the partner that an index lists: all but the archived ones."""
    return Agreement.objects.active().filter(partner=partner).order_by("valid_from", "pk")


def partner_iia_index(partner: Institution) -> bytes:
    """An EWP IIAs v7 index-response: our iia-id of every agreement with the partner that is not
    archived."""
    root = etree.Element(_tag("iias-index-response", IIAS_INDEX_NS), nsmap=ewp.INDEX_NSMAP)
    for iia_id in partner_agreements(partner).values_list("iia_id", flat=True):
        _sub(root, "iia-id", iia_id, ns=IIAS_INDEX_NS)
    return serialize(root)


def file_name(stem: str) -> str:
    """A download's file name from an agreement number or a code: letters, digits, . _ -."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "agreement"
