"""State changes of mobility applications.

Every workflow step locks the application row, checks that the step is allowed from its state
and that the caller saw the current version, then moves it on and records the step. A double
click or a second member of staff acting on the same application at the same moment therefore
gets `StaleApplication` with a clear message instead of a second, conflicting step.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import AcademicPeriod, Agreement, MobilityType
from mobility_office.uploads import validate_upload

from .models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    ApplicationState,
    CurriculumLine,
    CurriculumVersion,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentState,
    ParticipantKind,
    Questionnaire,
    RoundPlace,
    Signature,
)

S = ApplicationState

MOBILITY_TYPE_OF = {
    ParticipantKind.STUDENT: MobilityType.STUDY,
    ParticipantKind.TEACHER: MobilityType.TEACHING,
    ParticipantKind.RESEARCHER: MobilityType.RESEARCH,
}


class StaleApplication(ValidationError):
    """The application changed since the page was shown; nothing was done."""


class PlacesExhausted(ValidationError):
    """Approving would exceed the agreement's places for the year without an override."""


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str
    notify: bool = True


STEPS = {
    "submit": Step("submit", frozenset({S.DRAFT}), S.SUBMITTED),
    "resubmit": Step("resubmit", frozenset({S.RETURNED}), S.RESUBMITTED),
    "start_review": Step("start_review", frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW),
    "return": Step("return", frozenset({S.UNDER_REVIEW}), S.RETURNED),
    "approve": Step("approve", frozenset({S.UNDER_REVIEW}), S.APPROVED),
    "reject": Step("reject", frozenset({S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW}), S.REJECTED),
    "issue_order": Step("issue_order", frozenset({S.APPROVED}), S.ORDER_ISSUED),
    "agreement_signed": Step("agreement_signed", frozenset({S.ORDER_ISSUED}), S.AGREEMENT_SIGNED),
    "start_mobility": Step("start_mobility", frozenset({S.AGREEMENT_SIGNED}), S.IN_MOBILITY),
    "complete": Step("complete", frozenset({S.IN_MOBILITY}), S.COMPLETED),
    "withdraw": Step(
        "withdraw",
        frozenset({S.DRAFT, S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED}),
        S.WITHDRAWN,
    ),
}


# While the office decides, what it decides on must not move under it.
UNDER_DECISION = {S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW}


def allowed_actions(application: Application) -> list[str]:
    return [name for name, step in STEPS.items() if application.state in step.sources]


# Creating an application


def mobility_type_for(participant_kind: str) -> str:
    return MOBILITY_TYPE_OF[participant_kind]


def check_agreement_covers(
    *, agreement: Agreement, direction: str, participant_kind: str, period: AcademicPeriod
) -> None:
    if not agreement.covers(
        direction=direction,
        mobility_type=mobility_type_for(participant_kind),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    ):
        raise ValidationError(
            {
                "agreement": _(
                    "This agreement is not in force for the whole of %(period)s or does not "
                    "cover this kind of mobility. Choose another partner or period."
                )
                % {"period": period}
            }
        )


@transaction.atomic
def application_create(
    *,
    application: Application,
    by: AbstractBaseUser,
    on_behalf: bool = False,
) -> Application:
    """Registers a new application with its document checklist and signature slots.

    A participant applies only while a round that lists the agreement is open; staff
    (`on_behalf`) may register one at any time, paper applications included.
    """
    if not on_behalf:
        today = timezone.localdate()
        round_ = application.round
        if round_ is None or not round_.is_open(on=today):
            raise ValidationError(
                _("Applications are accepted only while a round is open. See the open rounds.")
            )
        if not round_.places.filter(agreement=application.agreement).exists():
            raise ValidationError(
                {"agreement": _("This partner does not take part in the chosen round.")}
            )
        if application.participant_kind not in round_.participant_kind_list:
            raise ValidationError(_("This round is not open to this kind of participant."))
    if application.agreement_id:
        application.partner = application.agreement.partner
    check_agreement_covers(
        agreement=application.agreement,
        direction=application.direction,
        participant_kind=application.participant_kind,
        period=application.period,
    )
    application.created_by = by
    application.full_clean()
    application.save()
    Document.objects.bulk_create(
        Document(application=application, kind=kind)
        for kind in application.required_document_kinds()
    )
    Signature.objects.bulk_create(
        Signature(application=application, party=party) for party in Signature.Party.values
    )
    if application.participant_kind == ParticipantKind.STUDENT:
        CurriculumVersion.objects.create(application=application, number=1, created_by=by)
    _record(application, action="create", by=by, to_state=application.state)
    return application


