"""Partners' XML documents: read safely, checked against the official schemas kept in the
repository (core/standards), with no network and without the office's shared folder."""

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from core import xmldocs

EXAMPLES = {
    "elmo": "elmo/example.xml",
    "iia": "ewp/ewp-specs-api-iias/endpoints/get-response-example.xml",
    "iia-index": "ewp/ewp-specs-api-iias/endpoints/index-response-example.xml",
    "tor": "ewp/ewp-specs-api-imobility-tors/endpoints/get-response-example.xml",
}


def example(key: str) -> bytes:
    return (xmldocs.STANDARDS / EXAMPLES[key]).read_bytes()


def refusal(data: bytes, key: str = "elmo") -> str:
    with pytest.raises(ValidationError) as error:
        xmldocs.read(data, key)
    return " ".join(error.value.messages)


@pytest.mark.parametrize("key", EXAMPLES)
def test_each_official_example_reads_as_its_standard(key):
    tree = xmldocs.read(example(key), key)

    assert xmldocs.standard_of(tree).key == key
    assert xmldocs.schema_errors(tree, key) == []


def test_the_schemas_in_the_repository_carry_their_licences_and_sources():
    readme = (xmldocs.STANDARDS / "README.md").read_text()
    for folder in [
        "elmo",
        *(
            f"ewp/{name}"
            for name in [
                "ewp-specs-api-iias",
                "ewp-specs-api-imobility-tors",
                "ewp-specs-architecture",
                "ewp-specs-types-address",
                "ewp-specs-types-contact",
                "ewp-specs-types-phonenumber",
                "ewp-specs-types-academic-term",
            ]
        ),
    ]:
        licences = list((xmldocs.STANDARDS / folder).glob("LICENSE*"))
        assert licences, folder
    assert "db1a231c7f71c36e392d88107bb14fb46bea1894" in readme  # ELMO v1.7.0
    assert "a151f579ba2278dfbb99d19f40cff18212425e1d" in readme  # IIAs v7.0.0


def test_the_schemas_import_only_files_of_the_repository():
    for path in xmldocs.STANDARDS.rglob("*.xsd"):
        for location in etree.parse(str(path)).xpath(
            "//xs:import/@schemaLocation | //xs:include/@schemaLocation",
            namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
        ):
            assert "://" not in location, (path, location)
            assert (path.parent / location).resolve().is_file(), (path, location)


def test_a_file_that_is_not_xml_is_refused():
    assert "not an XML document" in refusal(b"%PDF-1.7 a scan, not a document")
    assert "not well-formed XML (line 2" in refusal(b"<elmo>\n<report></elmo>")
    assert "empty" in refusal(b"   ")


def test_a_document_of_another_standard_is_named_as_such():
    message = refusal(example("iia"), "elmo")

    assert "not an ELMO transcript of records document" in message
    assert "EWP IIAs v7 get response" in message


def test_schema_errors_are_given_with_their_lines():
    data = (
        example("elmo")
        .replace(b"<givenNames>", b"<givenName>")
        .replace(b"</givenNames>", b"</givenName>")
    )

    message = refusal(data, "elmo")

    line = data.split(b"<givenName>")[0].count(b"\n") + 1
    assert f"Line {line}:" in message
    assert "givenName" in message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE elmo [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">&lol9;</elmo>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE elmo [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">&secret;</elmo>
"""

QUADRATIC_BLOWUP = (
    b'<?xml version="1.0"?><!DOCTYPE elmo [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]><elmo>'
    + b"&a;" * 20_000
    + b"</elmo>"
)


@pytest.mark.parametrize(
    "bomb", [BILLION_LAUGHS, EXTERNAL_ENTITY, QUADRATIC_BLOWUP], ids=["laughs", "xxe", "blowup"]
)
def test_a_document_with_a_doctype_is_refused_without_expanding_it(bomb):
    message = refusal(bomb)

    assert "DOCTYPE" in message
    assert "root:" not in message  # /etc/passwd never read into the message


def test_a_document_nested_too_deep_is_refused():
    depth = xmldocs.MAX_DEPTH + 10
    data = b"<elmo>" + b"<a>" * depth + b"</a>" * depth + b"</elmo>"

    assert "nests its elements more than" in refusal(data)


def test_a_document_nested_deeper_than_the_parser_allows_is_refused_as_not_well_formed():
    depth = 100_000
    data = b"<elmo>" + b"<a>" * depth + b"</a>" * depth + b"</elmo>"

    assert "not well-formed" in refusal(data) or "nests" in refusal(data)


def test_a_file_too_big_is_refused_before_it_is_parsed():
    data = b"<elmo>" + b" " * (xmldocs.MAX_BYTES + 1) + b"</elmo>"

    assert "is accepted" in refusal(data)


def test_schema_location_hints_in_a_document_are_not_followed():
    data = example("elmo").replace(
        b"<elmo ",
        b'<elmo xsi:schemaLocation="https://github.com/emrex-eu/elmo-schemas/tree/v1 '
        b'http://127.0.0.1:9/never.xsd" ',
        1,
    )
    if b"xmlns:xsi" not in data.split(b">", 2)[1]:
        data = data.replace(
            b"<elmo ", b'<elmo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ', 1
        )

    tree = xmldocs.read(data, "elmo")

    assert xmldocs.standard_of(tree).key == "elmo"


def test_many_schema_errors_are_listed_up_to_a_limit_with_a_count_of_the_rest():
    errors = [(line, "wrong") for line in range(1, xmldocs.MAX_ERRORS_SHOWN + 6)]

    messages = xmldocs.error_messages(errors)

    assert len(messages) == xmldocs.MAX_ERRORS_SHOWN + 1
    assert messages[0] == "Line 1: wrong"
    assert "5 more errors" in messages[-1]
