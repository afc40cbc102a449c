"""Reads of applications that views share."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    StringAgg,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries.fields import Country

from accounts.selectors import email_is_confirmed
from agreements.models import AcademicPeriod, Agreement, CooperationCondition, Direction
from core import history
from core.choices import label_of
from core.three_names import localized

from .models import (
    MOBILITY_TYPE_OF_KIND,
    Application,
    ApplicationEvent,
    ApplicationRound,
    ApplicationState,
    ApplicationStateCount,
    CurriculumLine,
    CurriculumVersion,
    Document,
    DocumentState,
    ParticipantKind,
    Questionnaire,
    RoundPlace,
)
from .names import full_name_in

if TYPE_CHECKING:
    from .filters import ApplicationFilter


def state_counts(queryset: QuerySet) -> list[dict[str, Any]]:
    """How many applications of the queryset are in each state, in workflow order; one query."""
    counts = dict(
        queryset.order_by()
        .values_list("state")
        # COUNT(*), not of a column: an index of the states alone answers it (index-only scan).
        .annotate(total=Count("*"))
        .values_list("state", "total")
    )
    return _in_workflow_order(counts)


def _in_workflow_order(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"state": value, "label": label, "total": counts[value]}
        for value, label in ApplicationState.choices
        if counts.get(value)
    ]


# The filters of the office's list whose counts the database keeps (ApplicationStateCount).
KEPT_COUNT_FILTERS = frozenset({"direction", "state", "archive"})


def kept_state_counts(
    *, direction: str = "", state: str = "", archive: str = ""
) -> list[dict[str, Any]]:
    """`state_counts` of the applications narrowed only by direction, state and archive (as
    ApplicationFilter reads them: "" is not archived, "archived", "all"), from the counts the
    database's triggers keep: one query over a few dozen rows, whatever the register's size."""
    kept = ApplicationStateCount.objects.order_by()
    if direction:
        kept = kept.filter(direction=direction)
    if state:
        kept = kept.filter(state=state)
    if archive != "all":
        kept = kept.filter(archived=archive == "archived")
    counts = dict(
        kept.values_list("state").annotate(total=Sum("total")).values_list("state", "total")
    )
    return _in_workflow_order(counts)


# A search is counted only this far: counting a common name's matches by state reads every one of
# them (16,735 for a surname in 100,000 applications), and no one pages through a thousand
# names to find one; the page asks for a narrower search instead.
SEARCH_COUNTED_UP_TO = 1000


@dataclass(frozen=True)
class ListCounts:
    """The office's list's counts by state, and how many rows its pages hold. `more` when a
    search matched more than it counts: the pages then hold its first `total` matches and the
    counts by state are not known."""

    by_state: list[dict[str, Any]]
    total: int
    more: bool = False


def list_state_counts(filterset: "ApplicationFilter") -> ListCounts:
    """The counts by state of the office's list as filtered: the kept counts when it is narrowed
    by nothing they do not hold, a count of the filtered applications otherwise, up to
    SEARCH_COUNTED_UP_TO matches when it searches. One query, the same numbers either way."""
    form = filterset.form
    valid = form.is_valid()
    if valid and not any(
        value not in (None, "", [])
        for name, value in form.cleaned_data.items()
        if name not in KEPT_COUNT_FILTERS
    ):
        by_state = kept_state_counts(
            **{name: form.cleaned_data.get(name) or "" for name in KEPT_COUNT_FILTERS}
        )
        return ListCounts(by_state, sum(row["total"] for row in by_state))
    if valid and (form.cleaned_data.get("q") or "").strip():
        # The states of at most one match more than counted: enough to know whether there are
        # more, without reading them all.
        states = list(
            filterset.qs.order_by().values_list("state", flat=True)[: SEARCH_COUNTED_UP_TO + 1]
        )
        if len(states) > SEARCH_COUNTED_UP_TO:
            return ListCounts([], SEARCH_COUNTED_UP_TO, more=True)
        by_state = _in_workflow_order(Counter(states))
        return ListCounts(by_state, len(states))
    by_state = state_counts(filterset.qs)
    return ListCounts(by_state, sum(row["total"] for row in by_state))


# What the office's list shows of each application (templates/applications/snippets/list_rows.html),
# read as plain values: building 100 model instances (with their partner, period and program)
# cost the page more than its SQL.
LIST_VALUES = (
    "pk",
    "reference",
    "first_name",
    "last_name",
    "first_name_cyrillic",
    "last_name_cyrillic",
    "patronymic",
    "participant_kind",
    "direction",
    "state",
    "archived_at",
    "partner__country",
    "period_id",
    "period__academic_year",
    "period__term",
)


def list_rows(queryset: QuerySet) -> QuerySet:
    """The applications of the queryset as the office's list shows them: newest first (an index
    serves the order, so a page reads its rows only), as values of the columns the table shows,
    names already in the reader's language (with their fallbacks)."""
    return (
        queryset.order_by("-created_at", "-pk")
        .annotate(
            partner_name=localized("partner__name"),
            partner_city=localized("partner__city"),
            program_name=localized("program__name"),
        )
        .values(*LIST_VALUES, "partner_name", "partner_city", "program_name")
    )