@transaction.atomic
def application_update(*, application: Application, by: AbstractBaseUser) -> Application:
    """Saves the participant's edits to a draft or returned application."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_editable_by_participant:
        raise ValidationError(_("The application can be changed only as a draft or when returned."))
    check_agreement_covers(
        agreement=application.agreement,
        direction=application.direction,
        participant_kind=application.participant_kind,
        period=application.period,
    )
    application.partner = application.agreement.partner
    application.full_clean()
    application.save()
    _record(application, action="edit", by=by)
    return application


# Questionnaire and curriculum


@transaction.atomic
def questionnaire_save(*, questionnaire: Questionnaire, by: AbstractBaseUser) -> Questionnaire:
    application = Application.objects.select_for_update().get(pk=questionnaire.application_id)
    if not application.is_editable_by_participant:
        raise ValidationError(_("The questionnaire can be changed only before it is submitted."))
    questionnaire.full_clean()
    questionnaire.save()
    _record(application, action="questionnaire", by=by)
    return questionnaire


def current_curriculum(application: Application) -> CurriculumVersion | None:
    return application.curriculum_versions.order_by("-number").first()


@transaction.atomic
def curriculum_save_lines(
    *,
    version: CurriculumVersion,
    lines: Iterable[CurriculumLine],
    removed: Iterable[CurriculumLine] = (),
    by: AbstractBaseUser,
) -> CurriculumVersion:
    """Replaces the lines of a version that is still a draft; approved versions never change."""
    locked = CurriculumVersion.objects.select_for_update().get(pk=version.pk)
    if locked.application.state in UNDER_DECISION or locked.application.is_closed:
        raise ValidationError(
            _("The application is %(state)s; the curriculum cannot change now.")
            % {"state": locked.application.get_state_display()}
        )
    if locked.state != CurriculumVersion.State.DRAFT:
        raise ValidationError(
            _("This version of the curriculum is %(state)s and cannot change; start a new one.")
            % {"state": locked.get_state_display()}
        )
    for line in removed:
        if line.pk:
            line.delete()
    for position, line in enumerate(lines, start=1):
        line.version = locked
        line.position = position
        line.full_clean()
        line.save()
    _record(locked.application, action="curriculum", by=by)
    return locked


@transaction.atomic
def curriculum_new_version(
    *, application: Application, reason: str, note: str, by: AbstractBaseUser
) -> CurriculumVersion:
    """Starts a change to the curriculum: a new draft version copied from the latest one."""
    Application.objects.select_for_update().get(pk=application.pk)
    latest = current_curriculum(application)
    if latest is not None and latest.state == CurriculumVersion.State.DRAFT:
        raise ValidationError(_("A draft version already exists; change that one."))
    if reason == CurriculumVersion.Reason.INITIAL or not note.strip():
        raise ValidationError(
            {"reason_note": _("Say why the curriculum changes, so the office can approve it.")}
        )
    version = CurriculumVersion(
        application=application,
        number=(latest.number + 1) if latest else 1,
        reason=reason,
        reason_note=note,
        created_by=by,
    )
    version.full_clean()
    version.save()
    if latest is not None:
        CurriculumLine.objects.bulk_create(
            CurriculumLine(
                version=version,
                position=line.position,
                host_code=line.host_code,
                host_title=line.host_title,
                host_credits=line.host_credits,
                term=line.term,
                home_code=line.home_code,
                home_title=line.home_title,
                home_credits=line.home_credits,
            )
            for line in latest.lines.all()
        )
    _record(application, action="curriculum_version", by=by, comment=note)
    return version


@transaction.atomic
def curriculum_approve(*, version: CurriculumVersion, by: AbstractBaseUser) -> CurriculumVersion:
    locked = CurriculumVersion.objects.select_for_update().get(pk=version.pk)
    if locked.state == CurriculumVersion.State.APPROVED:
        raise StaleApplication(_("This version is already approved."))
    if not locked.lines.exists():
        raise ValidationError(_("An empty curriculum cannot be approved."))
    locked.state = CurriculumVersion.State.APPROVED
    locked.approved_by = by
    locked.approved_at = timezone.now()
    locked.save()
    _record(locked.application, action="curriculum_approved", by=by)
    return locked


def unusual_totals(version: CurriculumVersion) -> list[str]:
    """Warnings, never refusals: totals far from a usual semester's load."""
    totals = version.totals()
    warnings = []
    if totals["home"] and not 15 <= totals["home"] <= 40:
        warnings.append(
            _("%(credits)s home credits is unusual for a semester (30 is usual).")
            % {"credits": totals["home"]}
        )
    if totals["host"] and totals["home"] and abs(totals["host"] - totals["home"]) > 5:
        warnings.append(
            _("Host credits (%(host)s) and home credits (%(home)s) differ by more than 5.")
            % {"host": totals["host"], "home": totals["home"]}
        )
    return warnings


