"""Our agreement and a partner's copy of it (agreements/iia_read.py), side by side.

Reads only: which agreement of ours a partner's copy is (by partner and codes), and every field
where the two differ, each with a key that the compare page's tick boxes send back and
`services.agreement_take_partner_values` applies.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F, Q
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from . import ewp, selectors
from .iia_read import CONDITION_FIELDS, Partner, ReceivedCopy, read_checked
from .models import (
    Agreement,
    Contact,
    CooperationCondition,
    Institution,
    ReceivedIia,
    StudyLevel,
)

# The agreement's own fields a partner's copy speaks of, with where the copy gives them.
AGREEMENT_FIELDS = {
    "number": gettext_lazy("our number (the copy's iia-code for us)"),
    "partner_iia_id": gettext_lazy("partner's IIA identifier (their iia-id)"),
    "date_signed": gettext_lazy("date signed (the later signing date)"),
    "signatories": gettext_lazy("signatories (signing contacts)"),
    "valid_from": gettext_lazy("valid from (1 September of the first academic year)"),
    "valid_until": gettext_lazy("valid until (31 August ending the last academic year)"),
}


# A condition's empty academic year is the one of the agreement's date.
YEAR_FROM_DATES = {"first_academic_year": "valid_from", "last_academic_year": "valid_until"}


@dataclass
class Row:
    """One field of both copies. `key` is set where they differ and the partner's value can be
    taken; `differs` marks a difference that cannot (a condition only we have)."""

    label: str
    ours: str
    theirs: str
    differs: bool = False
    key: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    # "both", "ours" (the partner's copy lacks the condition), "theirs" (ours lacks it)
    presence: str = "both"
    key: str = ""  # for "theirs": the key that adds the condition

    @property
    def differences(self) -> int:
        return sum(row.differs for row in self.rows) + (self.presence != "both")


@dataclass
class Comparison:
    agreement: Agreement
    copy: ReceivedCopy
    sections: list[Section]
    info: list[Row]

    @property
    def keys(self) -> set[str]:
        """Every difference whose partner's value can be taken."""
        keys = {row.key for section in self.sections for row in section.rows if row.key}
        return keys | {section.key for section in self.sections if section.key}

    @property
    def difference_count(self) -> int:
        return sum(section.differences for section in self.sections)


# --- Reading --------------------------------------------------------------------------------


def home_code() -> str:
    home = selectors.home_institution()
    return home.code if home else ""


def read_document(data: bytes) -> list[ReceivedCopy]:
    """A partner's document as copies, each seen from our university; or why it is refused."""
    return read_checked(data, home_code=home_code())


def copies_of(received: ReceivedIia) -> list[ReceivedCopy]:
    return read_document(bytes(received.content))


def country_of(hei_id: str) -> str:
    """The country of an institution's internet domain, where it ends in a country code."""
    domain = hei_id.rsplit(".", 1)[-1].upper()
    domain = {"UK": "GB", "EL": "GR"}.get(domain, domain)
    return domain if len(domain) == 2 and domain in dict(countries) else ""


def contacts_of(partner: Partner) -> list[Contact]:
    """The partner's contacts in the copy as contact persons of the register (unsaved)."""
    people = [(partner.signing_contact, _("signs the agreement"))]
    people += [(person, "") for person in partner.contacts]
    contacts = []
    for person, role in people:
        if person is None or not person.name:
            continue
        email = next(iter(person.emails), "")
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        contacts.append(
            Contact(
                name=person.name[:200],
                position=(person.role or role)[:200],
                email=email,
                phone=next(iter(person.phones), "")[:50],
            )
        )
    return contacts


# --- Matching ------------------------------------------------------------------------------


def partner_of(copy: ReceivedCopy) -> Institution | None:
    """The partner institution the copy names, by its SCHAC code."""
    if copy.theirs is None:
        return None
    return Institution.objects.filter(code=copy.theirs.hei_id, is_home=False).first()


def _uuids(values: set[str]) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


def matching_agreement(copy: ReceivedCopy, partner: Institution | None = None) -> Agreement | None:
    """Our agreement the copy is of: with the partner it names (by SCHAC code), and with our
    IIA identifier among its iia-ids, or the partner's iia-id as we know it, or our number among
    its iia-codes. An agreement in use comes before an archived one."""
    partner = partner or partner_of(copy)
    if partner is None or copy.theirs is None:
        return None
    condition = Q(iia_id__in=_uuids(copy.ids)) | Q(number__in=copy.codes)
    if copy.theirs.iia_id:
        condition |= Q(partner_iia_id=copy.theirs.iia_id)
    return (
        partner.agreements.filter(condition)
        .select_related("partner")
        .order_by(F("archived_at").asc(nulls_first=True), "-valid_from", "pk")
        .first()
    )


# --- Comparing -----------------------------------------------------------------------------


