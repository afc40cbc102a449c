"""State changes of mobility applications.

Every workflow step locks the application row, checks that the step is allowed from its state
and that the caller saw the current version, then moves it on and records the step. A double
click or a second member of staff acting on the same application at the same moment therefore
gets `StaleApplication` with a clear message instead of a second, conflicting step.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import (
    get_language,
    get_supported_language_variant,
    gettext_lazy,
    override,
)
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from agreements.models import AcademicPeriod, Agreement, MobilityType
from core import counts, history
from core.uploads import upload_facts, validate_upload
from documents import doclang
from documents.doclang import DocumentLanguage
from mail.services import queue_email

from . import selectors
from .models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    ApplicationState,
    ApplicationStateCount,
    CurriculumLine,
    CurriculumVersion,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentState,
    Order,
    ParticipantKind,
    Questionnaire,
    RoundPlace,
    Signature,
)
from .names import validate_latin_name
from .pdfs import order as order_pdfs

S = ApplicationState


class StaleApplication(ValidationError):
    """The application changed since the page was shown; nothing was done."""


class PlacesExhausted(ValidationError):
    """Approving would exceed the agreement's places for the year without an override."""


# The office acts on applications with this permission; the registrar only reads them.
OFFICE_PERMISSION = "applications.change_application"


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str
    notify: bool = True
    # Who takes the step: whoever holds `permission` (none when empty) and, where
    # `by_participant`, the participant on their own application. Views and pages ask
    # `may_take`; the services check only the state.
    permission: str = OFFICE_PERMISSION
    by_participant: bool = False

    def may_take(self, application: Application, user: AbstractBaseUser | AnonymousUser) -> bool:
        if not user.is_authenticated:
            return False
        if self.by_participant and application.participant_id == user.pk:
            return True
        return bool(self.permission) and user.has_perm(self.permission)


STEPS = {
    "submit": Step("submit", frozenset({S.DRAFT}), S.SUBMITTED, by_participant=True),
    "resubmit": Step("resubmit", frozenset({S.RETURNED}), S.RESUBMITTED, by_participant=True),
    "start_review": Step("start_review", frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW),
    "return": Step("return", frozenset({S.UNDER_REVIEW}), S.RETURNED),
    "approve": Step("approve", frozenset({S.UNDER_REVIEW}), S.APPROVED),
    "reject": Step("reject", S.UNDER_DECISION_STATES, S.REJECTED),
    # Taken with the order's own form, not a step button.
    "issue_order": Step("issue_order", frozenset({S.APPROVED}), S.ORDER_ISSUED),
    # Taken by itself once the last of the three signatures is recorded; whoever records them.
    "agreement_signed": Step(
        "agreement_signed",
        frozenset({S.ORDER_ISSUED}),
        S.AGREEMENT_SIGNED,
        permission="applications.change_signature",
    ),
    "start_mobility": Step("start_mobility", frozenset({S.AGREEMENT_SIGNED}), S.IN_MOBILITY),
    "complete": Step("complete", frozenset({S.IN_MOBILITY}), S.COMPLETED),
    "withdraw": Step(
        "withdraw",
        frozenset({S.DRAFT, S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED}),
        S.WITHDRAWN,
        permission="",
        by_participant=True,
    ),
}


