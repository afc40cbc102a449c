"""XML documents from partners: read safely, checked against the official schemas.

The schemas are copies of the official ELMO (EMREX) and Erasmus Without Paper ones, kept in
core/standards with their licences and source commits (its README). Nothing here touches the
network: the schemas import each other by relative path, and a document's own schemaLocation
hints are ignored.

A document from outside is refused before it can cost much: too big, not XML, a DOCTYPE (the
formats never use one, and it is how entity-expansion bombs and external entities arrive), or
nested deeper than any real transcript or agreement.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

STANDARDS = Path(__file__).resolve().parent / "standards"

ELMO_NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
IIAS_NS = "https://github.com/erasmus-without-paper/ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd"
IIAS_INDEX_NS = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-iias/blob/stable-v7/endpoints/"
    "index-response.xsd"
)
TORS_NS = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-imobility-tors/blob/stable-v2/"
    "endpoints/get-response.xsd"
)


@dataclass(frozen=True)
class Standard:
    key: str
    title: str  # the standard's own name, not translated
    schema: str  # path under core/standards
    namespace: str
    root: str  # the root element's local name


STANDARDS_BY_KEY = {
    standard.key: standard
    for standard in (
        Standard("elmo", "ELMO transcript of records", "elmo/schema.xsd", ELMO_NS, "elmo"),
        Standard(
            "iia",
            "EWP IIAs v7 get response",
            "ewp/ewp-specs-api-iias/endpoints/get-response.xsd",
            IIAS_NS,
            "iias-get-response",
        ),
        Standard(
            "iia-index",
            "EWP IIAs v7 index response",
            "ewp/ewp-specs-api-iias/endpoints/index-response.xsd",
            IIAS_INDEX_NS,
            "iias-index-response",
        ),
        Standard(
            "tor",
            "EWP Incoming Mobility ToRs v2 get response",
            "ewp/ewp-specs-api-imobility-tors/endpoints/get-response.xsd",
            TORS_NS,
            "imobility-tors-get-response",
        ),
    )
}

# A transcript of a hundred courses with attachments stays well under this.
MAX_BYTES = 5 * 1024 * 1024
# The deepest official example nests 9 elements; a bomb of nesting is refused long before.
MAX_DEPTH = 40
# How many schema errors a page lists; the count of the rest is given.
MAX_ERRORS_SHOWN = 20


class _LocalOnly(etree.Resolver):
    def resolve(self, url, pubid, context):
        scheme = urlparse(url or "").scheme
        if scheme and scheme != "file":
            raise ValueError(f"refusing to load {url!r}: no network access")
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        no_network=True,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    parser.resolvers.add(_LocalOnly())
    return parser


@cache
def schema(key: str) -> etree.XMLSchema:
    """The compiled official schema (compiled once per process)."""
    path = STANDARDS / STANDARDS_BY_KEY[key].schema
    return etree.XMLSchema(etree.parse(str(path), _parser()))


def _depth(root: etree._Element) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _doctype_refused() -> ValidationError:
    return ValidationError(
        _(
            "The document declares a DOCTYPE, which ELMO and EWP documents never do; it is "
            "refused so that no entity in it is expanded. Ask the partner for the document as "
            "their system exports it."
        )
    )


def parse(data: bytes) -> etree._ElementTree:
    """The document, or a ValidationError saying plainly why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; an XML document of up to %(limit)s is accepted.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_BYTES)}
        )
    if not data.strip():
        raise ValidationError(_("The file is empty; choose the XML document the partner sent."))
    head = data.lstrip()[:1]
    if head not in (b"<", b"\xef"):  # an XML document starts with "<" (after a BOM)
        raise ValidationError(
            _("The file is not an XML document; choose the .xml file the partner sent.")
        )
    # Refused before parsing: even unexpanded, a DTD makes the parser do work the sender chose.
    if b"<!DOCTYPE" in data or "<!DOCTYPE".encode("utf-16-le") in data:
        raise _doctype_refused()
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        raise ValidationError(
            _("The file is not well-formed XML (line %(line)s: %(problem)s).")
            % {"line": error.lineno or "?", "problem": error.msg}
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _doctype_refused()
    if _depth(tree.getroot()) > MAX_DEPTH:
        raise ValidationError(
            _("The document nests its elements more than %(depth)d deep; it is not a real one.")
            % {"depth": MAX_DEPTH}
        )
    return tree


def standard_of(tree: etree._ElementTree) -> Standard | None:
    """Which of the known standards the document's root element claims to be."""
    root = etree.QName(tree.getroot())
    for standard in STANDARDS_BY_KEY.values():
        if root.namespace == standard.namespace and root.localname == standard.root:
            return standard
    return None


def schema_errors(tree: etree._ElementTree, key: str) -> list[tuple[int, str]]:
    """Each error of the document against the schema, with its line; empty when valid."""
    compiled = schema(key)
    if compiled.validate(tree):
        return []
    return [(error.line, error.message) for error in compiled.error_log]


def error_messages(errors: list[tuple[int, str]]) -> list[str]:
    """Schema errors as a reader sees them: each with its line, the first few, then a count."""
    messages = [
        _("Line %(line)d: %(problem)s") % {"line": line, "problem": problem}
        for line, problem in errors[:MAX_ERRORS_SHOWN]
    ]
    if len(errors) > MAX_ERRORS_SHOWN:
        messages.append(
            _("… and %(count)d more errors.") % {"count": len(errors) - MAX_ERRORS_SHOWN}
        )
    return messages


def read(data: bytes, key: str) -> etree._ElementTree:
    """A partner's document of the expected standard that its schema accepts, or the reasons it
    is refused (another standard named as such, each schema error with its line)."""
    tree = parse(data)
    expected = STANDARDS_BY_KEY[key]
    found = standard_of(tree)
    if found is None or found.key != key:
        root = etree.QName(tree.getroot())
        raise ValidationError(
            _(
                "This is not an %(expected)s document: its root element is %(root)s%(found)s. "
                "Choose the %(expected)s file."
            )
            % {
                "expected": expected.title,
                "root": root.localname,
                "found": _(" (%(standard)s)") % {"standard": found.title} if found else "",
            }
        )
    errors = schema_errors(tree, key)
    if errors:
        raise ValidationError(
            [
                _("The document does not follow the %(standard)s schema:")
                % {"standard": expected.title}
            ]
            + error_messages(errors)
        )
    return tree


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