# The badge of each state (as templates/applications/snippets/state_badge.html colours it).
STATE_BADGES = {
    ApplicationState.COMPLETED: "text-bg-success",
    ApplicationState.IN_MOBILITY: "text-bg-success",
    ApplicationState.AGREEMENT_SIGNED: "text-bg-success",
    ApplicationState.RETURNED: "text-bg-warning",
    ApplicationState.REJECTED: "text-bg-secondary",
    ApplicationState.WITHDRAWN: "text-bg-secondary",
    ApplicationState.DRAFT: "text-bg-light",
}


@dataclass(frozen=True)
class ListRow:
    """One line of the office's list, every text ready: the template only prints them."""

    url: str
    reference: str
    name: str
    kind: str
    direction: str
    partner: str
    place: str
    period: str
    program: str
    state: str
    state_label: str
    badge: str
    archived: bool


def list_page_rows(applications: Iterable[dict[str, Any]]) -> list[ListRow]:
    """The page's applications (values of `list_rows`) as lines of the list. Labels, periods and
    country names are looked up once per page, not once per row."""
    language = get_language()
    seen: dict[tuple[str, Any], str] = {}

    def once(kind: str, key: Any, read: Callable[[], str]) -> str:
        if (kind, key) not in seen:
            seen[kind, key] = read()
        return seen[kind, key]

    # One reversed address, the id put in per row (reverse() costs more than the row's text).
    marker = 999999999
    url = reverse("applications:detail", args=[marker]).replace(str(marker), "{}")
    rows = []
    for row in applications:
        country = row["partner__country"]
        state = row["state"]
        rows.append(
            ListRow(
                url=url.format(row["pk"]),
                reference=row["reference"],
                name=full_name_in(
                    language,
                    last_name=row["last_name"],
                    first_name=row["first_name"],
                    last_name_cyrillic=row["last_name_cyrillic"],
                    first_name_cyrillic=row["first_name_cyrillic"],
                    patronymic=row["patronymic"],
                ),
                kind=once(
                    "kind",
                    row["participant_kind"],
                    partial(label_of, ParticipantKind, row["participant_kind"]),
                ),
                direction=once(
                    "direction", row["direction"], partial(label_of, Direction, row["direction"])
                ),
                partner=row["partner_name"] or "",
                place=f"{row['partner_city'] or ''}, "
                + once("country", country, partial(lambda code: str(Country(code).name), country)),
                period=once(
                    "period",
                    row["period_id"],
                    partial(
                        lambda year, term: f"{year}, {label_of(AcademicPeriod.Term, term)}",
                        row["period__academic_year"],
                        row["period__term"],
                    ),
                ),
                program=row["program_name"] or "",
                state=state,
                state_label=once("state", state, partial(label_of, ApplicationState, state)),
                badge=STATE_BADGES.get(state, "text-bg-primary"),
                archived=row["archived_at"] is not None,
            )
        )
    return rows


