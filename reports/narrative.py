"""The mobility report as the office writes it, generated from the same figures as the tables.

Sentences are whole translatable strings, chosen by number with `ngettext`, so Russian gets its
three forms (1 студент, 2 студента, 5 студентов) and Kazakh keeps the noun singular after a
numeral. Partner, city and program names are written as recorded; names of people as the office
writes them, surname and initial, in the reader's script (Cyrillic as in the national ID for
Kazakh and Russian, Latin as in the passport for English).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Q
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agreements.models import Direction
from applications import names
from applications.models import ParticipantKind

from .periods import ReportPeriod
from .selectors import (
    COMPLETED,
    DOMESTIC,
    FOREIGN,
    IN_MOBILITY,
    PLANNED,
    STAGE_OF_STATE,
    STAGE_STATES,
    STAGES,
    Figures,
    PartnerTotals,
    Table,
    count_where,
    country_name,
    mobilities,
    ranked,
    where_q,
)

# Names are listed for a partner's group up to this size, as the office does for small groups.
NAMES_UP_TO = 12
NAME_FIELDS = ["last_name", "first_name", "last_name_cyrillic", "first_name_cyrillic", "patronymic"]


def ngettext(singular: str, plural: str, number: int) -> str:
    """Django's ngettext, remembered per language, message and number: a large report asks the
    same few sentence frames thousands of times (a term at 100,000 mobilities, 3,700 times), and
    choosing a plural form each time was a tenth of the text's time."""
    return _ngettext_in(get_language(), singular, plural, number)


@lru_cache(maxsize=8192)
def _ngettext_in(language: str | None, singular: str, plural: str, number: int) -> str:
    return translation.ngettext(singular, plural, number)


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool = False
    # How many partners the report page left out of this paragraph or the list before it; the
    # whole text (its page, TXT, DOCX and PDF) names them all.
    left_out: int = 0


def people(count: int, kinds: set[str]) -> str:
    """ "3 students", "1 teacher", or "4 participants" when the kinds are mixed."""
    # Asked for every partner's group: translated once per language, number and kind.
    return _people(get_language(), count, next(iter(kinds)) if len(kinds) == 1 else "")


@lru_cache(maxsize=4096)
def _people(language: str | None, count: int, kind: str) -> str:
    if kind == ParticipantKind.STUDENT:
        return ngettext("%(count)d student", "%(count)d students", count) % {"count": count}
    if kind == ParticipantKind.TEACHER:
        return ngettext("%(count)d teacher", "%(count)d teachers", count) % {"count": count}
    if kind == ParticipantKind.RESEARCHER:
        return ngettext("%(count)d researcher", "%(count)d researchers", count) % {"count": count}
    return ngettext("%(count)d participant", "%(count)d participants", count) % {"count": count}


def listed(items: list[str]) -> str:
    return ", ".join(items)


def _listed_up_to(groups: list["Group"], limit: int | None, item) -> tuple[str, int]:
    """The first `limit` groups written by `item` (all without a limit), "and N more" after
    them; and N."""
    if limit is None or len(groups) <= limit:
        return listed([item(group) for group in groups]), 0
    more = len(groups) - limit
    text = ngettext("%(items)s and %(count)d more", "%(items)s and %(count)d more", more) % {
        "items": listed([item(group) for group in groups[:limit]]),
        "count": more,
    }
    return text, more


def short_name(last_name: str, first_name: str) -> str:
    """ "Omarova E.", the way the office's reports name participants."""
    return names.short_name(last_name, first_name)


@dataclass(slots=True)
class Group:
    partner_id: int
    partner: str
    city: str
    country: str
    total: int = 0
    kinds: set[str] = field(default_factory=set)