def allowed_actions(application: Application, user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The steps `user` may take on the application now, in workflow order."""
    return [
        name
        for name, step in STEPS.items()
        if application.state in step.sources and step.may_take(application, user)
    ]


# Creating an application


def check_agreement_covers(
    *, agreement: Agreement, direction: str, participant_kind: str, period: AcademicPeriod
) -> None:
    if not agreement.covers(
        direction=direction,
        mobility_type=selectors.mobility_type_for(participant_kind),
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
    _remember_language(application, by=by)
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
        history.save(
            CurriculumVersion(application=application, number=1, created_by=by), by=by, stored=None
        )
    _record(application, action="create", by=by, to_state=application.state)
    return application


def _is_office(user: AbstractBaseUser | None) -> bool:
    return bool(user is not None and getattr(user, "has_perm", None)) and user.has_perm(
        OFFICE_PERMISSION
    )


def edit_refusal(application: Application, *, by: AbstractBaseUser) -> str:
    """Why `by` may not change the application now, or "" when they may.

    The participant changes a draft or a returned application; the office also changes one
    after the decision (contact details, program); nobody changes it while the office decides
    on it, nor once it is closed.
    """
    state = application.get_state_display()
    if application.is_closed:
        return _("The application is %(state)s; it no longer changes.") % {"state": state}
    if _is_office(by):
        if application.state in S.UNDER_DECISION_STATES:
            return _(
                "The application is %(state)s: while the office decides on it, it does not "
                "change. Return it for changes, or change it once it is approved."
            ) % {"state": state}
        return ""
    if by is not None and application.participant_id == by.pk:
        if application.is_editable_by_participant:
            return ""
        return _(
            "The application is %(state)s; you can change it only as a draft or when it is "
            "returned for changes."
        ) % {"state": state}
    return _("Only the participant and the mobility office change an application.")


def partner_locked(application: Application) -> bool:
    """From the approval on, the application holds one of its agreement's places for its period."""
    return application.state in S.PLACE_HOLDING_STATES


@transaction.atomic
def application_update(*, application: Application, by: AbstractBaseUser) -> Application:
    """Saves the participant's edits to a draft or returned application, or the office's edits.

    Once approved, the partner (its agreement) and the period no longer change: the approval
    holds a place of that agreement, and the order names the host.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    refusal = edit_refusal(locked, by=by)
    if refusal:
        raise ValidationError(refusal)
    if partner_locked(locked) and (
        application.agreement_id != locked.agreement_id or application.period_id != locked.period_id
    ):
        raise ValidationError(
            {
                "agreement": _(
                    "The partner and the period cannot change once the application is approved: "
                    "the approval holds a place of this agreement. To go elsewhere, register a "
                    "new application."
                )
            }
        )
    check_agreement_covers(
        agreement=application.agreement,
        direction=application.direction,
        participant_kind=application.participant_kind,
        period=application.period,
    )
    problems = passport_name_problems(application, stored=locked)
    if problems:
        raise ValidationError(problems)
    application.partner = application.agreement.partner
    _remember_language(application, by=by)
    application.full_clean()
    application.save()
    _record(application, action="edit", by=by)
    return application


# The passport: its name in Latin letters, and for a mobility abroad its number and validity.


def passport_name_problems(application: Application, *, stored: Application) -> dict[str, str]:
    """The names, by field, changed from those `stored` and not written in Latin letters as in
    the passport; empty when none.

    Only a changed name is checked: the model takes names as written, and an older record keeps
    another script until the name itself changes. A new application's names are checked where
    they come in: its form, the incoming file.
    """
    problems = {}
    for field in ("last_name", "first_name"):
        value = getattr(application, field)
        if value == getattr(stored, field):
            continue
        try:
            validate_latin_name(value)
        except ValidationError as error:
            problems[field] = error.messages[0]
    return problems


def passport_problems(
    *, number: str, valid_until: date | None, foreign: bool, today: date | None = None
) -> dict[str, str]:
    """What stops the passport from serving the mobility, by field; empty when nothing does.

    A mobility abroad needs a passport, valid on the day the questionnaire is saved.
    """
    if not foreign:
        return {}
    problems = {}
    if not number:
        problems["id_document_number"] = _("A mobility abroad needs a passport: write its number.")
    if not valid_until:
        problems["id_document_valid_until"] = _("Write the date until which the passport is valid.")
    elif valid_until < (today or timezone.localdate()):
        problems["id_document_valid_until"] = _(
            "This passport has expired; renew it before applying for a mobility abroad."
        )
    return problems


# Questionnaire and curriculum


def questionnaire_refusal(application: Application, *, by: AbstractBaseUser) -> str:
    """Why `by` may not save the questionnaire now, or "" when they may."""
    if not (_is_office(by) or application.participant_id == by.pk):
        return _("The participant fills the questionnaire; the mobility office may help.")
    if not application.is_editable_by_participant:
        return _(
            "The application is %(state)s; the questionnaire changes only while the application "
            "is a draft or returned for changes."
        ) % {"state": application.get_state_display()}
    return ""


@transaction.atomic
def questionnaire_save(*, questionnaire: Questionnaire, by: AbstractBaseUser) -> Questionnaire:
    application = Application.objects.select_for_update().get(pk=questionnaire.application_id)
    refusal = questionnaire_refusal(application, by=by)
    if refusal:
        raise ValidationError(refusal)
    problems = passport_problems(
        number=questionnaire.id_document_number,
        valid_until=questionnaire.id_document_valid_until,
        foreign=not application.is_domestic,
    )
    if problems:
        raise ValidationError(problems)
    questionnaire.full_clean()
    questionnaire.save()
    _record(application, action="questionnaire", by=by)
    return questionnaire


def curriculum_lock_reason(version: CurriculumVersion) -> str:
    """Why the lines of this version cannot change now; empty when they can.

    Before approval the participant changes the first version while the application is a draft
    or returned; from approval on the curriculum changes only as a new version with a reason,
    edited as a draft, proposed and approved by the office. Approved versions never change.
    """
    application = version.application
    current = selectors.current_curriculum(application)
    if current is not None and current.pk != version.pk:
        return _(
            "This is version %(number)d, kept as it was; the current one is version %(current)d."
        ) % {"number": version.number, "current": current.number}
    if application.is_closed:
        return _("The application is %(state)s; its curriculum no longer changes.") % {
            "state": application.get_state_display()
        }
    if application.state in S.UNDER_DECISION_STATES:
        return _(
            "The application is %(state)s; the curriculum cannot change while the office "
            "decides. If the office returns the application, it can be changed again."
        ) % {"state": application.get_state_display()}
    if version.state == CurriculumVersion.State.APPROVED:
        return _(
            "Version %(number)d is approved and no longer changes. To change the curriculum, "
            "start a new version and say why; the office approves it."
        ) % {"number": version.number}
    if version.state == CurriculumVersion.State.PROPOSED:
        return _(
            "Version %(number)d is proposed and waits for the office's approval; it does not "
            "change meanwhile."
        ) % {"number": version.number}
    if (
        application.state in S.CURRICULUM_AGREED_STATES
        and version.reason == CurriculumVersion.Reason.INITIAL
    ):
        return _(
            "The application is %(state)s but this version is not approved yet; the office "
            "approves it before anything changes."
        ) % {"state": application.get_state_display()}
    return ""


def curriculum_new_version_refusal(application: Application) -> str:
    """Why no new version of the curriculum can be started now; empty when one can."""
    if application.is_closed:
        return _("The application is %(state)s; its curriculum no longer changes.") % {
            "state": application.get_state_display()
        }
    if application.state in S.UNDER_DECISION_STATES:
        return _(
            "The application is %(state)s; the curriculum cannot change while the office decides."
        ) % {"state": application.get_state_display()}
    latest = selectors.current_curriculum(application)
    if latest is None:
        return _("This application has no individual curriculum.")
    if latest.state == CurriculumVersion.State.DRAFT:
        return _("Version %(number)d is still a draft; change that one.") % {
            "number": latest.number
        }
    if latest.state == CurriculumVersion.State.PROPOSED:
        return _(
            "Version %(number)d waits for the office's approval; a new version can start once "
            "it is approved."
        ) % {"number": latest.number}
    return ""


def _lock_curriculum(version: CurriculumVersion) -> CurriculumVersion:
    """Locks the application, then the version: the order every curriculum step takes."""
    application = Application.objects.select_for_update().get(pk=version.application_id)
    locked = CurriculumVersion.objects.select_for_update().get(pk=version.pk)
    locked.application = application
    return locked


@transaction.atomic
def curriculum_save_lines(
    *,
    version: CurriculumVersion,
    lines: Iterable[CurriculumLine],
    removed: Iterable[CurriculumLine] = (),
    by: AbstractBaseUser,
    propose: bool = False,
) -> CurriculumVersion:
    """Replaces the lines of a draft version while it may change (see curriculum_lock_reason).

    The version's history records each line added, changed or removed, with who; a save that
    changes nothing records nothing, in that history or the application's. With `propose`, a
    new version is then sent to the office for approval in the same step.
    """
    locked = _lock_curriculum(version)
    refusal = curriculum_lock_reason(locked)
    if refusal:
        raise ValidationError(refusal)
    lines = list(lines)
    removed_pks = [line.pk for line in removed if line.pk]
    changed = False
    for stale in locked.lines.filter(pk__in=removed_pks):
        history.delete(stale, by=by)
        changed = True
    stored = history.stored_versions(CurriculumLine, lines)
    for position, line in enumerate(lines, start=1):
        if line.pk and line.version_id != locked.pk:
            raise ValidationError(_("A discipline of another version cannot be changed here."))
        line.version = locked
        line.position = position
        line.full_clean()
        changed |= history.save(line, by=by, stored=stored.get(line.pk))
    if changed:
        _record(locked.application, action="curriculum", by=by)
    if propose:
        return curriculum_propose(version=locked, by=by)
    return locked


@transaction.atomic
def curriculum_propose(*, version: CurriculumVersion, by: AbstractBaseUser) -> CurriculumVersion:
    """Sends a new version (a change after approval) to the office for approval."""
    locked = _lock_curriculum(version)
    refusal = curriculum_lock_reason(locked)
    if refusal:
        raise ValidationError(refusal)
    if locked.reason == CurriculumVersion.Reason.INITIAL:
        raise ValidationError(
            _(
                "The first version is approved together with the application; submit the "
                "application instead."
            )
        )
    if not locked.lines.exists():
        raise ValidationError(
            _("Version %(number)d has no disciplines; add them before you propose it.")
            % {"number": locked.number}
        )
    locked.state = CurriculumVersion.State.PROPOSED
    locked.full_clean()
    history.author(locked, by=by, reason="proposed")
    locked.save(update_fields=["state"])
    _record(
        locked.application,
        action="curriculum_proposed",
        by=by,
        comment=_("Version %(number)d") % {"number": locked.number},
    )
    return locked


@transaction.atomic
def curriculum_reopen(
    *, version: CurriculumVersion, by: AbstractBaseUser, comment: str = ""
) -> CurriculumVersion:
    """Takes a proposed version back to a draft: the participant to change it again, or the
    office to have it changed (saying what)."""
    locked = _lock_curriculum(version)
    if locked.state != CurriculumVersion.State.PROPOSED:
        raise StaleApplication(
            _("Version %(number)d is %(state)s, not proposed; look at it again.")
            % {"number": locked.number, "state": locked.get_state_display()}
        )
    application = locked.application
    if application.is_closed or application.state in S.UNDER_DECISION_STATES:
        raise ValidationError(
            _("The application is %(state)s; its curriculum cannot change now.")
            % {"state": application.get_state_display()}
        )
    locked.state = CurriculumVersion.State.DRAFT
    locked.full_clean()
    # The office's word on what should change is the reason the history shows, when given.
    history.author(locked, by=by, reason=comment.strip() or "reopened")
    locked.save(update_fields=["state"])
    note = _("Version %(number)d is a draft again.") % {"number": locked.number}
    if comment.strip():
        note = f"{note} {comment.strip()}"
    _record(application, action="curriculum", by=by, comment=note)
    return locked


@transaction.atomic
def curriculum_new_version(
    *, application: Application, reason: str, note: str, by: AbstractBaseUser
) -> CurriculumVersion:
    """Starts a change to the approved curriculum: a new draft copied from the latest version."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    refusal = curriculum_new_version_refusal(locked)
    if refusal:
        raise ValidationError(refusal)
    if reason == CurriculumVersion.Reason.INITIAL or not note.strip():
        raise ValidationError(
            {"reason_note": _("Say why the curriculum changes, so the office can approve it.")}
        )
    latest = selectors.current_curriculum(locked)
    version = CurriculumVersion(
        application=locked,
        number=(latest.number + 1) if latest else 1,
        reason=reason,
        reason_note=note.strip(),
        created_by=by,
    )
    version.full_clean()
    history.save(version, by=by, stored=None)
    if latest is not None:
        # Each copied line starts its own history, so that a change made to it in this version
        # is shown against what it was copied from.
        bulk_create_with_history(
            [
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
            ],
            CurriculumLine,
            default_user=by,
            default_change_reason=history.COPIED,
        )
    _record(locked, action="curriculum_version", by=by, comment=note.strip())
    return version


def curriculum_approval_refusal(version: CurriculumVersion) -> str:
    """Why the office cannot approve this version now; empty when it can."""
    application = version.application
    if version.state == CurriculumVersion.State.APPROVED:
        return _("Version %(number)d is already approved.") % {"number": version.number}
    current = selectors.current_curriculum(application)
    if current is not None and current.pk != version.pk:
        return _("Only the current version (%(current)d) can be approved.") % {
            "current": current.number
        }
    if application.state in S.NOT_STANDING_STATES:
        return _("The application is %(state)s; its curriculum is not approved any more.") % {
            "state": application.get_state_display()
        }
    if not version.lines.exists():
        return _("The individual curriculum has no disciplines; add them before it is approved.")
    return ""


def _approve_curriculum(
    version: CurriculumVersion, *, by: AbstractBaseUser, comment: str = ""
) -> CurriculumVersion:
    version.state = CurriculumVersion.State.APPROVED
    version.approved_by = by
    version.approved_at = timezone.now()
    version.full_clean()
    history.author(version, by=by, reason="approved")
    version.save(update_fields=["state", "approved_by", "approved_at"])
    _record(
        version.application,
        action="curriculum_approved",
        by=by,
        comment=comment or _("Version %(number)d") % {"number": version.number},
    )
    return version


@transaction.atomic
def curriculum_approve(*, version: CurriculumVersion, by: AbstractBaseUser) -> CurriculumVersion:
    locked = _lock_curriculum(version)
    refusal = curriculum_approval_refusal(locked)
    if refusal:
        if locked.state == CurriculumVersion.State.APPROVED:
            raise StaleApplication(refusal)
        raise ValidationError(refusal)
    return _approve_curriculum(locked, by=by)


# Documents

# Every scan may be a PDF or a photo: the upload forms say so and accept the same.
UPLOAD_KINDS = ("pdf", "jpeg", "png")


# The documents the office issues and the parties sign after the order: the order itself and the
# agreement (tripartite for a student, the mobility agreement for a teacher or researcher).
SIGNED_AFTER_ORDER = (DocumentKind.ORDER, DocumentKind.TRIPARTITE, DocumentKind.STAFF_AGREEMENT)
SIGNED_AGREEMENTS = (DocumentKind.TRIPARTITE, DocumentKind.STAFF_AGREEMENT)


def document_upload_refusal(document: Document, *, by: AbstractBaseUser) -> str:
    """Why `by` may not upload a file of this document now, or "" when they may.

    The office uploads a document of an open application that is not waiting for its decision
    (a paper copy, a signed scan). The participant uploads their own documents while the
    application is a draft or returned, and a document the office returned at any time until the
    application closes. The signed order and agreement come after the order: the office uploads
    them, and the participant uploads the signed agreement too where the office allows it
    (PARTICIPANT_UPLOADS_SIGNED_AGREEMENT).
    """
    application = document.application
    name = document.get_kind_display()
    if application.is_closed:
        return _("The application is %(state)s; its documents can no longer change.") % {
            "state": application.get_state_display()
        }
    if document.state == DocumentState.ACCEPTED:
        return _("This document was accepted; it cannot be replaced.")
    office = _is_office(by)
    own = by is not None and application.participant_id == by.pk
    # A file uploaded outside the participant's drafting waits for the office's decision.
    waiting = (
        document.state == DocumentState.UPLOADED and not application.is_editable_by_participant
    )
    waiting_refusal = _(
        "This document is uploaded and waits for the office's decision: accept it, or return it "
        "with the reason."
    )
    if document.kind in SIGNED_AFTER_ORDER:
        if application.state not in S.AFTER_ORDER_STATES:
            return _("The signed %(document)s is uploaded once the order is issued.") % {
                "document": name
            }
        if office:
            return waiting_refusal if waiting else ""
        if own and document.kind in SIGNED_AGREEMENTS:
            if settings.PARTICIPANT_UPLOADS_SIGNED_AGREEMENT:
                return ""
            return _("The mobility office uploads the signed %(document)s.") % {"document": name}
        if own:
            return _("The mobility office uploads the signed %(document)s.") % {"document": name}
        return _("Only the participant and the mobility office upload documents.")
    if office:
        # A paper copy of a missing or returned document.
        return waiting_refusal if waiting else ""
    if own:
        if application.is_editable_by_participant or document.state == DocumentState.RETURNED:
            return ""
        return _(
            "The application is %(state)s; you can upload again only a document the office "
            "returned to you."
        ) % {"state": application.get_state_display()}
    return _("Only the participant and the mobility office upload documents.")


def _store_version(
    document: Document, *, upload: UploadedFile, content_kind: str, by: AbstractBaseUser
) -> DocumentFile:
    """Stores the file as the document's newest version; a failure leaves no row and no file."""
    version = DocumentFile(
        document=document, content_kind=content_kind, uploaded_by=by, **upload_facts(upload)
    )
    version.file.save("upload", upload, save=False)
    try:
        version.full_clean()
        version.save()
        document.state = DocumentState.UPLOADED
        document.return_reason = ""
        document.save(update_fields=["state", "return_reason"])
        _record(document.application, action="upload", by=by, comment=document.get_kind_display())
    except Exception:
        version.file.storage.delete(version.file.name)
        raise
    return version


@transaction.atomic
def document_upload(
    *, document: Document, upload: UploadedFile, by: AbstractBaseUser
) -> DocumentFile:
    """Adds a new version of a document; earlier versions stay. A refused file leaves nothing."""
    kind = validate_upload(upload, kinds=UPLOAD_KINDS)
    locked = Document.objects.select_for_update().select_related("application").get(pk=document.pk)
    refusal = document_upload_refusal(locked, by=by)
    if refusal:
        raise ValidationError(refusal)
    return _store_version(locked, upload=upload, content_kind=kind, by=by)


@transaction.atomic
def document_accept(*, document: Document, by: AbstractBaseUser) -> Document:
    locked = Document.objects.select_for_update().select_related("application").get(pk=document.pk)
    if locked.application.is_closed:
        raise ValidationError(
            _("The application is %(state)s; its documents can no longer change.")
            % {"state": locked.application.get_state_display()}
        )
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
    if locked.application.is_closed:
        raise ValidationError(
            _("The application is %(state)s; its documents can no longer change.")
            % {"state": locked.application.get_state_display()}
        )
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


class NotReady(ValidationError):
    """The application lacks something the participant provides; `items` says what."""

    def __init__(self, items: list[selectors.ChecklistItem]):
        super().__init__([item.message for item in items], code="not_ready")
        self.items = items


def _remember_language(application: Application, *, by: AbstractBaseUser) -> None:
    """The participant's e-mails go out in the language they use; staff acting changes nothing."""
    if application.participant_id is None or application.participant_id != by.pk:
        return
    try:
        application.language = get_supported_language_variant(get_language() or "")
    except LookupError:
        application.language = settings.LANGUAGE_CODE


@transaction.atomic
def application_submit(
    *, application: Application, by: AbstractBaseUser, version: int | None = None
) -> Application:
    """Sends the participant's application to the office, or raises `NotReady` saying what
    is missing. The office is told by e-mail at once or in the day's digest (a setting)."""
    locked = _lock(application, version=version)
    action = "resubmit" if locked.state == S.RETURNED else "submit"
    # From another state `_move` refuses the step, whatever is missing.
    if locked.state in STEPS[action].sources:
        items = selectors.submission_checklist(locked, by=by)
        if items:
            raise NotReady(items)
        locked.submitted_at = timezone.now()
        _remember_language(locked, by=by)
        locked.save(update_fields=["submitted_at", "language"])
    moved = _move(locked, action=action, by=by)
    if settings.STAFF_NOTIFICATIONS == "each":
        _notify_staff_of_submissions([moved], now=moved.submitted_at)
    return moved


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
    # The curriculum is approved with the application, in this transaction, or neither is.
    curriculum = None
    if (
        locked.participant_kind == ParticipantKind.STUDENT
        and locked.state in STEPS["approve"].sources
    ):
        curriculum = selectors.current_curriculum(locked)
        if curriculum is None:
            raise ValidationError(_("The application has no individual curriculum to approve."))
        curriculum = CurriculumVersion.objects.select_for_update().get(pk=curriculum.pk)
        curriculum.application = locked
        if curriculum.state != CurriculumVersion.State.APPROVED:
            refusal = curriculum_approval_refusal(curriculum)
            if refusal:
                raise ValidationError(refusal)
    # Lock the agreement too, so two approvals for its last place cannot both pass.
    Agreement.objects.select_for_update().get(pk=locked.agreement_id)
    taken, limit = selectors.places_taken(locked)
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
    approved = _move(locked, action="approve", by=by, comment=comment)
    if curriculum is not None and curriculum.state != CurriculumVersion.State.APPROVED:
        curriculum.application = approved
        _approve_curriculum(
            curriculum,
            by=by,
            comment=_("Version %(number)d, approved with the application")
            % {"number": curriculum.number},
        )
    return approved


def _issue_refusal(application: Application) -> str:
    """Why the application cannot be listed in an order now, or ""."""
    if application.state not in STEPS["issue_order"].sources or application.order_id:
        return _(
            "Application %(reference)s (%(name)s) is %(state)s; only an approved application "
            "without an order can be listed in one."
        ) % {
            "reference": application.reference,
            "name": application.full_name,
            "state": application.get_state_display(),
        }
    return ""


def _lock_for_order(applications: Iterable[Application]) -> list[Application]:
    """Locks the applications (in primary key order, as every group step does) and checks that
    each may be listed in an order; one error lists every one that may not."""
    pks = sorted({application.pk for application in applications})
    if not pks:
        raise ValidationError(
            {"applications": _("Tick at least one approved application to list in the order.")}
        )
    locked = list(Application.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    if len(locked) != len(pks):
        raise StaleApplication(_("An application of the list no longer exists; look again."))
    refusals = [refusal for refusal in map(_issue_refusal, locked) if refusal]
    if refusals:
        raise StaleApplication(refusals)
    return locked


def _order_comment(order: Order) -> str:
    return _("Order No. %(number)s of %(date)s") % {
        "number": order.number,
        "date": formats.date_format(order.date, "SHORT_DATE_FORMAT"),
    }


def _accept_signed_order(
    application: Application, *, upload: UploadedFile, content_kind: str, by: AbstractBaseUser
) -> DocumentFile | None:
    """Stores the signed order as the application's order document and accepts it; an order
    document already accepted keeps what it holds (returns None)."""
    document = Document.objects.select_for_update().get(
        application=application, kind=DocumentKind.ORDER
    )
    if document.state == DocumentState.ACCEPTED:
        return None
    document.application = application
    version = _store_version(document, upload=upload, content_kind=content_kind, by=by)
    document.state = DocumentState.ACCEPTED
    document.decided_by = by
    document.decided_at = timezone.now()
    document.save(update_fields=["state", "decided_by", "decided_at"])
    return version


def _list_in_order(
    order: Order,
    applications: list[Application],
    *,
    upload: UploadedFile | None,
    content_kind: str,
    by: AbstractBaseUser,
) -> list[Application]:
    """Moves each locked application to order_issued under the order, with its history event;
    with the signed scan, each order document holds it, accepted. A failure removes the files
    stored so far (the transaction takes back the rows)."""
    stored: list[DocumentFile] = []
    moved = []
    try:
        for application in applications:
            application.order = order
            application.save(update_fields=["order", "updated_at"])
            issued = _move(application, action="issue_order", by=by, comment=_order_comment(order))
            issued.order = order
            if upload is not None:
                version = _accept_signed_order(
                    issued, upload=upload, content_kind=content_kind, by=by
                )
                if version is not None:
                    stored.append(version)
            moved.append(issued)
    except Exception:
        for version in stored:
            version.file.storage.delete(version.file.name)
        raise
    return moved


def _store_order_scan(
    order: Order, *, upload: UploadedFile, content_kind: str, by: AbstractBaseUser
) -> None:
    facts = upload_facts(upload)
    order.scan.save("upload", upload, save=False)
    order.scan_name = str(facts["original_name"])
    order.scan_sha256 = str(facts["sha256"])
    order.scan_content_kind = content_kind
    order.scan_uploaded_by = by
    order.scan_uploaded_at = timezone.now()


def order_language_refusal(language: str) -> str:
    """Why the language cannot be the order's, or ""; empty means the office's default."""
    if language and language not in DocumentLanguage.values:
        return _("Choose the order's language from the list.")
    return ""


@transaction.atomic
def order_issue(
    *,
    applications: Iterable[Application],
    number: str,
    issued_on: date,
    language: str = "",
    upload: UploadedFile | None = None,
    by: AbstractBaseUser,
) -> Order:
    """Issues the rector's order for a group of approved applications.

    Each of them moves to order_issued with its history event and e-mail, and holds the order.
    With the scan of the signed order, each order document holds it, accepted; without it the
    order is printed from its page, signed, and its scan uploaded there. Any refusal (an
    application not approved, a number already used, a bad file) leaves nothing done.
    """
    # Checked before anything is locked or stored: opening a file may take a few seconds.
    content_kind = validate_upload(upload, kinds=UPLOAD_KINDS) if upload is not None else ""
    number = number.strip()
    if not number:
        raise ValidationError({"number": _("Write the order's number.")})
    if Order.objects.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _(
                    "Order No. %(number)s already exists; give the new order its own number."
                )
                % {"number": number}
            }
        )
    refusal = order_language_refusal(language)
    if refusal:
        raise ValidationError({"language": refusal})
    locked = _lock_for_order(applications)
    # The order records the language it is issued in: the office's default unless one is chosen.
    language = language or doclang.default_for(doclang.DocumentKind.ORDER)
    order = Order(number=number, date=issued_on, language=language, issued_by=by)
    order.full_clean(exclude=["scan"])
    if upload is not None:
        _store_order_scan(order, upload=upload, content_kind=content_kind, by=by)
    try:
        order.save()
        _list_in_order(order, locked, upload=upload, content_kind=content_kind, by=by)
    except Exception:
        if order.scan:
            order.scan.storage.delete(order.scan.name)
        raise
    return order