def _same(name: str, ours: Any, theirs: Any) -> bool:
    """Whether two values of a field mean the same, whatever the way each side writes them."""
    if name == "subject_areas":
        return _codes(ours) == _codes(theirs)
    if name == "study_levels":
        return set(_codes(ours)) == set(_codes(theirs))
    if name == "language":
        return (ewp.language_code(ours or "") or (ours or "").strip().lower()) == (
            ewp.language_code(theirs or "") or (theirs or "").strip().lower()
        )
    if name == "other_language_skills":
        return set(ewp.parse_language_skills(ours or "")) == set(
            ewp.parse_language_skills(theirs or "")
        )
    if name == "signatories":
        return _signers(ours) == _signers(theirs)
    if name in ("valid_from", "valid_until") and ours and theirs:
        # The partner's copy says academic years, not days: a day in the same year agrees.
        return ewp.academic_year_of(ours) == ewp.academic_year_of(theirs)
    if ours in ("", None) and theirs in ("", None):
        return True
    if isinstance(ours, Decimal) or isinstance(theirs, Decimal):
        return ours is not None and theirs is not None and Decimal(ours) == Decimal(theirs)
    return ours == theirs


def _codes(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _signers(text: str) -> list[str]:
    """The signatories' lines without the institution's SCHAC code the partner's copy adds."""
    return [re.sub(r"\s*\([a-z0-9.-]+\.[a-z]+\)$", "", line) for line in _lines(text)]


def display(name: str, value: Any) -> str:
    """A value as the page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "study_levels":
        labels = dict(StudyLevel.choices)
        return ", ".join(str(labels.get(level, level)) for level in _codes(value))
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    if isinstance(value, date | Decimal | int):
        return str(localize(value))
    return str(value)


def _label(name: str) -> str:
    return str(getattr(CooperationCondition._meta.get_field(name), "verbose_name", name))


def agreement_values(copy: ReceivedCopy) -> dict[str, Any]:
    """The agreement's fields as the partner's copy gives them; those it does not give are left
    out (nothing to compare with)."""
    values: dict[str, Any] = {}
    if copy.ours and copy.ours.iia_code:
        values["number"] = copy.ours.iia_code
    if copy.theirs and copy.theirs.iia_id:
        values["partner_iia_id"] = copy.theirs.iia_id
    if copy.signing_date:
        values["date_signed"] = copy.signing_date
    if copy.signatories:
        values["signatories"] = copy.signatories
    if copy.valid_from:
        values["valid_from"] = copy.valid_from
    if copy.conditions:
        values["valid_until"] = copy.valid_until
    return values


def compare(agreement: Agreement, copy: ReceivedCopy) -> Comparison:
    """Both copies field by field and condition by condition, each difference marked."""
    theirs_partner = copy.theirs
    if theirs_partner is None:
        raise ValueError("Only a copy of an agreement with us is compared.")
    head = Section(title=_("The agreement"))
    for name, value in agreement_values(copy).items():
        ours = getattr(agreement, name)
        differs = not _same(name, ours, value)
        if name == "number":
            # Our number may be either side's code: the one we created it with is the partner's.
            differs = ours not in copy.codes
        head.rows.append(
            Row(
                label=str(AGREEMENT_FIELDS[name]),
                ours=display(name, ours),
                theirs=display(name, value),
                differs=differs,
                key=f"a:{name}" if differs else "",
            )
        )
    sections = [head]
    stored = {(c.direction, c.mobility_type): c for c in agreement.conditions.all()}
    received = {c.key: c for c in copy.conditions}
    for key in sorted(set(stored) | set(received), key=_condition_order):
        ours_condition, theirs_condition = stored.get(key), received.get(key)
        example = ours_condition or theirs_condition
        assert example is not None
        section = Section(
            title=f"{example.get_direction_display()} · {example.get_mobility_type_display()}"
        )
        prefix = f"c:{key[0]}:{key[1]}"
        if ours_condition is None:
            section.presence, section.key = "theirs", f"n:{key[0]}:{key[1]}"
        elif theirs_condition is None:
            section.presence = "ours"
        for name in CONDITION_FIELDS:
            ours = getattr(ours_condition, name) if ours_condition else None
            theirs = getattr(theirs_condition, name) if theirs_condition else None
            shown = display(name, ours) if ours_condition else ""
            if ours_condition and not ours and name in YEAR_FROM_DATES:
                # An empty year follows the agreement's dates, as our IIA says it (iia_write).
                day = getattr(agreement, YEAR_FROM_DATES[name])
                if day:
                    ours = ewp.academic_year_of(day)
                    shown = _("%(year)s (from the agreement's dates)") % {"year": ours}
            both = ours_condition is not None and theirs_condition is not None
            differs = both and not _same(name, ours, theirs)
            section.rows.append(
                Row(
                    label=_label(name),
                    ours=shown,
                    theirs=display(name, theirs) if theirs_condition else "",
                    differs=differs,
                    key=f"{prefix}:{name}" if differs else "",
                )
            )
        sections.append(section)
    info = [
        Row(label=_("Partner"), ours=str(agreement.partner), theirs=theirs_partner.hei_id),
        Row(
            label=_("Partner's number (their iia-code)"),
            ours="—",
            theirs=display("", theirs_partner.iia_code),
        ),
        Row(
            label=_("In effect, as the partner says"),
            ours="—",
            theirs=display("", copy.in_effect),
        ),
    ]
    return Comparison(agreement=agreement, copy=copy, sections=sections, info=info)


def _condition_order(key: tuple[str, str]) -> tuple[int, int]:
    directions = ["outgoing", "incoming"]
    types = [str(t) for t in ewp.SPEC_BY_TYPE] + ["research"]
    return (
        directions.index(key[0]) if key[0] in directions else 9,
        types.index(key[1]) if key[1] in types else 9,
    )
