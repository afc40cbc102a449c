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

from . import spreadsheets
from .models import Agreement, Contact, CooperationCondition, Institution


def _save(instance: Model, *, by: AbstractBaseUser | None, reason: str = "") -> None:
    instance.full_clean()
    # simple_history reads these to record who made the change and why.
    instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save()


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


@transaction.atomic
def institutions_import(
    *, rows: list[dict[str, str]], by: AbstractBaseUser | None
) -> list[Institution]:
    """Writes every row or, if any row is bad, none."""
    checked = spreadsheets.check_institution_rows(rows)
    if not checked.is_valid:
        raise ValidationError(_("The file has errors; nothing was imported."))
    created = []
    for row in rows:
        institution = spreadsheets.build_institution(row)
        _save(institution, by=by, reason="imported")
        created.append(institution)
    return created


@transaction.atomic
def agreements_import(
    *, rows: list[dict[str, str]], by: AbstractBaseUser | None
) -> list[Agreement]:
    """Writes every row or, if any row is bad, none."""
    checked = spreadsheets.check_agreement_rows(rows)
    if not checked.is_valid:
        raise ValidationError(_("The file has errors; nothing was imported."))
    partners = spreadsheets.PartnerIndex()
    created = []
    for row in rows:
        partner, _problem = partners.find(row["partner"])
        agreement = spreadsheets.build_agreement(row, partner=partner)
        _save(agreement, by=by, reason="imported")
        created.append(agreement)
    return created


@transaction.atomic
def reference_save(*, instance: Model, by: AbstractBaseUser | None) -> Model:
    """Saves an academic period or an educational program."""
    _save(instance, by=by)
    return instance