@transaction.atomic
def order_include(
    *, order: Order, applications: Iterable[Application], by: AbstractBaseUser
) -> Order:
    """Lists more approved applications in an order already issued (an amendment of the list),
    each with its history event; where the order's signed scan is held, each gets it."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    locked = _lock_for_order(applications)
    upload = None
    if order.scan:
        with order.scan.open("rb") as handle:
            content = handle.read()
        upload = SimpleUploadedFile(order.scan_name or "order", content)
    _list_in_order(order, locked, upload=upload, content_kind=order.scan_content_kind, by=by)
    return order


@transaction.atomic
def order_attach_scan(*, order: Order, upload: UploadedFile, by: AbstractBaseUser) -> int:
    """Keeps the scan of the signed order and gives it to each listed application whose order
    document still waits for it, accepted. Returns how many applications received it."""
    content_kind = validate_upload(upload, kinds=UPLOAD_KINDS)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.scan:
        raise ValidationError(
            _("The signed scan of this order is already attached; it cannot be replaced.")
        )
    applications = list(Application.objects.select_for_update().filter(order=order).order_by("pk"))
    _store_order_scan(order, upload=upload, content_kind=content_kind, by=by)
    stored: list[DocumentFile] = []
    try:
        order.save()
        for application in applications:
            if application.is_closed:
                continue
            version = _accept_signed_order(
                application, upload=upload, content_kind=content_kind, by=by
            )
            if version is not None:
                stored.append(version)
    except Exception:
        order.scan.storage.delete(order.scan.name)
        for version in stored:
            version.file.storage.delete(version.file.name)
        raise
    return len(stored)


def order_render_pdf(*, order: Order, language: str = "") -> bytes:
    """The rector's order as a PDF in `language`, else in the language it was issued in.

    Printing asks for the language by name in the address, so a wrong one is refused with what
    may be asked instead.
    """
    language = language.strip() or order.language
    if language and language not in DocumentLanguage.values:
        raise ValidationError(
            _("“%(value)s” is not a document language; choose one of: %(choices)s.")
            % {"value": language, "choices": ", ".join(DocumentLanguage.values)}
        )
    return order_pdfs.render_order(order, language=language or None)


@transaction.atomic
def application_issue_order(
    *,
    application: Application,
    number: str,
    issued_on: date,
    upload: UploadedFile | None,
    by: AbstractBaseUser,
    version: int | None = None,
    language: str = "",
) -> Application:
    """Issues the rector's order for this one application: an order listing a group of one.

    With the scan, the order document is accepted at once (the office attaches what it signed).
    Without it, the order the system fills in with this number and date is offered to download
    and sign, and the document waits for its signed scan: a generated document is never accepted
    before its signed copy is uploaded.
    """
    locked = _lock(application, version=version)
    if locked.state not in STEPS["issue_order"].sources:
        raise StaleApplication(
            _("The application is %(state)s, so this step cannot be taken now.")
            % {"state": locked.get_state_display()}
        )
    order = order_issue(
        applications=[locked],
        number=number,
        issued_on=issued_on,
        language=language,
        upload=upload,
        by=by,
    )
    return Application.objects.select_related("order").get(pk=locked.pk, order=order)


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


def _date_checked(application: Application, action: str, *, override_reason: str) -> str:
    """The history's comment for the step; refuses an odd date without an override's reason."""
    problem = selectors.date_problem(application, action)
    if not problem:
        return ""
    if not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "%(problem)s If the date is right, tick the override and say why."
                )
                % {"problem": problem}
            }
        )
    return _("Date override: %(problem)s Reason: %(reason)s") % {
        "problem": problem,
        "reason": override_reason.strip(),
    }


@transaction.atomic
def application_start_mobility(
    *,
    application: Application,
    by: AbstractBaseUser,
    version: int | None = None,
    override_reason: str = "",
) -> Application:
    locked = _lock(application, version=version)
    if locked.state in STEPS["start_mobility"].sources:
        blockers = selectors.start_blockers(locked)
        if blockers:
            raise ValidationError(blockers)
        comment = _date_checked(locked, "start_mobility", override_reason=override_reason)
    else:
        comment = ""
    return _move(locked, action="start_mobility", by=by, comment=comment)


@transaction.atomic
def application_complete(
    *,
    application: Application,
    by: AbstractBaseUser | None,
    version: int | None = None,
    override_reason: str = "",
) -> Application:
    locked = _lock(application, version=version)
    comment = ""
    if locked.state in STEPS["complete"].sources:
        comment = _date_checked(locked, "complete", override_reason=override_reason)
    return _move(locked, action="complete", by=by, comment=comment)


# Archiving, and deleting a draft


@transaction.atomic
def application_archive(
    *, application: Application, by: AbstractBaseUser, version: int | None = None
) -> Application:
    """Takes a closed application out of the office's working list. Nothing of it changes or is
    lost: its documents, history and transcripts stay, the reports still count it, and it is
    found with the list's archive filter and restored from its page."""
    locked = _lock(application, version=version)
    if locked.is_archived:
        raise ValidationError(
            _("Application %(reference)s is archived already.") % {"reference": locked.reference}
        )
    if not locked.is_closed:
        raise ValidationError(
            _(
                "Application %(reference)s is %(state)s; only a completed, rejected or withdrawn "
                "application is archived."
            )
            % {"reference": locked.reference, "state": locked.get_state_display()}
        )
    locked.archived_at = timezone.now()
    locked.archived_by = by
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["archived_at", "archived_by", "version", "updated_at"])
    _record(locked, action="archive", by=by)
    return locked


