"""PDF documents rendered with WeasyPrint from Django templates.

Every PDF is set in the DejaVu fonts shipped in `static/fonts/`, under a family name of our own,
so the output does not depend on the fonts installed on the machine that renders it, and Kazakh
and Russian Cyrillic always have their glyphs.
"""

import gc
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from string import Template

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# A family name no installed font has, so text can only be set in the files declared below (a
# system copy of DejaVu Sans, of another version, never stands in). It also names the fonts
# embedded in the PDF: "DejaVu-Sans-Mobility-Office" and "DejaVu-Sans-Mobility-Office-Bold".
FONT_FAMILY = "DejaVu Sans Mobility Office"

FONT_FILES = {
    "normal": "fonts/DejaVuSans.ttf",
    "bold": "fonts/DejaVuSans-Bold.ttf",
}

PAGE_CSS = Template("""
@page {
  size: A4;
  margin: 20mm 18mm 22mm 25mm;
  /* Inherited by the margin boxes: the footer and the page numbers. */
  font-family: "$family";
  font-size: 8pt;
  color: #555;
  @bottom-left {
    content: element(page-footer);
    width: 75%;
  }
  @bottom-right {
    content: counter(page) " / " counter(pages);
  }
}
html {
  font-family: "$family";
  font-size: 10.5pt;
  line-height: 1.4;
}
/* A template's element of this class is taken out of the flow and repeated on every page. */
.page-footer {
  position: running(page-footer);
  font-size: 8pt;
  color: #555;
}
""")

# The documents need nothing from the network; refusing it keeps rendering fast and offline.
_URL_FETCHER = URLFetcher(allowed_protocols={"file", "data"})

# The shared font configuration is a Pango font map, which is not safe to use from two threads
# at once; a threaded server renders one PDF at a time per process.
_RENDER_LOCK = threading.Lock()


def _font_path(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise ImproperlyConfigured(f"The PDF font {name} is missing from the static files.")
    return Path(found).resolve()


def _font_faces() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-style: normal; src: url("{_font_path(name).as_uri()}"); }}'
        for weight, name in FONT_FILES.items()
    )


@cache
def _stylesheet() -> tuple[FontConfiguration, CSS, str]:
    """The font configuration, stylesheet and base URL, built once per process.

    Built on first use rather than at import, so that importing the views does not need the
    static files to be in place (migrations and checks run without them).
    """
    font_config = FontConfiguration()
    css = CSS(
        string=_font_faces() + PAGE_CSS.substitute(family=FONT_FAMILY),
        font_config=font_config,
        url_fetcher=_URL_FETCHER,
    )
    # Relative URLs in the templates (an image, say) resolve against the static folder.
    static_dir = _font_path(FONT_FILES["normal"]).parent.parent
    return font_config, css, static_dir.as_uri() + "/"


_frozen = False


def _freeze_long_lived() -> None:
    """After the process's first PDF, moves what is alive then (Django, WeasyPrint, the fonts)
    out of the collector's reach.

    A layout allocates enough to set off a full collection, which otherwise walks those few
    hundred thousand long-lived objects again each time: about a sixth of a transcript's render
    went there. Collected first, so no garbage is frozen; once per process, so the memory stays
    that of one render.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


def render_pdf(
    template_name: str, context: dict, *, step: Callable[[str], None] | None = None
) -> bytes:
    """Renders a Django template to HTML and the HTML to a PDF, in the current language.

    `step`, when given, is told as each of the three stages ends ("html", "layout", "pdf"):
    WeasyPrint reports no progress of its own, so these are the honest steps a caller can show.
    """
    html = render_to_string(template_name, context)
    if step:
        step("html")
    font_config, css, base_url = _stylesheet()
    document = HTML(string=html, base_url=base_url, url_fetcher=_URL_FETCHER)
    with _RENDER_LOCK:
        pages = document.render(stylesheets=[css], font_config=font_config)
        if step:
            step("layout")
        content = pages.write_pdf()
        _freeze_long_lived()
    if step:
        step("pdf")
    return content
