from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .doclang import TRANSCRIPT_KINDS, DocumentKind
from .models import DocumentDefault


def document_kinds_settable_by(user: AbstractBaseUser) -> list[str]:
    """The documents whose default language this user may set: staff all of them, the registrar
    the transcripts they print."""
    if user.has_perm("documents.change_documentdefault"):
        return list(DocumentKind.values)
    if user.has_perm("transcripts.change_transcript"):
        return [str(kind) for kind in TRANSCRIPT_KINDS]
    return []


@transaction.atomic
def document_defaults_set(
    *, languages: dict[str, str], by: AbstractBaseUser
) -> list[DocumentDefault]:
    """Sets the language each named document prints in when no one chooses another."""
    allowed = set(document_kinds_settable_by(by))
    changed = []
    for kind, language in languages.items():
        if kind not in allowed:
            raise ValidationError(
                _("You may not set the language of %(document)s.")
                % {"document": DocumentKind(kind).label}
            )
        default = DocumentDefault.objects.select_for_update().filter(document=kind).first()
        if default is None:
            default = DocumentDefault(document=kind)
        if default.language == language:
            continue
        default.language = language
        default.updated_by = by
        default.full_clean()
        default.save()
        changed.append(default)
    return changed