@transaction.atomic
def application_restore(
    *, application: Application, by: AbstractBaseUser, version: int | None = None
) -> Application:
    """Brings an archived application back to the office's working list."""
    locked = _lock(application, version=version)
    if not locked.is_archived:
        raise ValidationError(
            _("Application %(reference)s is not archived.") % {"reference": locked.reference}
        )
    locked.archived_at = None
    locked.archived_by = None
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["archived_at", "archived_by", "version", "updated_at"])
    _record(locked, action="restore", by=by)
    return locked


@transaction.atomic
def application_delete_draft(*, application: Application, by: AbstractBaseUser | None) -> None:
    """Deletes a draft (entered by mistake, a duplicate) with everything it holds, and its
    uploaded files once the deletion is committed, so none is left behind.

    An application that has left draft is refused: it is kept whole, and archived once closed.
    Its parts are protected from any cascade, so they are removed here one by one, by name.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.may_be_deleted:
        raise ValidationError(
            _(
                "Application %(reference)s is %(state)s; only a draft can be deleted. It is kept "
                "whole, and archived once it is closed."
            )
            % {"reference": locked.reference, "state": locked.get_state_display()}
        )
    uploads = DocumentFile.objects.filter(document__application=locked)
    stored = [upload.file for upload in uploads if upload.file]
    uploads.delete()
    Document.objects.filter(application=locked).delete()
    CurriculumLine.objects.filter(version__application=locked).delete()
    CurriculumVersion.objects.filter(application=locked).delete()
    Questionnaire.objects.filter(application=locked).delete()
    Signature.objects.filter(application=locked).delete()
    ApplicationEvent.objects.filter(application=locked).delete()
    locked.delete()

    def remove_files() -> None:
        for file in stored:
            file.storage.delete(file.name)

    transaction.on_commit(remove_files)


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


# What the subject of the participant's e-mail says happened, for each step.
STEP_SUBJECTS = {
    "submit": gettext_lazy("Your application %(reference)s was submitted"),
    "resubmit": gettext_lazy("Your application %(reference)s was submitted again"),
    "start_review": gettext_lazy("The office started to review your application %(reference)s"),
    "return": gettext_lazy("Your application %(reference)s was returned for changes"),
    "return_document": gettext_lazy(
        "A document of your application %(reference)s was returned: %(document)s"
    ),
    "approve": gettext_lazy("Your application %(reference)s was approved"),
    "reject": gettext_lazy("Your application %(reference)s was rejected"),
    "withdraw": gettext_lazy("Your application %(reference)s was withdrawn"),
    "issue_order": gettext_lazy(
        "The order for your mobility (application %(reference)s) was issued"
    ),
    "agreement_signed": gettext_lazy(
        "The tripartite agreement of your application %(reference)s is signed by all parties"
    ),
    "start_mobility": gettext_lazy("Your mobility (application %(reference)s) has started"),
    "complete": gettext_lazy("Your mobility (application %(reference)s) is completed"),
}


def _notify(
    application: Application,
    *,
    action: str,
    comment: str = "",
    document: Document | None = None,
) -> None:
    """E-mails the participant about a step that concerns them: queued with the step, sent by
    the worker once it is committed.

    Written in the participant's language (the one they last used the app in), whoever took
    the step; the subject says what happened.
    """
    if not application.email:
        return
    if action == "return_document" and document is None:
        document = (
            application.documents.filter(state=DocumentState.RETURNED)
            .order_by("-decided_at", "-pk")
            .first()
        )
    with override(selectors.participant_language(application)):
        context: dict[str, Any] = {
            "application": application,
            "action": action,
            "state": application.get_state_display(),
            "comment": comment,
            "document": document,
            "url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
        }
        template = STEP_SUBJECTS.get(
            action, gettext_lazy("Your application %(reference)s is now %(state)s")
        )
        subject = str(template) % {
            "reference": application.reference,
            "state": application.get_state_display(),
            "document": document.get_kind_display() if document else "",
        }
        body = render_to_string("applications/email/step.txt", context)
    queue_email(subject=subject, body=body, to=[application.email])


def _staff_emails() -> list[str]:
    from django.contrib.auth import get_user_model

    from core.roles import STAFF

    return list(
        get_user_model()
        .objects.filter(groups__name=STAFF, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _notify_staff(application: Application) -> None:
    emails = _staff_emails()
    if not emails:
        return
    # The office reads its e-mails in the site's language, whoever took the step.
    with override(settings.LANGUAGE_CODE):
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
    queue_email(subject=subject, body=body, to=emails)


def _submission_email(applications: list[Application]) -> tuple[str, str]:
    """Subject and body telling the office of one submission, or of a day's in a digest."""
    with override(settings.LANGUAGE_CODE):
        if len(applications) == 1:
            application = applications[0]
            template = (
                _("Application %(reference)s of %(name)s was submitted again")
                if application.state == S.RESUBMITTED
                else _("Application %(reference)s of %(name)s was submitted")
            )
            subject = template % {
                "reference": application.reference,
                "name": application.full_name,
            }
        else:
            subject = _("%(count)d applications were submitted since the last digest") % {
                "count": len(applications)
            }
        body = render_to_string(
            "applications/email/submitted.txt",
            {
                "applications": [
                    (
                        application,
                        settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
                    )
                    for application in applications
                ],
                "queue_url": settings.SITE_URL + reverse("applications:queue"),
            },
        )
    return subject, body


