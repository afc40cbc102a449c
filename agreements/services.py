"""State changes of the agreements register.

Every write goes through one of these functions so that validation, the history record's author
and the transaction boundary are the same whether the change comes from a form, an import or the
demo data.
"""

import hashlib
import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.spreadsheets import ACTIONS, UNCHANGED

from . import iia_compare, spreadsheets
from .models import Agreement, Contact, CooperationCondition, Institution, ReceivedIia


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


# --- A partner's IIA document (agreements/iia_read.py, iia_compare.py) ----------------------


@transaction.atomic
def received_iia_upload(
    *, data: bytes, original_name: str, by: AbstractBaseUser
) -> tuple[ReceivedIia, bool]:
    """Keeps a partner's IIA document that can be read and names our university; the same
    document uploaded again is the one already kept. Returns it and whether it is new.

    A document that cannot be read (not XML, another standard, against its schema, a DOCTYPE,
    too deep) raises a ValidationError with the reasons, and nothing is kept.
    """
    copies = iia_compare.read_document(data)
    digest = hashlib.sha256(data).hexdigest()
    existing = ReceivedIia.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    named = sorted({partner.hei_id for copy in copies for partner in copy.partners})
    # Linked to the agreement it is a copy of, so that the agreement's page lists it.
    matched = [iia_compare.matching_agreement(copy) for copy in copies if copy.is_ours]
    received = ReceivedIia(
        content=data,
        sha256=digest,
        original_name=original_name[:255],
        hei_ids=", ".join(named)[:255],
        uploaded_by_id=by.pk,
        agreement=next((agreement for agreement in matched if agreement is not None), None),
    )
    received.full_clean()
    received.save()
    return received, True


def _copy_of(received: ReceivedIia, index: int | None, agreement: Agreement | None = None):
    copies = iia_compare.copies_of(received)
    if index is None:
        found = [c for c in copies if agreement and iia_compare.matching_agreement(c) == agreement]
        if not found:
            raise ValidationError(_("The partner's document holds no copy of this agreement."))
        return found[0]
    if not 0 <= index < len(copies) or not copies[index].is_ours:
        raise ValidationError(_("The partner's document has no such agreement with us."))
    return copies[index]


def _iia_reason(received: ReceivedIia) -> str:
    return _("from the partner's IIA %(name)s") % {"name": received}


@transaction.atomic
def agreement_take_partner_values(
    *,
    agreement: Agreement,
    received: ReceivedIia,
    choices: Iterable[str],
    by: AbstractBaseUser | None,
    index: int | None = None,
) -> Agreement:
    """Takes the partner's value for each chosen difference (the keys of
    `iia_compare.compare`) into the agreement and its conditions; the history names the
    document. A condition only we have stays: nothing is deleted."""
    locked = Agreement.objects.select_for_update().select_related("partner").get(pk=agreement.pk)
    if locked.is_archived:
        raise ValidationError(_("An archived agreement cannot be changed; restore it first."))
    copy = _copy_of(received, index, locked)
    if iia_compare.matching_agreement(copy) != locked:
        raise ValidationError(_("This copy is of another agreement; nothing was changed."))
    chosen = set(choices)
    if not chosen:
        raise ValidationError(_("Tick at least one difference to take the partner's value."))
    comparison = iia_compare.compare(locked, copy)
    if chosen - comparison.keys:
        raise ValidationError(
            _(
                "The agreement changed since the page was shown, so some of the ticked "
                "differences are no longer there. Nothing was changed; look at the copies again."
            )
        )
    reason = _iia_reason(received)
    values = iia_compare.agreement_values(copy)
    for key in sorted(chosen):
        kind, _sep, name = key.partition(":")
        if kind == "a":
            setattr(locked, name, values[name])
    _save(locked, by=by, reason=reason)
    stored = {(c.direction, c.mobility_type): c for c in locked.conditions.all()}
    changed: dict[tuple[str, str], CooperationCondition] = {}
    for key in sorted(chosen):
        parts = key.split(":")
        if parts[0] == "c":
            direction, mobility_type, name = parts[1:]
            theirs = copy.condition((direction, mobility_type))
            key_pair = (direction, mobility_type)
            condition = changed.setdefault(key_pair, stored[key_pair])
            setattr(condition, name, getattr(theirs, name))
        elif parts[0] == "n":
            theirs = copy.condition((parts[1], parts[2]))
            changed[parts[1], parts[2]] = CooperationCondition(
                agreement=locked,
                direction=theirs.direction,
                mobility_type=theirs.mobility_type,
                **theirs.values(),
            )
    for condition in changed.values():
        _save(condition, by=by, reason=reason)
    received.agreement = locked
    received.save(update_fields=["agreement"])
    return locked


@transaction.atomic
def agreement_create_from_iia(
    *,
    received: ReceivedIia,
    index: int,
    by: AbstractBaseUser | None,
    partner_name: str = "",
    partner_city: str = "",
    partner_country: str = "",
) -> Agreement:
    """Creates the agreement of a partner's copy that matches none of ours, with its
    conditions, and the partner institution when none has the copy's SCHAC code (its name and
    city as staff give them: IIAs carry neither)."""
    copy = _copy_of(received, index)
    existing = iia_compare.matching_agreement(copy)
    if existing is not None:
        raise ValidationError(
            _("This copy is of agreement %(number)s, already in the register; compare them.")
            % {"number": existing.number}
        )
    theirs, ours = copy.theirs, copy.ours
    reason = _iia_reason(received)
    partner = iia_compare.partner_of(copy)
    if partner is None:
        if not partner_name.strip() or not partner_city.strip():
            raise ValidationError(
                _(
                    "No partner in the register has the SCHAC code %(code)s: give its name and "
                    "city (the document carries neither) to add it."
                )
                % {"code": theirs.hei_id}
            )
        partner = Institution(
            name=partner_name.strip(),
            city=partner_city.strip(),
            country=partner_country or iia_compare.country_of(theirs.hei_id),
            code=theirs.hei_id,
        )
        _save(partner, by=by, reason=reason)
        for contact in iia_compare.contacts_of(theirs):
            contact.institution = partner
            _save(contact, by=by, reason=reason)
    number = theirs.iia_code or ours.iia_code or theirs.iia_id
    if not number:
        raise ValidationError(
            _("The copy gives no iia-code or iia-id to number the agreement by; add it by hand.")
        )
    agreement = Agreement(
        partner=partner,
        kind=Agreement.Kind.AGREEMENT,
        number=number,
        date_signed=copy.signing_date,
        signatories=copy.signatories,
        valid_from=copy.valid_from or timezone.localdate(),
        valid_until=copy.valid_until,
        partner_iia_id=theirs.iia_id,
    )
    # Our identifier, where the partner's copy already carries one of ours not in use.
    try:
        our_id = uuid.UUID(ours.iia_id)
    except ValueError:
        our_id = None
    if our_id and not Agreement.objects.filter(iia_id=our_id).exists():
        agreement.iia_id = our_id
    _save(agreement, by=by, reason=reason)
    for theirs_condition in copy.conditions:
        condition = CooperationCondition(
            agreement=agreement,
            direction=theirs_condition.direction,
            mobility_type=theirs_condition.mobility_type,
            **theirs_condition.values(),
        )
        _save(condition, by=by, reason=reason)
    received.agreement = agreement
    received.save(update_fields=["agreement"])
    return agreement