def _groups(found: Figures) -> dict[tuple[str, str, str], list[Group]]:
    """Mobilities by (direction, where, stage), then by partner, largest first; from the figures
    the tables are drawn from, no query of its own."""
    grouped: dict[tuple, list[Group]] = defaultdict(list)
    for partner in found.partners:
        # One walk over the partner's cells that hold mobilities (a thousand partners at
        # 100,000 mobilities, each at several stages).
        own: dict[tuple[str, str], Group] = {}
        for (direction, stage, kind), value in partner.counts.items():
            group = own.get((direction, stage))
            if group is None:
                group = own[(direction, stage)] = Group(
                    partner.pk, partner.name, partner.city, partner.country
                )
                grouped[(direction, partner.where, stage)].append(group)
            group.total += value
            group.kinds.add(kind)
    return {
        key: sorted(partners, key=lambda group: (-group.total, group.partner))
        for key, partners in grouped.items()
    }


def _names_and_programs(
    mobilities, groups, found: Figures, *, cut: bool = False
) -> tuple[dict, dict]:
    """Participants' names of the small foreign outgoing groups, and every group's programs.

    Two queries; names are read only for groups small enough to be listed, programs are counted
    by id (their names are the figures' ones), only for the groups `groups` keeps when `cut`.
    """
    small = {
        (stage, group.partner_id)
        for (direction, where, stage), partners in groups.items()
        if direction == Direction.OUTGOING and where == FOREIGN
        for group in partners
        if group.total <= NAMES_UP_TO
    }
    listed_names: dict[tuple, list[str]] = defaultdict(list)
    language = get_language()
    outgoing_foreign = mobilities.filter(Q(direction=Direction.OUTGOING) & where_q(FOREIGN))
    if small:
        # Only the small groups' rows: a partner with a small group at one stage may have a
        # large one at another (five years at 100,000 mobilities: 4,618 names among 24,709 rows).
        partners_by_stage: dict[str, set[int]] = defaultdict(set)
        for stage, partner_id in small:
            partners_by_stage[stage].add(partner_id)
        in_small_groups = Q()
        for stage, partner_ids in sorted(partners_by_stage.items()):
            in_small_groups |= Q(state__in=STAGE_STATES[stage], partner_id__in=sorted(partner_ids))
        for (
            state,
            partner_id,
            last,
            first,
            last_cyrillic,
            first_cyrillic,
            patronymic,
        ) in outgoing_foreign.filter(in_small_groups).values_list(
            "state", "partner_id", *NAME_FIELDS
        ):
            # The reader's script: "Омарова Э." in Kazakh and Russian, "Omarova E." in English.
            listed_names[(STAGE_OF_STATE[state], partner_id)].append(
                names.short_name_in(
                    language,
                    last_name=last,
                    first_name=first,
                    last_name_cyrillic=last_cyrillic,
                    first_name_cyrillic=first_cyrillic,
                    patronymic=patronymic,
                )
            )
    with_program = outgoing_foreign.exclude(program=None)
    if cut:
        with_program = with_program.filter(
            partner_id__in=sorted(
                {
                    group.partner_id
                    for (direction, where, _stage), partners in groups.items()
                    if direction == Direction.OUTGOING and where == FOREIGN
                    for group in partners
                }
            )
        )
    found_programs: dict[tuple, set[str]] = defaultdict(set)
    for row in with_program.values("partner_id", "program_id").annotate(
        **{stage: count_where(Q(state__in=STAGE_STATES[stage])) for stage, _label in STAGES}
    ):
        name = found.program_names.get(row["program_id"])
        for stage, _label in STAGES:
            if row[stage] and name:
                found_programs[(stage, row["partner_id"])].add(name)
    programs = {key: sorted(value) for key, value in found_programs.items()}
    return {key: sorted(value) for key, value in listed_names.items()}, programs