def _notify_staff_of_submissions(applications: list[Application], *, now) -> None:
    """One e-mail to the office about these submissions, queued with the step; they count as
    told, so the digest never repeats them."""
    emails = _staff_emails()
    if not emails or not applications:
        return
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(staff_notified_at=now)
    subject, body = _submission_email(applications)
    queue_email(subject=subject, body=body, to=emails)


@transaction.atomic
def staff_digest_send(*, now=None) -> int:
    """Queues one digest e-mail to the office of the applications submitted since they were
    last told, and marks them told in the same transaction: the digest is recorded exactly once
    (a second run finds nothing to send, a failed run marks nothing) and the queue delivers it,
    trying again while the mail server is down. Returns how many applications it named."""
    now = now or timezone.now()
    pending = list(
        Application.objects.staff_not_told()
        .filter(submitted_at__lte=now)
        .select_for_update(of=("self",))
        .select_related("partner", "period")
        .order_by("submitted_at", "pk")
    )
    emails = _staff_emails()
    if not pending or not emails:
        return 0
    Application.objects.filter(pk__in=[a.pk for a in pending]).update(staff_notified_at=now)
    subject, body = _submission_email(pending)
    queue_email(subject=subject, body=body, to=emails)
    return len(pending)


# Rounds


ROUND_TERMS = ("period", "direction", "participant_kinds")


