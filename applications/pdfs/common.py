"""What every generated document of an application shares: the letterhead and the parties."""

from typing import Any

from agreements.models import Direction
from agreements.selectors import home_institution
from core.pdf import render_pdf

from ..models import Application


def render_document(
    template_name: str, application: Application, *, title: str, **extra: Any
) -> bytes:
    """Renders one of the application's documents with the context all of them use."""
    home = home_institution()
    outgoing = application.direction == Direction.OUTGOING
    context = {
        "application": application,
        "title": title,
        "home": home,
        # Outgoing: our university sends, the partner receives; incoming is the other way round.
        "sending": home if outgoing else application.partner,
        "receiving": application.partner if outgoing else home,
        "outgoing": outgoing,
        **extra,
    }
    return render_pdf(template_name, context)