def _foreign_outgoing(period, groups, names, programs, left_out) -> list[Paragraph]:
    # One sentence per partner and stage: what does not change from one to the next is
    # translated once (at 100,000 mobilities a term has a thousand partners).
    when = period.when
    quote = _("“%(name)s”")
    with_names = _("%(sentence)s: %(names)s")
    paragraphs = []
    for stage in (COMPLETED, IN_MOBILITY, PLANNED):
        for group in groups.get((Direction.OUTGOING, FOREIGN, stage), []):
            values = {
                "when": when,
                "people": people(group.total, group.kinds),
                "partner": group.partner,
                "country": country_name(group.country),
            }
            if stage == COMPLETED:
                sentence = ngettext(
                    "%(when)s, %(people)s completed foreign academic mobility at "
                    "%(partner)s (%(country)s)",
                    "%(when)s, %(people)s completed foreign academic mobility at "
                    "%(partner)s (%(country)s)",
                    group.total,
                )
            elif stage == IN_MOBILITY:
                sentence = ngettext(
                    "%(when)s, %(people)s is on foreign academic mobility at "
                    "%(partner)s (%(country)s)",
                    "%(when)s, %(people)s are on foreign academic mobility at "
                    "%(partner)s (%(country)s)",
                    group.total,
                )
            else:
                sentence = ngettext(
                    "%(when)s, %(people)s is to go on foreign academic mobility to "
                    "%(partner)s (%(country)s)",
                    "%(when)s, %(people)s are to go on foreign academic mobility to "
                    "%(partner)s (%(country)s)",
                    group.total,
                )
            text = sentence % values
            listed_names = names.get((stage, group.partner_id))
            if listed_names:
                text = with_names % {
                    "sentence": text,
                    "names": listed(listed_names),
                }
            # Names end with an initial's full stop; a sentence needs no second one.
            if not text.endswith("."):
                text += "."
            group_programs = programs.get((stage, group.partner_id))
            if group_programs:
                text += " " + ngettext(
                    "Educational program: %(programs)s.",
                    "Educational programs: %(programs)s.",
                    len(group_programs),
                ) % {"programs": listed([quote % {"name": name} for name in group_programs])}
            paragraphs.append(Paragraph(text))
        more = left_out.get((Direction.OUTGOING, FOREIGN, stage), 0)
        if more:
            paragraphs.append(
                Paragraph(
                    ngettext(
                        "…and %(count)d more partner, with fewer participants each.",
                        "…and %(count)d more partners, with fewer participants each.",
                        more,
                    )
                    % {"count": more},
                    left_out=more,
                )
            )
    return paragraphs


def _domestic_outgoing(period, groups, limit: int | None) -> list[Paragraph]:
    when = period.when
    at = _("%(people)s at %(partner)s (%(city)s)")
    paragraphs = []
    for stage in (COMPLETED, IN_MOBILITY, PLANNED):
        partners = groups.get((Direction.OUTGOING, DOMESTIC, stage), [])
        if not partners:
            continue
        total = sum(group.total for group in partners)
        kinds = set().union(*(group.kinds for group in partners))
        breakdown, more = _listed_up_to(
            partners,
            limit,
            lambda group: (
                at
                % {
                    "people": people(group.total, group.kinds),
                    "partner": group.partner,
                    "city": group.city,
                }
            ),
        )
        values = {"when": when, "people": people(total, kinds), "breakdown": breakdown}
        if stage == COMPLETED:
            sentence = ngettext(
                "%(when)s, %(people)s completed academic mobility at a Kazakhstani university: "
                "%(breakdown)s.",
                "%(when)s, %(people)s completed academic mobility at Kazakhstani universities: "
                "%(breakdown)s.",
                total,
            )
        elif stage == IN_MOBILITY:
            sentence = ngettext(
                "%(when)s, %(people)s is on academic mobility at a Kazakhstani university: "
                "%(breakdown)s.",
                "%(when)s, %(people)s are on academic mobility at Kazakhstani universities: "
                "%(breakdown)s.",
                total,
            )
        else:
            sentence = ngettext(
                "%(when)s, %(people)s is to go on academic mobility to a Kazakhstani "
                "university: %(breakdown)s.",
                "%(when)s, %(people)s are to go on academic mobility to Kazakhstani "
                "universities: %(breakdown)s.",
                total,
            )
        paragraphs.append(Paragraph(sentence % values, left_out=more))
    return paragraphs