def round_place_problems(*, agreement: Agreement, round_: ApplicationRound) -> list[str]:
    """Why the agreement does not qualify for the round; empty when it does.

    It qualifies when it is not archived, is in force for the whole of the round's period and
    covers the round's direction for every kind of participant the round is open to. Reads the
    agreement's conditions through `conditions.all()`, so a prefetch serves a whole formset.
    """
    period = round_.period
    problems = []
    if agreement.is_archived:
        problems.append(_("The agreement %(number)s is archived.") % {"number": agreement.number})
    elif not (
        agreement.is_in_force(on=period.starts_on) and agreement.is_in_force(on=period.ends_on)
    ):
        problems.append(
            _(
                "The agreement %(number)s is in force from %(start)s to %(end)s, which does not "
                "cover the whole of %(period)s (%(period_start)s to %(period_end)s)."
            )
            % {
                "number": agreement.number,
                "start": formats.date_format(agreement.valid_from, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(agreement.valid_until, "SHORT_DATE_FORMAT")
                if agreement.valid_until
                else _("no end date"),
                "period": period,
                "period_start": formats.date_format(period.starts_on, "SHORT_DATE_FORMAT"),
                "period_end": formats.date_format(period.ends_on, "SHORT_DATE_FORMAT"),
            }
        )
    covered = {
        (condition.direction, condition.mobility_type) for condition in agreement.conditions.all()
    }
    missing = [
        MobilityType(mobility_type).label
        for mobility_type in round_.mobility_types()
        if (round_.direction, mobility_type) not in covered
    ]
    if missing:
        problems.append(
            _("The agreement %(number)s does not cover %(direction)s %(types)s mobility.")
            % {
                "number": agreement.number,
                "direction": round_.get_direction_display(),
                "types": ", ".join(str(label) for label in missing),
            }
        )
    return problems


def round_terms_changed(round_: ApplicationRound) -> bool:
    """Whether the period, direction or who may apply differ from what is stored."""
    if round_.pk is None:
        return True
    stored = ApplicationRound.objects.filter(pk=round_.pk).values(*ROUND_TERMS).first()
    if stored is None:
        return True
    current = {"period": round_.period_id, "direction": round_.direction}
    current["participant_kinds"] = round_.participant_kinds
    return any(stored[term] != current[term] for term in ROUND_TERMS)


@transaction.atomic
def round_save(
    *,
    round_: ApplicationRound,
    places: Iterable[RoundPlace],
    removed: Iterable[RoundPlace] = (),
    by: AbstractBaseUser | None = None,
    reason: str = "",
) -> ApplicationRound:
    """Saves a round with the partners taking part in it.

    A partner is checked when it is added or changed, and every partner when the round's
    period, direction or who may apply changes: its agreement must qualify (see
    `round_place_problems`), or the place carries the reason the office accepts it anyway,
    recorded with who accepted it and when. The history records the round's changes and each
    partner added, changed or removed, with `by` and the `reason` given; a partner checked
    again but unchanged records nothing.
    """
    recheck_all = round_terms_changed(round_)
    round_.full_clean()
    history.save(round_, by=by, reason=reason)
    removed_pks = set()
    for place in removed:
        if place.pk:
            removed_pks.add(place.pk)
            history.delete(place, by=by, reason=reason)
    places = list(places)
    checked = {place.pk for place in places if place.pk}
    if recheck_all:
        others = round_.places.select_related("agreement").exclude(pk__in=checked | removed_pks)
        places += list(others)
    stored = history.stored_versions(RoundPlace, places)
    stored_reasons = {pk: place.override_reason for pk, place in stored.items()}
    refused = []
    for place in places:
        place.round = round_
        place.override_reason = place.override_reason.strip()
        problems = round_place_problems(agreement=place.agreement, round_=round_)
        if problems and not place.override_reason:
            refused.append(
                _(
                    "%(partner)s: %(problems)s Choose another agreement, or accept it anyway "
                    "and say why."
                )
                % {"partner": place.agreement.partner.name, "problems": " ".join(problems)}
            )
            continue
        if place.override_reason and place.override_reason != stored_reasons.get(place.pk):
            place.override_by = by
            place.override_at = timezone.now()
        elif not place.override_reason:
            place.override_by = None
            place.override_at = None
        place.full_clean()
        history.save(place, by=by, reason=reason, stored=stored.get(place.pk))
    if refused:
        raise ValidationError(refused)
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


@transaction.atomic
def state_counts_recount() -> int:
    """Counts the applications by state, direction and archived again and replaces the counts
    the list reads (ApplicationStateCount); returns how many rows were wrong."""
    counts.lock_against_writes(Application)
    counted = (
        Application.objects.order_by()
        .annotate(
            archived=ExpressionWrapper(Q(archived_at__isnull=False), output_field=BooleanField())
        )
        .values("state", "direction", "archived")
        .annotate(total=Count("pk"))
    )
    return counts.replace_counts(ApplicationStateCount, counted)
