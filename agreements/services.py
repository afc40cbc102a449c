"""State changes of the agreements register.

Every write goes through one of these functions so that validation, the history record's author
and the transaction boundary are the same whether the change comes from a form, an import or the
demo data.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.spreadsheets import ACTIONS, UNCHANGED

from . import spreadsheets
from .models import Agreement, Contact, CooperationCondition, Institution


def _is_unchanged(instance: Model) -> bool:
    """True when a stored record would be saved with the values it already has.

    Such a save is skipped, so that saving a page unchanged records no empty change in the
    history.
    """
    return history.is_unchanged(instance)


def _save(instance: Model, *, by: AbstractBaseUser | None, reason: str = "") -> bool:
    """Validates and saves one record with its history's author; False when nothing changed."""
    if _is_unchanged(instance):
        return False
    instance.full_clean()
    history.author(instance, by=by, reason=reason)
    instance.save()
    return True


def _discard_new_files(instance: Model, previous: dict[str, str]) -> None:
    """Removes files stored during a save that did not commit, so none is left orphaned."""
    for field in instance._meta.get_fields():
        if getattr(field, "upload_to", None) is None:
            continue
        stored = getattr(instance, field.name)
        if stored and stored.name and stored.name != previous.get(field.name):
            stored.storage.delete(stored.name)


@transaction.atomic
def institution_save(
    *,
    institution: Institution,
    contacts: Iterable[Contact] = (),
    removed_contacts: Iterable[Contact] = (),
    by: AbstractBaseUser | None,
) -> Institution:
    _save(institution, by=by)
    for contact in contacts:
        contact.institution = institution
        _save(contact, by=by)
    for contact in removed_contacts:
        contact._history_user = by
        contact.delete()
    return institution


@transaction.atomic
def institution_delete(*, institution: Institution, by: AbstractBaseUser | None) -> None:
    """Deletes a partner entered by mistake; refuses one that any agreement refers to."""
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    count = locked.agreements.count()
    if count:
        raise ValidationError(
            _(
                "%(name)s has %(count)d agreement(s), archived ones included, and cannot be "
                "deleted. Archive its agreements instead; they stay in the register."
            )
            % {"name": locked.name, "count": count}
        )
    if locked.is_home:
        raise ValidationError(_("Our own university cannot be deleted."))
    locked._history_user = by
    locked.delete()


def _clean_conditions(conditions: list[CooperationCondition]) -> None:
    seen: set[tuple[str, str]] = set()
    for condition in conditions:
        key = (condition.direction, condition.mobility_type)
        if key in seen:
            raise ValidationError(
                _(
                    "Two cooperation conditions have the same direction and mobility type; "
                    "keep one row for each."
                )
            )
        seen.add(key)


@transaction.atomic
def agreement_save(
    *,
    agreement: Agreement,
    conditions: Iterable[CooperationCondition] = (),
    removed_conditions: Iterable[CooperationCondition] = (),
    by: AbstractBaseUser | None,
) -> Agreement:
    conditions = list(conditions)
    removed = list(removed_conditions)
    kept = [c for c in conditions if c not in removed]
    _clean_conditions(kept)
    previous: dict[str, str] = {}
    if agreement.pk:
        stored = Agreement.objects.filter(pk=agreement.pk).values("signed_copy").first() or {}
        previous = {"signed_copy": stored.get("signed_copy", "")}
    try:
        _save(agreement, by=by)
        for condition in removed:
            if condition.pk:
                condition._history_user = by
                condition.delete()
        for condition in kept:
            condition.agreement = agreement
            _save(condition, by=by)
    except Exception:
        _discard_new_files(agreement, previous)
        raise
    return agreement


@transaction.atomic
def agreement_archive(*, agreement: Agreement, by: AbstractBaseUser | None) -> Agreement:
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.archived_at is None:
        locked.archived_at = timezone.now()
        _save(locked, by=by, reason="archived")
    return locked


@transaction.atomic
def agreement_restore(*, agreement: Agreement, by: AbstractBaseUser | None) -> Agreement:
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.archived_at is not None:
        locked.archived_at = None
        _save(locked, by=by, reason="restored")
    return locked


def _import(
    *,
    what: str,
    rows: list[dict[str, str]],
    given: list[str] | None,
    expected_plan: list[list] | None,
    by: AbstractBaseUser | None,
) -> dict[str, int]:
    checked = spreadsheets.check_rows(what, rows, given=given)
    if not checked.is_valid:
        raise ValidationError(_("The file has errors; nothing was imported."))
    if expected_plan is not None and checked.plan_key() != [list(step) for step in expected_plan]:
        raise ValidationError(_("The register changed since the preview; nothing was imported."))
    counts = dict.fromkeys(ACTIONS, 0)
    for row in checked.plan:
        if row.action == UNCHANGED:
            counts[row.action] += 1
            continue
        _save(row.record, by=by, reason="imported")
        counts[row.action] += 1
    return counts


@transaction.atomic
def institutions_import(
    *,
    rows: list[dict[str, str]],
    given: list[str] | None = None,
    expected_plan: list[list] | None = None,
    by: AbstractBaseUser | None,
) -> dict[str, int]:
    """Adds the new partners of a file and updates the ones it names that already exist.

    Writes every row or, if any row is bad or the register changed since the preview
    (`expected_plan`), none. Columns left out of the file (`given`) keep their stored values.
    Returns how many rows were added, updated and left unchanged.
    """
    return _import(what="institutions", rows=rows, given=given, expected_plan=expected_plan, by=by)


@transaction.atomic
def agreements_import(
    *,
    rows: list[dict[str, str]],
    given: list[str] | None = None,
    expected_plan: list[list] | None = None,
    by: AbstractBaseUser | None,
) -> dict[str, int]:
    """Adds the new agreements of a file and updates those it names by partner and number.

    Same rules as `institutions_import`.
    """
    return _import(what="agreements", rows=rows, given=given, expected_plan=expected_plan, by=by)


@transaction.atomic
def reference_save(*, instance: Model, by: AbstractBaseUser | None) -> Model:
    """Saves an academic period or an educational program."""
    _save(instance, by=by)
    return instance