@dataclass(frozen=True)
class EarlierMatch:
    """A host course matched to a home course, as approved for earlier participants."""

    host_code: str
    host_title: str
    host_credits: Decimal
    home_code: str
    home_title: str
    home_credits: Decimal
    uses: int
    last_approved_at: datetime | None
    # Who it was approved for; filled only for the office, never for a student.
    participants: str = ""

    @property
    def key(self) -> str:
        return equivalence_key(self.host_code, self.host_title)


MATCH_FIELDS = (
    "host_code",
    "host_title",
    "host_credits",
    "home_code",
    "home_title",
    "home_credits",
)


def earlier_matches(application: Application, *, with_names: bool = False) -> list[EarlierMatch]:
    """Course matches approved for other participants at this application's partner; one query.

    Each match (host course, home course, their credits) is counted once per participant, from
    the last approved version of each curriculum. Names are aggregated only `with_names` (the
    office); a student sees how often a match was used, never for whom.
    """
    last_approved = (
        CurriculumVersion.objects.filter(
            application=OuterRef("version__application"),
            state=CurriculumVersion.State.APPROVED,
        )
        .order_by("-number")
        .values("number")[:1]
    )
    aggregates: dict[str, Any] = {
        "uses": Count("version__application", distinct=True),
        "last_approved_at": Max("version__approved_at"),
    }
    if with_names:
        aggregates["participants"] = StringAgg(
            Concat(
                "version__application__last_name",
                Value(" "),
                "version__application__first_name",
            ),
            delimiter=Value(", "),
        )
    rows = (
        CurriculumLine.objects.filter(
            version__state=CurriculumVersion.State.APPROVED,
            version__application__partner_id=application.partner_id,
            version__number=Subquery(last_approved),
        )
        .exclude(version__application_id=application.pk)
        .values(*MATCH_FIELDS)
        .annotate(**aggregates)
        .order_by("-uses", "host_title", "home_title")
    )
    return [EarlierMatch(**row) for row in rows]


def matches_by_host_course(matches: list[EarlierMatch]) -> dict[str, EarlierMatch]:
    """The most used earlier match of each host course (by code, or title without a code)."""
    found: dict[str, EarlierMatch] = {}
    for match in matches:  # Most used first: the first one of a host course wins.
        found.setdefault(match.key, match)
    return found


def equivalence_key(code: str, title: str) -> str:
    return (code or title).strip().lower()


def open_rounds(*, on: date) -> QuerySet:
    """Rounds open for applications on the day, the one closing first first."""
    return (
        ApplicationRound.objects.filter(opens_on__lte=on, closes_on__gte=on)
        .select_related("period")
        .order_by("closes_on", "pk")
    )


@dataclass(frozen=True)
class PartnerOffer:
    """What the apply form says of one partner of a round."""

    agreement: Agreement
    limit: int | None  # places a year; None when the agreement sets no limit
    held: int  # places already held this academic year
    language: str
    language_level: str

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.held, 0)


def round_offers(round_: ApplicationRound, *, participant_kind: str) -> dict[int, PartnerOffer]:
    """Per agreement of the round: places left this year and the language it asks for.

    Places left are the agreement's places for the academic year minus the applications that
    hold one (approved onwards), as approving counts them. Three queries for any number of
    partners.
    """
    mobility_type = MOBILITY_TYPE_OF_KIND[participant_kind]
    agreements = (
        Agreement.objects.filter(round_places__round=round_)
        .select_related("partner")
        .prefetch_related(
            Prefetch(
                "conditions",
                queryset=CooperationCondition.objects.filter(
                    direction=round_.direction, mobility_type=mobility_type
                ),
            )
        )
        .distinct()
    )
    held = dict(
        Application.objects.holding_places()
        .filter(
            agreement__round_places__round=round_,
            direction=round_.direction,
            participant_kind=participant_kind,
            period__academic_year=round_.period.academic_year,
        )
        .order_by()
        .values_list("agreement")
        .annotate(total=Count("id", distinct=True))
        .values_list("agreement", "total")
    )
    offers = {}
    for agreement in agreements:
        condition = next(iter(agreement.conditions.all()), None)
        offers[agreement.pk] = PartnerOffer(
            agreement=agreement,
            limit=condition.places_per_year if condition else None,
            held=held.get(agreement.pk, 0),
            language=condition.language if condition else "",
            language_level=condition.language_level if condition else "",
        )
    return offers