def _incoming(period, groups, limit: int | None) -> list[Paragraph]:
    """Who came to us (in mobility or completed) and who is expected (planned)."""
    when = period.when
    institution = _("%(partner)s (%(city)s) — %(count)d")
    paragraphs = []
    for where in (DOMESTIC, FOREIGN):
        for stages, arrived in (((IN_MOBILITY, COMPLETED), True), ((PLANNED,), False)):
            if len(stages) == 1:
                # Already one group per partner, largest first.
                partners = groups.get((Direction.INCOMING, where, stages[0]), [])
            else:
                merged: dict[int, Group] = {}
                for stage in stages:
                    for group in groups.get((Direction.INCOMING, where, stage), []):
                        entry = merged.get(group.partner_id)
                        if entry is None:
                            entry = merged[group.partner_id] = Group(
                                group.partner_id, group.partner, group.city, group.country
                            )
                        entry.total += group.total
                        entry.kinds |= group.kinds
                partners = sorted(merged.values(), key=lambda group: (-group.total, group.partner))
            if not partners:
                continue
            total = sum(group.total for group in partners)
            kinds = set().union(*(group.kinds for group in partners))
            if where == DOMESTIC:
                places = ranked(_summed(partners, lambda group: group.city))
                origin = ngettext(
                    "from the city of %(places)s",
                    "from the cities of %(places)s",
                    len(places),
                ) % {"places": listed(places)}
            else:
                places = ranked(_summed(partners, lambda group: country_name(group.country)))
                origin = ngettext(
                    "from a partner institution in %(places)s",
                    "from partner institutions in the following countries: %(places)s",
                    len(places),
                ) % {"places": listed(places)}
            values = {"when": when, "people": people(total, kinds), "origin": origin}
            if arrived:
                sentence = ngettext(
                    "%(when)s, %(people)s %(origin)s came to our university on academic mobility.",
                    "%(when)s, %(people)s %(origin)s came to our university on academic mobility.",
                    total,
                )
            else:
                sentence = ngettext(
                    "%(when)s, %(people)s %(origin)s is expected at our university on academic "
                    "mobility.",
                    "%(when)s, %(people)s %(origin)s are expected at our university on academic "
                    "mobility.",
                    total,
                )
            text = sentence % values
            institutions, more = _listed_up_to(
                partners,
                limit,
                lambda group: (
                    institution
                    % {"partner": group.partner, "city": group.city, "count": group.total}
                ),
            )
            text += " " + _("By home institution: %(institutions)s.") % {
                "institutions": institutions
            }
            paragraphs.append(Paragraph(text, left_out=more))
    return paragraphs


def _summed(partners: list[Group], place) -> dict[str, int]:
    """Participants per city or country: several partners may share one."""
    counts: dict[str, int] = defaultdict(int)
    for group in partners:
        counts[place(group)] += group.total
    return counts


def _partners(period: ReportPeriod, totals: PartnerTotals) -> list[Paragraph]:
    paragraphs = []
    if totals.foreign:
        paragraphs.append(
            Paragraph(
                ngettext(
                    "%(when)s, academic mobility rested on agreements with %(count)d foreign "
                    "higher education institution in %(countries)s.",
                    "%(when)s, academic mobility rested on agreements with %(count)d foreign "
                    "higher education institutions in the following countries: %(countries)s.",
                    totals.foreign,
                )
                % {
                    "when": period.when,
                    "count": totals.foreign,
                    "countries": listed(totals.foreign_countries),
                }
            )
        )
    if totals.domestic:
        paragraphs.append(
            Paragraph(
                ngettext(
                    "Within Kazakhstan, academic mobility rested on cooperation with %(count)d "
                    "Kazakhstani university in %(cities)s.",
                    "Within Kazakhstan, academic mobility rested on cooperation with %(count)d "
                    "Kazakhstani universities in the following cities: %(cities)s.",
                    totals.domestic,
                )
                % {"count": totals.domestic, "cities": listed(totals.domestic_cities)}
            )
        )
    return paragraphs


