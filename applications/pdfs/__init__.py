"""The filled-in PDFs the office generates for an application, to be signed and uploaded back.

Each module renders one document with `render(application) -> bytes`, in the language of the
document being printed (`documents.doclang.printing`, which the download view enters with
the language chosen or the office's default); a bilingual one is the text in each language.
"""

import re
from collections.abc import Callable

from ..models import Application, ParticipantKind
from ..selectors import curriculum_for_print
from . import application_form, curriculum, order, questionnaire, tripartite

# Keyed by the names the download URLs use; the order is the one pages list them in.
GENERATED: dict[str, Callable[[Application], bytes]] = {
    "application": application_form.render,
    "questionnaire": questionnaire.render,
    "curriculum": curriculum.render,
    "tripartite": tripartite.render,
    "order": order.render,
}

# Teachers and researchers have a work plan and a staff agreement instead, which the participant
# writes; of theirs only these two can be filled in from what the system knows.
STAFF_GENERATED = ("application", "order")


def available(application: Application) -> list[str]:
    """The documents that can be generated now, in GENERATED's order."""
    if application.participant_kind != ParticipantKind.STUDENT:
        return [name for name in GENERATED if name in STAFF_GENERATED]
    names = ["application"]
    # False when the participant has not filled the questionnaire (no one-to-one row yet).
    if hasattr(application, "questionnaire"):
        names.append("questionnaire")
    version = curriculum_for_print(application)
    if version is not None and version.lines.exists():
        names.append("curriculum")
    names += ["tripartite", "order"]
    return names


def filename(application: Application, name: str) -> str:
    """The download name, e.g. "AB12CD34EF-application.pdf"; ASCII only, safe in any header."""
    if name not in GENERATED:
        raise ValueError(f"Unknown generated document {name!r}.")
    reference = re.sub(r"[^A-Za-z0-9]", "", application.reference) or str(application.pk)
    return f"{reference}-{name}.pdf"