WAITING_FROM_SUBMISSION = [
    ApplicationState.SUBMITTED,
    ApplicationState.RESUBMITTED,
    ApplicationState.UNDER_REVIEW,
]


def staff_queue() -> QuerySet:
    """What waits for the office, longest waiting first, each with `waiting_since`.

    A submitted or reviewed application waits from its last submission; an approved one (for
    the order) or one with its order issued (for the signatures) from the step that put it
    there. One query, whatever the number of rows.
    """
    last_step = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_state=OuterRef("state"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return (
        Application.objects.for_list()
        .waiting_for_staff()
        .annotate(
            waiting_since=Coalesce(
                Case(
                    When(state__in=WAITING_FROM_SUBMISSION, then=F("submitted_at")),
                    default=Subquery(last_step),
                ),
                Subquery(last_step),
                F("updated_at"),
            )
        )
        .order_by("waiting_since", "pk")
    )


def approved_curriculum(application: Application) -> CurriculumVersion | None:
    """The curriculum in force: the last approved version, whatever change is drafted after it."""
    return (
        application.curriculum_versions.filter(state=CurriculumVersion.State.APPROVED)
        .order_by("-number")
        .first()
    )


# History of rounds and curricula


def _agreement_label(agreement: Agreement) -> str:
    return f"{agreement.partner.name} ({agreement.number})"


def round_history(round_: ApplicationRound) -> list[dict[str, Any]]:
    """The round's versions and its partners added, changed (their places) and removed."""
    return history.entries(
        round_.history.all(),
        rows=[history.Rows(RoundPlace.history.filter(round_id=round_.pk), subject=("agreement",))],
        querysets={Agreement: Agreement.objects.select_related("partner")},
        labels={Agreement: _agreement_label},
    )


def curriculum_history(version: CurriculumVersion) -> list[dict[str, Any]]:
    """One version of a curriculum: its steps (proposed, approved, back to draft) and each line
    added, changed or removed while it was a draft, newest first."""
    return history.entries(
        version.history.all(),
        rows=[
            history.Rows(
                CurriculumLine.history.filter(version_id=version.pk),
                subject=("host_title", "home_title"),
                joiner=" → ",
            )
        ],
    )


# Reads the workflow services share with the pages.


def mobility_type_for(participant_kind: str) -> str:
    return MOBILITY_TYPE_OF_KIND[participant_kind]


def current_curriculum(application: Application) -> CurriculumVersion | None:
    return application.curriculum_versions.order_by("-number").first()


def curriculum_for_print(application: Application) -> CurriculumVersion | None:
    """The version the curriculum PDF prints: the current one, or, once the application is
    closed, the last approved one (a change started and never approved did not take effect)."""
    current = current_curriculum(application)
    if (
        application.is_closed
        and current is not None
        and current.state != CurriculumVersion.State.APPROVED
    ):
        return approved_curriculum(application) or current
    return current


def unusual_totals(
    version: CurriculumVersion, *, totals: dict[str, Decimal] | None = None
) -> list[str]:
    """Warnings, never refusals: totals far from a usual semester's load (`totals` when the
    caller has them already)."""
    totals = version.totals() if totals is None else totals
    warnings = []
    if totals["home"] and not 15 <= totals["home"] <= 40:
        warnings.append(
            _("%(credits)s home credits is unusual for a semester (30 is usual).")
            % {"credits": formats.localize(totals["home"])}
        )
    if totals["host"] and totals["home"] and abs(totals["host"] - totals["home"]) > 5:
        warnings.append(
            _("Host credits (%(host)s) and home credits (%(home)s) differ by more than 5.")
            % {"host": formats.localize(totals["host"]), "home": formats.localize(totals["home"])}
        )
    return warnings


def missing_documents(application: Application) -> list[Document]:
    """The participant's documents that still have to be uploaded (or uploaded again)."""
    wanted = set(application.participant_document_kinds())
    return [
        document
        for document in application.documents.all()
        if document.kind in wanted and not document.is_present
    ]


@dataclass(frozen=True)
class ChecklistItem:
    """One thing the participant still has to do before submitting."""

    what: str  # "email", "questionnaire", "curriculum" or "document"
    message: str
    document: Document | None = None


def submission_checklist(
    application: Application, *, by: AbstractBaseUser | None = None
) -> list[ChecklistItem]:
    """What stops the application from being submitted, in the order the participant does it.

    A participant submitting it themselves must have confirmed their e-mail address (the office
    writes to it); the office submitting a paper application knows the person already."""
    items = []
    if by is not None and by.pk == application.participant_id and not email_is_confirmed(by):
        items.append(
            ChecklistItem(
                "email",
                _("Confirm your e-mail address %(email)s: follow the link we e-mailed you.")
                % {"email": by.email},
            )
        )
    if application.participant_kind == ParticipantKind.STUDENT:
        if not Questionnaire.objects.filter(application=application).exists():
            items.append(
                ChecklistItem("questionnaire", _("The questionnaire is not filled in yet."))
            )
        curriculum = current_curriculum(application)
        if curriculum is None or not curriculum.lines.exists():
            items.append(
                ChecklistItem("curriculum", _("The individual curriculum has no disciplines yet."))
            )
    for document in missing_documents(application):
        if document.state == DocumentState.RETURNED:
            message = _("The %(document)s was returned: %(reason)s Upload it again.") % {
                "document": document.get_kind_display(),
                "reason": document.return_reason.rstrip(".") + ".",
            }
        else:
            message = _("The %(document)s is not uploaded yet.") % {
                "document": document.get_kind_display()
            }
        items.append(ChecklistItem("document", message, document))
    return items


def places_taken(application: Application) -> tuple[int, int | None]:
    """Places of the agreement already held this academic year, and how many it has."""
    agreement = application.agreement
    limit = agreement.places_for(
        direction=application.direction,
        mobility_type=mobility_type_for(application.participant_kind),
    )
    taken = (
        Application.objects.holding_places()
        .filter(
            agreement=agreement,
            direction=application.direction,
            participant_kind=application.participant_kind,
            period__academic_year=application.period.academic_year,
        )
        .exclude(pk=application.pk)
        .count()
    )
    return taken, limit


def approval_blockers(application: Application) -> list[str]:
    """What must happen before the approval: every document of the participant accepted."""
    wanted = set(application.participant_document_kinds())
    not_accepted = [
        str(document.get_kind_display())
        for document in application.documents.all()
        if document.kind in wanted and document.state != DocumentState.ACCEPTED
    ]
    if not not_accepted:
        return []
    return [
        _("Accept every document of the participant first; not accepted yet: %(documents)s.")
        % {"documents": ", ".join(not_accepted)}
    ]


def start_blockers(application: Application) -> list[str]:
    """What must happen before the mobility starts: every registration document accepted."""
    not_accepted = [
        str(document.get_kind_display())
        for document in application.documents.all()
        if document.state != DocumentState.ACCEPTED
    ]
    if not not_accepted:
        return []
    return [
        _(
            "Before the mobility starts, upload the signed scan of each document and accept it; "
            "not accepted yet: %(documents)s."
        )
        % {"documents": ", ".join(not_accepted)}
    ]


def date_problem(application: Application, action: str, *, today: date | None = None) -> str:
    """Why today is an odd day for the step, or "": a start before the period begins, or a
    completion before it ends. Such a step needs an override with a reason."""
    today = today or timezone.localdate()
    period = application.period
    if action == "start_mobility" and today < period.starts_on:
        return _(
            "The period %(period)s begins on %(date)s, so the mobility cannot have started today."
        ) % {"period": period, "date": formats.date_format(period.starts_on, "SHORT_DATE_FORMAT")}
    if action == "complete" and today < period.ends_on:
        return _(
            "The period %(period)s ends on %(date)s, so the mobility cannot be completed today."
        ) % {"period": period, "date": formats.date_format(period.ends_on, "SHORT_DATE_FORMAT")}
    return ""


def participant_language(application: Application) -> str:
    return application.language or settings.LANGUAGE_CODE