# Documents


@transaction.atomic
def document_upload(
    *, document: Document, upload: UploadedFile, by: AbstractBaseUser
) -> DocumentFile:
    """Adds a new version of a document; earlier versions stay. A refused file leaves nothing."""
    kind = validate_upload(upload, kinds=("pdf", "jpeg", "png"))
    locked = Document.objects.select_for_update().select_related("application").get(pk=document.pk)
    if locked.state == DocumentState.ACCEPTED:
        raise ValidationError(_("This document was accepted; it cannot be replaced."))
    if locked.application.is_closed:
        raise ValidationError(
            _("The application is %(state)s; its documents can no longer change.")
            % {"state": locked.application.get_state_display()}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    version = DocumentFile(
        document=locked,
        original_name=(upload.name or "")[-255:],
        content_kind=kind,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    version.file.save("upload", upload, save=False)
    try:
        version.full_clean()
        version.save()
        locked.state = DocumentState.UPLOADED
        locked.return_reason = ""
        locked.save(update_fields=["state", "return_reason"])
        _record(locked.application, action="upload", by=by, comment=locked.get_kind_display())
    except Exception:
        version.file.storage.delete(version.file.name)
        raise
    return version


@transaction.atomic
def document_accept(*, document: Document, by: AbstractBaseUser) -> Document:
    locked = Document.objects.select_for_update().select_related("application").get(pk=document.pk)
    if locked.state != DocumentState.UPLOADED:
        raise StaleApplication(
            _("Only an uploaded document can be accepted; this one is %(state)s.")
            % {"state": locked.get_state_display()}
        )
    locked.state = DocumentState.ACCEPTED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    _record(locked.application, action="accept_document", by=by, comment=locked.get_kind_display())
    return locked


@transaction.atomic
def document_return(*, document: Document, reason: str, by: AbstractBaseUser) -> Document:
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong, so the participant can fix it.")})
    locked = Document.objects.select_for_update().select_related("application").get(pk=document.pk)
    if locked.state not in {DocumentState.UPLOADED, DocumentState.ACCEPTED}:
        raise StaleApplication(
            _("Only an uploaded document can be returned; this one is %(state)s.")
            % {"state": locked.get_state_display()}
        )
    locked.state = DocumentState.RETURNED
    locked.return_reason = reason.strip()
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    application = locked.application
    comment = f"{locked.get_kind_display()}: {locked.return_reason}"
    _record(application, action="return_document", by=by, comment=comment)
    _notify(application, action="return_document", comment=comment)
    return locked


def missing_documents(application: Application) -> list[Document]:
    """The participant's documents that still have to be uploaded (or uploaded again)."""
    wanted = set(application.participant_document_kinds())
    return [
        document
        for document in application.documents.all()
        if document.kind in wanted and not document.is_present
    ]


# Workflow steps


def _lock(application: Application, *, version: int | None) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if version is not None and locked.version != version:
        raise StaleApplication(
            _(
                "Someone changed this application a moment ago (it is now %(state)s). "
                "Nothing was done; look at it again before you act."
            )
            % {"state": locked.get_state_display()}
        )
    return locked


def _move(
    application: Application,
    *,
    action: str,
    by: AbstractBaseUser | None,
    comment: str = "",
    version: int | None = None,
) -> Application:
    step = STEPS[action]
    locked = _lock(application, version=version)
    if locked.state not in step.sources:
        raise StaleApplication(
            _("The application is %(state)s, so this step cannot be taken now.")
            % {"state": locked.get_state_display()}
        )
    from_state = locked.state
    locked.state = step.target
    locked.version += 1
    locked.save(update_fields=["state", "version", "updated_at"])
    _record(locked, action=action, by=by, comment=comment, from_state=from_state)
    if step.notify:
        _notify(locked, action=action, comment=comment)
    return locked


@transaction.atomic
def application_submit(
    *, application: Application, by: AbstractBaseUser, version: int | None = None
) -> Application:
    locked = _lock(application, version=version)
    action = "resubmit" if locked.state == S.RETURNED else "submit"
    missing = missing_documents(locked)
    problems = [
        _("%(document)s is missing or was returned.") % {"document": document.get_kind_display()}
        for document in missing
    ]
    if locked.participant_kind == ParticipantKind.STUDENT:
        if not Questionnaire.objects.filter(application=locked).exists():
            problems.append(_("The questionnaire is not filled in."))
        curriculum = current_curriculum(locked)
        if curriculum is None or not curriculum.lines.exists():
            problems.append(_("The individual curriculum has no disciplines."))
    if problems:
        raise ValidationError(problems)
    return _move(locked, action=action, by=by)


@transaction.atomic
def application_start_review(
    *, application: Application, by: AbstractBaseUser, version: int | None = None
) -> Application:
    return _move(application, action="start_review", by=by, version=version)


@transaction.atomic
def application_return(
    *, application: Application, comment: str, by: AbstractBaseUser, version: int | None = None
) -> Application:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change before it comes back.")})
    return _move(application, action="return", by=by, comment=comment.strip(), version=version)


@transaction.atomic
def application_reject(
    *, application: Application, comment: str, by: AbstractBaseUser, version: int | None = None
) -> Application:
    if not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the rejection.")})
    return _move(application, action="reject", by=by, comment=comment.strip(), version=version)


@transaction.atomic
def application_withdraw(
    *, application: Application, by: AbstractBaseUser, comment: str = "", version: int | None = None
) -> Application:
    return _move(application, action="withdraw", by=by, comment=comment, version=version)


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


@transaction.atomic
def application_approve(
    *,
    application: Application,
    by: AbstractBaseUser,
    override_places: bool = False,
    comment: str = "",
    version: int | None = None,
) -> Application:
    locked = _lock(application, version=version)
    not_accepted = [
        str(document.get_kind_display())
        for document in locked.documents.filter(kind__in=locked.participant_document_kinds())
        if document.state != DocumentState.ACCEPTED
    ]
    if not_accepted and locked.state in STEPS["approve"].sources:
        raise ValidationError(
            _("Accept every document first; not accepted yet: %(documents)s.")
            % {"documents": ", ".join(not_accepted)}
        )
    # Lock the agreement too, so two approvals for its last place cannot both pass.
    Agreement.objects.select_for_update().get(pk=locked.agreement_id)
    taken, limit = places_taken(locked)
    if limit is not None and taken >= limit:
        if not override_places:
            raise PlacesExhausted(
                _(
                    "All %(limit)d places of this agreement for %(year)s are taken. Approve "
                    "anyway only with the override, and say why."
                )
                % {"limit": limit, "year": locked.period.academic_year}
            )
        if not comment.strip():
            raise ValidationError(
                {"comment": _("Say why the places of the agreement are exceeded.")}
            )
        comment = _("Places exceeded (%(taken)d of %(limit)d taken): %(why)s") % {
            "taken": taken,
            "limit": limit,
            "why": comment.strip(),
        }
    return _move(locked, action="approve", by=by, comment=comment)


@transaction.atomic
def application_issue_order(
    *,
    application: Application,
    number: str,
    issued_on: date,
    upload: UploadedFile | None,
    by: AbstractBaseUser,
    version: int | None = None,
) -> Application:
    """Records the university's order and its PDF; the order document is accepted at once."""
    locked = _lock(application, version=version)
    # Checked before the file is stored: a rollback takes back the row, not the stored file.
    if locked.state not in STEPS["issue_order"].sources:
        raise StaleApplication(
            _("The application is %(state)s, so this step cannot be taken now.")
            % {"state": locked.get_state_display()}
        )
    if not number.strip():
        raise ValidationError({"number": _("Write the order's number.")})
    document = locked.documents.get(kind=DocumentKind.ORDER)
    if upload is not None:
        document_upload(document=document, upload=upload, by=by)
    elif not document.versions.exists():
        raise ValidationError({"upload": _("Attach the order's PDF, or generate it first.")})
    locked.order_number = number.strip()
    locked.order_date = issued_on
    locked.save(update_fields=["order_number", "order_date"])
    Document.objects.filter(pk=document.pk).update(
        state=DocumentState.ACCEPTED, decided_by=by, decided_at=timezone.now()
    )
    comment = _("Order No. %(number)s of %(date)s") % {
        "number": locked.order_number,
        "date": issued_on.isoformat(),
    }
    return _move(locked, action="issue_order", by=by, comment=comment)


@transaction.atomic
def signature_record(
    *,
    signature: Signature,
    status: str,
    method: str = "",
    signed_on: date | None = None,
    reason: str = "",
    by: AbstractBaseUser,
) -> Signature:
    """Records a party's signature or refusal; when all three have signed, the step follows."""
    locked = Signature.objects.select_for_update().get(pk=signature.pk)
    application = _lock(locked.application, version=None)
    if application.state != S.ORDER_ISSUED:
        raise StaleApplication(_("Signatures are recorded once the order is issued."))
    if status == Signature.Status.SIGNED and signed_on is None:
        raise ValidationError({"signed_on": _("Give the date of the signature.")})
    if status == Signature.Status.REFUSED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    locked.status = status
    locked.method = method if status == Signature.Status.SIGNED else ""
    locked.signed_on = signed_on if status == Signature.Status.SIGNED else None
    locked.reason = reason.strip() if status == Signature.Status.REFUSED else ""
    locked.recorded_by = by
    locked.recorded_at = timezone.now()
    locked.full_clean()
    locked.save()
    comment = f"{locked.get_party_display()}: {locked.get_status_display()}"
    if locked.reason:
        comment += f" ({locked.reason})"
    _record(application, action="signature", by=by, comment=comment)
    signed = application.signatures.filter(status=Signature.Status.SIGNED).count()
    if signed == len(Signature.Party.values):
        _move(application, action="agreement_signed", by=by)
        _notify_staff(application)
    return locked


@transaction.atomic
def application_start_mobility(
    *, application: Application, by: AbstractBaseUser, version: int | None = None
) -> Application:
    locked = _lock(application, version=version)
    signed_copy = locked.documents.filter(
        kind__in=[DocumentKind.TRIPARTITE, DocumentKind.STAFF_AGREEMENT]
    ).first()
    if signed_copy and not signed_copy.is_present and locked.state == S.AGREEMENT_SIGNED:
        raise ValidationError(
            _("Upload the signed scan of the %(document)s before the mobility starts.")
            % {"document": signed_copy.get_kind_display()}
        )
    return _move(locked, action="start_mobility", by=by)


@transaction.atomic
def application_complete(
    *, application: Application, by: AbstractBaseUser | None, version: int | None = None
) -> Application:
    return _move(application, action="complete", by=by, version=version)


# History and e-mail


def _record(
    application: Application,
    *,
    action: str,
    by: AbstractBaseUser | None,
    comment: str = "",
    from_state: str = "",
    to_state: str | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_state=from_state,
        to_state=application.state if to_state is None and from_state else (to_state or ""),
        by=by,
        comment=comment,
    )


def _notify(application: Application, *, action: str, comment: str = "") -> None:
    """E-mails the participant about a step that concerns them, once the step is committed."""
    if not application.email:
        return
    context: dict[str, Any] = {
        "application": application,
        "action": action,
        "state": application.get_state_display(),
        "comment": comment,
        "url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
    }
    # Written in the language of the request that took the step.
    subject = _("Your mobility application %(reference)s: %(state)s") % {
        "reference": application.reference,
        "state": application.get_state_display(),
    }
    body = render_to_string("applications/email/step.txt", context)
    recipient = application.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=False))


