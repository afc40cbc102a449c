"""Filling a transcript draft from a partner's ELMO file, and keeping the file.

The file's courses become the draft's lines through `services.transcript_save_lines`, the
service the edit form uses: the same grade conversion, the same errors at the same lines. A grade
outside the partner's scale is never guessed; it stays an error the registrar resolves on the
edit page. The file is kept with the transcript (like its scanned original) once the registrar
confirms it, whether or not its lines could be saved.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Direction
from applications.models import Application, ApplicationState, ParticipantKind

from . import elmo_read, elmo_selectors, selectors, services
from .models import ElmoFile, Transcript


def refusal(application: Application, *, may_start: bool = True) -> str:
    """Why a partner's ELMO file cannot fill this mobility's transcript now, or ""."""
    if application.participant_kind != ParticipantKind.STUDENT:
        return _("Transcripts are kept for students' mobilities only.")
    if application.direction != Direction.OUTGOING:
        return _(
            "An incoming student's transcript is ours, in our scale; a partner's ELMO file "
            "fills the transcript of an outgoing mobility."
        )
    if application.state not in ApplicationState.TRANSCRIPT_STATES:
        return _(
            "The application is %(state)s; a transcript is recorded once the mobility is under "
            "way or completed."
        ) % {"state": application.get_state_display()}
    latest = selectors.latest_transcript(application)
    if latest is None:
        if not may_start:
            return _("Only the registrar starts a transcript.")
        return ""
    if latest.is_locked:
        return _(
            "Version %(version)d of the transcript is %(state)s and locked: a file cannot "
            "change it. Start a correction, then upload the file on the new version."
        ) % {"version": latest.version, "state": latest.get_state_display()}
    return ""


@dataclass
class ElmoImport:
    """What confirming did: the draft and the kept file, and the lines' errors where the lines
    could not be saved (then the draft keeps the lines it had)."""

    transcript: Transcript
    elmo_file: ElmoFile
    preview: elmo_selectors.ElmoPreview
    errors: services.TranscriptLinesInvalid | None = None


@transaction.atomic
def transcript_fill_from_elmo(
    *,
    application: Application,
    content: bytes,
    original_name: str,
    issuer_confirmed: bool,
    learner_confirmed: bool,
    by: AbstractBaseUser,
) -> ElmoImport:
    """Keeps the ELMO file with the mobility's draft transcript (starting the transcript where
    there is none yet) and fills the draft's lines from its courses.

    Refused, with nothing saved, when the file is not a valid ELMO document, when the issuer is
    not matched to the partner or the learner to the participant and the registrar has not
    confirmed it, or when the transcript is locked. Lines that `transcript_save_lines` refuses
    leave the draft's lines as they were; the file is kept all the same, and the errors returned.
    """
    document = elmo_read.read(content)
    locked_application = Application.objects.select_for_update().get(pk=application.pk)
    reason = refusal(locked_application)
    if reason:
        raise ValidationError(reason)
    preview = elmo_selectors.preview(document, locked_application)
    unconfirmed = []
    if preview.issuer_needs_confirmation and not issuer_confirmed:
        unconfirmed.append(
            _(
                "The issuer of the file is not matched to %(partner)s: confirm that the file is "
                "from this mobility's partner."
            )
            % {"partner": locked_application.partner.name}
        )
    if preview.learner_needs_confirmation and not learner_confirmed:
        unconfirmed.append(
            _(
                "The learner of the file is not matched to %(participant)s: confirm that the "
                "file is this participant's."
            )
            % {"participant": locked_application.full_name}
        )
    if unconfirmed:
        raise ValidationError(unconfirmed)
    transcript = selectors.latest_transcript(locked_application)
    if transcript is None:
        transcript = services.transcript_start(application=locked_application, by=by)
    elmo_file = ElmoFile(
        transcript=transcript,
        original_name=(original_name or "")[-255:],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        issuer_confirmed=preview.issuer_needs_confirmation,
        learner_confirmed=preview.learner_needs_confirmation,
        uploaded_by_id=by.pk,
    )
    elmo_file.file.save("elmo", ContentFile(content), save=False)
    try:
        elmo_file.full_clean()
        elmo_file.save()
    except Exception:
        elmo_file.file.storage.delete(str(elmo_file.file.name))
        raise
    result = ElmoImport(transcript=transcript, elmo_file=elmo_file, preview=preview)
    try:
        result.transcript = services.transcript_save_lines(
            transcript=transcript,
            lines=preview.lines(),
            by=by,
            host_issued_on=document.issue_date,
        )
    except services.TranscriptLinesInvalid as error:
        result.errors = error
    except Exception:
        # The whole confirmation is rolled back: the kept file goes with its row.
        elmo_file.file.storage.delete(str(elmo_file.file.name))
        raise
    return result
