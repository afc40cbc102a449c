"""The change history of records and of their rows: saving so that it says who and why, and
reading it back as the entries a record's page lists (when, who, what changed).

django-simple-history keeps one historical table per model (`history = HistoricalRecords()`).
Its author is the `by` a service is given, or else the request's user
(HistoryRequestMiddleware). A save that changes nothing the history tracks records nothing, so
that saving a page unchanged leaves no empty entry.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.utils.formats import localize
from django.utils.translation import gettext, pgettext_lazy

# Reasons the services record; the page shows their label, and any other reason as written.
HISTORY_START = "history-start"
COPIED = "copied"
REASON_LABELS = {
    "archived": pgettext_lazy("change reason", "archived"),
    "restored": pgettext_lazy("change reason", "restored"),
    "imported": pgettext_lazy("change reason", "imported"),
    "proposed": pgettext_lazy("change reason", "proposed for approval"),
    "approved": pgettext_lazy("change reason", "approved"),
    "reopened": pgettext_lazy("change reason", "back to draft"),
    COPIED: pgettext_lazy("change reason", "copied from the previous version"),
    HISTORY_START: pgettext_lazy("change reason", "as it was when its history began"),
}
# Rows recorded with these reasons are compared with but not listed: the record's own entry
# says what happened (a new version copied its lines; the history began), not every row.
QUIET_REASONS = {HISTORY_START, COPIED}
# The longest reason simple_history keeps (its change reason is a CharField(max_length=100)).
REASON_MAX_LENGTH = 100


# --- Saving -------------------------------------------------------------------------------


def author(instance: Model, *, by: AbstractBaseUser | None, reason: str = "") -> None:
    """Names who makes the next save or delete of `instance`, and why, for its history.

    Without `by` the request's user stays the author. The reason is set every time, so that a
    reason given for one save never sticks to the next one of the same object.
    """
    if by is not None:
        instance._history_user = by
    instance._change_reason = reason.strip()[:REASON_MAX_LENGTH] or None


def tracked_fields(model: type[Model]) -> list[Any]:
    return list(model.history.model.tracked_fields)


def _differs(instance: Model, stored: Model, fields: Iterable[Any]) -> bool:
    for each in fields:
        if getattr(each, "auto_now", False) or getattr(each, "auto_now_add", False):
            continue
        if each.value_from_object(instance) != each.value_from_object(stored):
            return True
    return False


def stored_versions(model: type[Model], instances: Iterable[Model]) -> dict[Any, Model]:
    """The rows of `model` as stored, for the saved ones among `instances`, by pk; one query."""
    pks = [i.pk for i in instances if i.pk is not None and not i._state.adding]
    return model._default_manager.in_bulk(pks) if pks else {}


def is_unchanged(instance: Model, stored: Model | None = None) -> bool:
    """True when a stored record would be saved with the values it already has."""
    if instance.pk is None or instance._state.adding:
        return False
    if stored is None:
        stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return False
    return not _differs(instance, stored, instance._meta.concrete_fields)


_READ = object()


def save(
    instance: Model,
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    stored: Model | None | object = _READ,
) -> bool:
    """Saves `instance` (already validated) with its history's author and reason.

    A save that changes nothing is skipped, and one that changes only untracked fields (a row's
    position) is saved without a history entry. `stored` is the row as the database holds it,
    when the caller read it already (see `stored_versions`; None for a new row); otherwise it is
    read here. Returns whether the history got an entry.
    """
    if stored is _READ:
        stored = None
        if instance.pk is not None and not instance._state.adding:
            stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if isinstance(stored, Model):
        if not _differs(instance, stored, instance._meta.concrete_fields):
            return False
        if not _differs(instance, stored, tracked_fields(type(instance))):
            instance.save_without_historical_record()
            return False
    author(instance, by=by, reason=reason)
    instance.save()
    return True


def delete(instance: Model, *, by: AbstractBaseUser | None, reason: str = "") -> None:
    """Deletes a row; its history keeps it, as a removal by `by`."""
    author(instance, by=by, reason=reason)
    instance.delete()


# --- Reading ------------------------------------------------------------------------------


def author_name(user: Any) -> str:
    if user is None:
        return gettext("the system")
    return user.get_full_name() or user.get_username()


def reason_label(reason: str | None) -> str:
    if not reason:
        return ""
    return str(REASON_LABELS.get(reason, reason))


Labeller = Callable[[Any], str]


@dataclass(frozen=True)
class Rows:
    """The historical records of one kind of row of a record (its grades, its places).

    `subject` names the row in each entry: the fields of the historical record shown joined by
    `joiner` (a foreign key by its related record's label), or, when empty, the row's `str()`.
    """

    records: QuerySet
    subject: tuple[str, ...] = ()
    joiner: str = " · "


@dataclass
class _Labels:
    """Labels of related records that the entries name, looked up once for all entries."""

    querysets: dict[type[Model], QuerySet]
    labellers: dict[type[Model], Labeller]
    wanted: dict[type[Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    found: dict[type[Model], dict[Any, str]] = field(default_factory=dict)

    def want(self, model: type[Model], pk: Any) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def resolve(self) -> None:
        for model, pks in self.wanted.items():
            label = self.labellers.get(model, str)
            queryset = self.querysets.get(model, model._default_manager.all())
            found = {pk: label(obj) for pk, obj in queryset.in_bulk(list(pks)).items()}
            missing = pks - set(found)
            if missing and hasattr(model, "history"):
                # A related record deleted since keeps its last name in its own history.
                gone = model.history.filter(**{f"{model._meta.pk.attname}__in": missing})
                for record in gone.order_by("history_date", "history_id"):
                    found[getattr(record, model._meta.pk.attname)] = label(record)
            self.found[model] = found

    def of(self, model: type[Model], pk: Any) -> str:
        if pk is None:
            return "—"
        return self.found.get(model, {}).get(pk, f"#{pk}")


def _display(model_field: Any, value: Any, labels: _Labels) -> Any:
    if model_field.many_to_one or model_field.one_to_one:
        return labels.of(model_field.related_model, value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, Decimal) and value.is_finite():
        # 4.5, not 4.50: the places the column stores say nothing about the change.
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return localize(value)


def _value(record: Any, model_field: Any) -> Any:
    return getattr(record, model_field.attname)


def entries(
    records: QuerySet,
    *,
    rows: Iterable[Rows] = (),
    querysets: dict[type[Model], QuerySet] | None = None,
    labels: dict[type[Model], Labeller] | None = None,
) -> list[dict[str, Any]]:
    """Every recorded version of a record and of its rows, newest first, with what changed.

    Each version is compared with the same row's previous one; the related records the entries
    name (a grade, an agreement, a user) are labelled by `labels` (default `str`), read through
    `querysets` (so their own relations can be joined in). A fixed number of queries: one per
    kind of history and one per kind of related record, whatever the number of entries.
    """
    user_model = get_user_model()
    found = _Labels(
        querysets=querysets or {},
        labellers={user_model: author_name, **(labels or {})},
    )
    sources = [(records.select_related("history_user"), None)]
    sources += [(source.records.select_related("history_user"), source) for source in rows]
    listed: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], Any, Any, Rows | None]] = []
    for queryset, source in sources:
        previous: dict[Any, Any] = {}
        for record in queryset.order_by("history_date", "history_id"):
            model = record.instance_type
            pk = getattr(record, model._meta.pk.attname)
            before = previous.get(pk)
            previous[pk] = record
            delta = [] if before is None else record.diff_against(before).changes
            for change in delta:
                model_field = model._meta.get_field(change.field)
                if model_field.is_relation:
                    found.want(model_field.related_model, change.old)
                    found.want(model_field.related_model, change.new)
            if source is not None:
                for name in source.subject:
                    model_field = model._meta.get_field(name)
                    if model_field.is_relation:
                        found.want(model_field.related_model, _value(record, model_field))
            if source is not None and record.history_change_reason in QUIET_REASONS:
                continue
            entry = {
                "record": record,
                "author": author_name(record.history_user),
                "reason": reason_label(record.history_change_reason),
                "row_kind": model._meta.verbose_name if source is not None else "",
                "row_model": model._meta.model_name if source is not None else "",
                "subject": "",
                "changes": [],
            }
            listed.append(entry)
            pending.append((entry, record, delta, source))
    found.resolve()
    for entry, record, delta, source in pending:
        model = record.instance_type
        entry["changes"] = [
            {
                "field": model._meta.get_field(change.field).verbose_name,
                "old": _display(model._meta.get_field(change.field), change.old, found),
                "new": _display(model._meta.get_field(change.field), change.new, found),
            }
            for change in delta
        ]
        if source is not None:
            entry["subject"] = _subject(record, source, found)
    listed.sort(
        key=lambda entry: (entry["record"].history_date, entry["record"].history_id),
        reverse=True,
    )
    return listed


def _subject(record: Any, source: Rows, found: _Labels) -> str:
    if not source.subject:
        return str(record.instance)
    model = record.instance_type
    parts = []
    for name in source.subject:
        model_field = model._meta.get_field(name)
        value = _value(record, model_field)
        parts.append(str(_display(model_field, value, found)))
    return source.joiner.join(parts)