def _notify_staff(application: Application) -> None:
    from django.contrib.auth import get_user_model

    from mobility_office.roles import STAFF

    emails = list(
        get_user_model()
        .objects.filter(groups__name=STAFF, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not emails:
        return
    subject = _("All three parties signed the agreement of %(name)s") % {
        "name": application.full_name
    }
    body = render_to_string(
        "applications/email/all_signed.txt",
        {
            "application": application,
            "url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
        },
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=False))


# Rounds


@transaction.atomic
def round_save(
    *, round_: ApplicationRound, places: Iterable[RoundPlace], removed: Iterable[RoundPlace] = ()
) -> ApplicationRound:
    round_.full_clean()
    round_.save()
    for place in removed:
        if place.pk:
            place.delete()
    for place in places:
        place.round = round_
        place.full_clean()
        place.save()
    return round_


# Incoming participants from a spreadsheet


@transaction.atomic
def incoming_import(*, rows: list[dict[str, str]], by: AbstractBaseUser) -> list[Application]:
    """Registers every incoming participant of a file or, if any row is bad, none.

    The rows are checked again here (the file may have been checked minutes ago), and each
    application is registered as staff register one by hand, with its document checklist.
    """
    from .incoming import IncomingLookup, build_incoming, check_incoming_rows

    lookup = IncomingLookup()
    checked = check_incoming_rows(rows, lookup=lookup)
    if not checked.is_valid:
        raise ValidationError(
            [
                _("Row %(row)d: %(problem)s") % {"row": number, "problem": problem}
                for number, problem in checked.errors
            ]
        )
    return [
        application_create(application=build_incoming(row, lookup=lookup), by=by, on_behalf=True)
        for row in rows
    ]