def _credits(period: ReportPeriod, credits: Table) -> list[Paragraph]:
    """One sentence per direction, from the credits table's rows (outgoing first)."""
    by_direction: dict[str, tuple[int, Decimal]] = {}
    rows = iter(credits.rows)
    for direction in (Direction.OUTGOING, Direction.INCOMING):
        participants, amount = 0, Decimal(0)
        for _where in (DOMESTIC, FOREIGN):
            row = next(rows)
            participants += row[1].value
            amount += row[3].value
        by_direction[direction] = (participants, amount)
    paragraphs = []
    for direction, (participants, amount) in by_direction.items():
        if not participants:
            continue
        # Plural by the whole number; a fraction takes the form Russian uses for 2 (кредита).
        whole = amount == amount.to_integral_value()
        plural_of = int(amount) if whole else 2
        credits_phrase = ngettext("%(count)s credit", "%(count)s credits", plural_of) % {
            "count": number_format(int(amount) if whole else amount.normalize())
        }
        values = {"when": period.when, "credits": credits_phrase, "count": participants}
        if direction == Direction.OUTGOING:
            sentence = ngettext(
                "%(when)s, %(credits)s studied abroad was recognized here (participants back "
                "from academic mobility: %(count)d).",
                "%(when)s, %(credits)s studied abroad were recognized here (participants back "
                "from academic mobility: %(count)d).",
                plural_of,
            )
        else:
            sentence = _(
                "%(when)s, incoming participants earned %(credits)s at our university "
                "(participants with an approved transcript: %(count)d)."
            )
        paragraphs.append(Paragraph(sentence % values))
    return paragraphs


def narrative(
    period: ReportPeriod,
    found: Figures,
    totals: PartnerTotals,
    credits: Table,
    *,
    partners_up_to: int | None = None,
) -> list[Paragraph]:
    """The report's text, in the active language; two queries beyond the tables'.

    With `partners_up_to`, as the report page shows it: at most that many partners in each list
    and each stage's sentences (the largest), a paragraph or a phrase saying how many more there
    are (`Paragraph.left_out`), so that the page does not grow with the register.
    """
    groups = _groups(found)
    left_out: dict[tuple, int] = {}
    if partners_up_to is not None:
        for key, partners in groups.items():
            if key[:2] == (Direction.OUTGOING, FOREIGN) and len(partners) > partners_up_to:
                left_out[key] = len(partners) - partners_up_to
                groups[key] = partners[:partners_up_to]
    names, programs = _names_and_programs(mobilities(period), groups, found, cut=bool(left_out))
    paragraphs: list[Paragraph] = [
        Paragraph(_("Academic mobility: %(period)s") % {"period": period.label}, heading=True)
    ]
    paragraphs += _partners(period, totals)
    foreign = _foreign_outgoing(period, groups, names, programs, left_out)
    if foreign:
        paragraphs.append(Paragraph(_("Foreign academic mobility"), heading=True))
        paragraphs += foreign
    domestic = _domestic_outgoing(period, groups, partners_up_to)
    if domestic:
        paragraphs.append(Paragraph(_("Academic mobility in Kazakhstan"), heading=True))
        paragraphs += domestic
    incoming = _incoming(period, groups, partners_up_to)
    if incoming:
        paragraphs.append(Paragraph(_("Incoming academic mobility"), heading=True))
        paragraphs += incoming
    recognized = _credits(period, credits)
    if recognized:
        paragraphs.append(Paragraph(_("Credit recognition"), heading=True))
        paragraphs += recognized
    if not (foreign or domestic or incoming):
        paragraphs.append(
            Paragraph(
                _("%(when)s, no mobility was planned, under way or completed.")
                % {"when": period.when}
            )
        )
    return paragraphs


def as_text(paragraphs: list[Paragraph]) -> str:
    """The report as plain text, for copying into a letter or an e-mail."""
    return "\n\n".join(paragraph.text for paragraph in paragraphs) + "\n"
