"""Document 5: the university's order sending (or admitting) the participant.

Staff print it before the order has a number when it is signed on paper, so a missing number or
date leaves a blank line to fill by hand.
"""

from django.utils.translation import gettext as _

from ..models import Application
from .common import render_document


def render(application: Application) -> bytes:
    return render_document("applications/pdf/order.html", application, title=_("Order"))
