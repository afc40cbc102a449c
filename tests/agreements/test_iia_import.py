"""A partner's EWP IIAs v7 document uploaded by staff: the official example creates its agreement
condition by condition; a copy of an agreement we hold is compared field by field, and the
partner's values ticked are taken (recorded in the history); bad files are refused with nothing
kept; only staff who change agreements may do any of it; and an agreement we create from a
partner's copy exports as the same conditions (round trip)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.shortcuts import resolve_url
from webtest import Upload

from agreements import iia_compare, iia_write, services
from agreements.iia_read import CONDITION_FIELDS, read_iias
from agreements.models import Agreement, CooperationCondition, Institution, ReceivedIia
from core import xmldocs
from tests import factories

pytestmark = pytest.mark.django_db

EXAMPLE_PATH = xmldocs.STANDARDS / "ewp/ewp-specs-api-iias/endpoints/get-response-example.xml"
EXAMPLE = EXAMPLE_PATH.read_bytes()
ELMO_EXAMPLE = (xmldocs.STANDARDS / "elmo/example.xml").read_bytes()
UPLOAD_URL = "/agreements/iia/"
UW_IIA_ID = "0f7a5682-faf7-49a7-9cc7-ec486c49a281"
UW_CODE = "983/E+/III14&15"

# The example's conditions as seen from hibo.no (our university in these tests): what we keep of
# each, field by field.
EXAMPLE_CONDITIONS = {
    ("incoming", "study"): {
        "places_per_year": 2,
        "months_per_year": Decimal("5"),
        "days_per_year": None,
        "subject_areas": "0314",
        "study_levels": "master,doctoral",
        "language": "English",
        "language_level": "B1",
        "other_language_skills": "no B1",
        "first_academic_year": "2014-2015",
        "last_academic_year": "2020-2021",
        "blended": False,
    },
    ("incoming", "traineeship"): {
        "places_per_year": 10,
        "months_per_year": Decimal("10"),
        "days_per_year": None,
        "subject_areas": "0314",
        "study_levels": "",
        "language": "Norwegian",
        "language_level": "B1",
        "other_language_skills": "",
        "first_academic_year": "2014-2015",
        "last_academic_year": "2020-2021",
        "blended": False,
    },
    ("incoming", "teaching"): {
        "places_per_year": 2,
        "months_per_year": None,
        "days_per_year": 8,
        "subject_areas": "0314",
        "study_levels": "",
        "language": "English",
        "language_level": "C1",
        "other_language_skills": "",
        "first_academic_year": "2016-2017",
        "last_academic_year": "2017-2018",
        "blended": False,
    },
    ("outgoing", "teaching"): {
        "places_per_year": 2,
        "months_per_year": None,
        "days_per_year": 14,
        "subject_areas": "0314",
        "study_levels": "",
        "language": "English",
        "language_level": "C1",
        "other_language_skills": "",
        "first_academic_year": "2016-2017",
        "last_academic_year": "2017-2018",
        "blended": False,
    },
    ("outgoing", "training"): {
        "places_per_year": 2,
        "months_per_year": None,
        "days_per_year": 14,
        "subject_areas": "0314",
        "study_levels": "",
        "language": "English",
        "language_level": "B2",
        "other_language_skills": "",
        "first_academic_year": "2016-2017",
        "last_academic_year": "2017-2018",
        "blended": False,
    },
}


@pytest.fixture
def hibo(db):
    """Our university, as hibo.no of the official example."""
    return factories.HomeInstitutionFactory(code="hibo.no")


def condition_values(condition) -> dict:
    return {name: getattr(condition, name) for name in CONDITION_FIELDS}


def stored_conditions(agreement: Agreement) -> dict:
    return {(c.direction, c.mobility_type): condition_values(c) for c in agreement.conditions.all()}


def upload_page(django_app, user, content: bytes, name: str = "iias.xml"):
    """Uploads a document through the form the agreements list links to."""
    listing = django_app.get("/agreements/", user=user)
    page = listing.click(href=UPLOAD_URL)
    form = page.forms["iia-upload-form"]
    form["file"] = Upload(name, content, "application/xml")
    return form.submit()


def received_from(content: bytes, user, name: str = "iias.xml") -> ReceivedIia:
    received, _created = services.received_iia_upload(data=content, original_name=name, by=user)
    return received


# --- The official example -----------------------------------------------------------------


def test_the_official_example_creates_its_agreement_and_partner_with_every_condition(
    django_app, staff, hibo
):
    page = upload_page(django_app, staff, EXAMPLE, "get-response-example.xml").follow()

    assert "uw.edu.pl" in page.text
    assert page.html.select_one("#iia-0-no-match")
    page = page.click(href="/agreements/iia/.*/0/create/")
    assert "2014/E+/PL/4104B" not in page.html.select("#iia-create-agreement dd")[1].get_text()
    form = page.forms["iia-create-form"]
    assert form["partner_country"].value == "PL"  # from the .pl of uw.edu.pl
    form["partner_name"] = "University of Warsaw"
    form["partner_city"] = "Warsaw"
    agreement_page = form.submit().follow()

    agreement = Agreement.objects.get()
    assert agreement_page.request.path == agreement.get_absolute_url()
    partner = agreement.partner
    assert (partner.name, partner.city, partner.country.code, partner.code) == (
        "University of Warsaw",
        "Warsaw",
        "PL",
        "uw.edu.pl",
    )
    assert sorted(partner.contacts.values_list("name", "email")) == [
        ("Jadwiga Kowalska", "email@example.com"),
        ("Sylwia Nowak", "email@example.com"),
    ]
    assert agreement.number == UW_CODE  # the partner's iia-code
    assert agreement.partner_iia_id == UW_IIA_ID
    assert agreement.valid_from == datetime.date(2014, 9, 1)
    assert agreement.valid_until == datetime.date(2021, 8, 31)
    assert agreement.date_signed is None  # the example gives no signing date
    assert agreement.signatories == "Sylwia Nowak (uw.edu.pl)\nMonica Turner (hibo.no)"
    assert stored_conditions(agreement) == EXAMPLE_CONDITIONS
    received = ReceivedIia.objects.get()
    assert received.agreement == agreement
    assert bytes(received.content) == EXAMPLE
    assert received.original_name == "get-response-example.xml"
    record = agreement.history.get()
    assert record.history_user == staff
    assert "get-response-example.xml" in record.history_change_reason


def test_the_example_seen_from_the_other_side_uses_the_partner_we_know_and_our_identifier(staff):
    factories.HomeInstitutionFactory(code="uw.edu.pl", country="PL")
    hibo_partner = factories.InstitutionFactory(code="hibo.no", country="NO", name="HiBo")
    received = received_from(EXAMPLE, staff)

    agreement = services.agreement_create_from_iia(received=received, index=0, by=staff)

    assert agreement.partner == hibo_partner
    assert Institution.objects.count() == 2
    assert agreement.number == "2014/E+/PL/4104B"
    assert agreement.partner_iia_id == "1954991"
    # The copy carries our own identifier for the agreement: it is kept.
    assert str(agreement.iia_id) == UW_IIA_ID
    assert set(stored_conditions(agreement)) == {
        ("outgoing", "study"),
        ("outgoing", "traineeship"),
        ("outgoing", "teaching"),
        ("incoming", "teaching"),
        ("incoming", "training"),
    }


def test_the_create_page_lists_what_the_register_does_not_keep(django_app, staff, hibo):
    received = received_from(EXAMPLE, staff)

    page = django_app.get(f"/agreements/iia/{received.pk}/0/create/", user=staff)

    not_kept = page.html.select_one("#iia-not-kept-0").get_text(" ", strip=True)
    assert "organisational unit 140" in not_kept
    assert "4a483112-d306-4e77-87ff-05b823fb0e0f" in not_kept  # the pdf-file
    assert "1 September" in page.text


def test_the_same_document_uploaded_twice_is_kept_once(django_app, staff, hibo):
    first = upload_page(django_app, staff, EXAMPLE).follow()
    second = upload_page(django_app, staff, EXAMPLE).follow()

    assert ReceivedIia.objects.count() == 1
    assert first.request.path == second.request.path
    assert "uploaded before" in second.text


# --- Compare copies ------------------------------------------------------------------------


@pytest.fixture
def held(hibo):
    """Our copy of the example's agreement, with some differences from it."""
    partner = factories.InstitutionFactory(code="uw.edu.pl", country="PL", name="UW")
    agreement = factories.AgreementFactory(
        partner=partner,
        number=UW_CODE,
        valid_from=datetime.date(2014, 9, 1),
        valid_until=datetime.date(2021, 8, 31),
        date_signed=None,
        signatories="Sylwia Nowak (uw.edu.pl)\nMonica Turner (hibo.no)",
    )
    study = dict(EXAMPLE_CONDITIONS["incoming", "study"])
    study.update(
        places_per_year=3,
        months_per_year=Decimal("6"),
        language="Английский",  # the same language as "en", written in Russian
        first_academic_year="",  # follows the agreement's dates: 2014-2015
        last_academic_year="",
    )
    factories.CooperationConditionFactory(
        agreement=agreement, direction="incoming", mobility_type="study", **study
    )
    factories.CooperationConditionFactory(
        agreement=agreement,
        direction="incoming",
        mobility_type="research",
        months_per_year=None,
        days_per_year=10,
    )
    return agreement


def compare_page(django_app, user, received: ReceivedIia):
    page = django_app.get(received.get_absolute_url(), user=user)
    return page.click(href=f"/agreements/iia/{received.pk}/0/compare/")


def test_a_copy_of_an_agreement_we_hold_shows_every_difference(django_app, staff, held):
    page = upload_page(django_app, staff, EXAMPLE).follow()
    assert page.html.select_one("#iia-0-match")
    page = page.click(href="/compare/")

    differing = {
        row.find("td").find(string=True).strip()
        for row in page.html.select("#iia-comparison tr[data-differs]")
    }
    assert "places per academic year" in differing
    assert "months per year" in differing
    # Written differently, meaning the same: not a difference.
    assert "language of instruction" not in differing
    assert "first academic year" not in differing
    keys = {box["value"] for box in page.html.select("input[name=take]")}
    assert keys == {
        "c:incoming:study:places_per_year",
        "c:incoming:study:months_per_year",
        "n:incoming:traineeship",
        "n:incoming:teaching",
        "n:outgoing:teaching",
        "n:outgoing:training",
        "a:partner_iia_id",
    }
    assert "only in our copy" in page.text  # research: kept, not offered for removal
    assert "8 differences" in page.html.select_one("#difference-count").get_text(" ", strip=True)


def test_taking_two_differences_changes_only_those_and_the_history_says_who_and_why(
    django_app, staff, held
):
    received = received_from(EXAMPLE, staff, "from-warsaw.xml")
    before = stored_conditions(held)
    page = compare_page(django_app, staff, received)
    form = page.forms["iia-compare-form"]
    for field in form.fields["take"]:
        if field._value in ("c:incoming:study:places_per_year", "n:incoming:traineeship"):
            field.checked = True

    form.submit().follow()

    held.refresh_from_db()
    after = stored_conditions(held)
    assert after["incoming", "study"] == {**before["incoming", "study"], "places_per_year": 2}
    assert after["incoming", "traineeship"] == EXAMPLE_CONDITIONS["incoming", "traineeship"]
    assert after["incoming", "research"] == before["incoming", "research"]
    assert set(after) == {
        ("incoming", "study"),
        ("incoming", "traineeship"),
        ("incoming", "research"),
    }
    assert held.partner_iia_id == ""  # not ticked
    study = held.conditions.get(mobility_type="study")
    record = study.history.first()
    assert record.history_user == staff
    assert record.history_change_reason == "from the partner's IIA from-warsaw.xml"
    assert study.history.count() == 2
    received.refresh_from_db()
    assert received.agreement == held
    agreement_page = django_app.get(held.get_absolute_url(), user=staff)
    assert "from the partner's IIA from-warsaw.xml" in agreement_page.html.get_text()


def test_submitting_without_a_tick_changes_nothing_and_says_why(django_app, staff, held):
    received = received_from(EXAMPLE, staff)
    page = compare_page(django_app, staff, received)

    answer = page.forms["iia-compare-form"].submit()

    assert "Tick at least one difference" in answer.text
    assert CooperationCondition.objects.count() == 2


def test_an_archived_agreement_is_compared_but_takes_nothing(django_app, staff, held):
    services.agreement_archive(agreement=held, by=staff)
    received = received_from(EXAMPLE, staff)

    page = compare_page(django_app, staff, received)

    assert page.html.select_one("#read-only-reason")
    assert not page.html.select("input[name=take]")


def test_a_copy_matches_by_our_identifier_or_the_partners(staff, held):
    held.number = "OUR-1"
    held.partner_iia_id = UW_IIA_ID
    held.save()
    copy = iia_compare.read_document(EXAMPLE)[0]

    assert iia_compare.matching_agreement(copy) == held


def test_another_partners_document_does_not_match(django_app, staff, hibo):
    # The same number, with another partner: not the same agreement.
    other = factories.InstitutionFactory(code="turiba.lv", name="Turiba")
    factories.AgreementFactory(partner=other, number=UW_CODE)
    # The same partner, other codes: not the same agreement either.
    warsaw = factories.InstitutionFactory(code="uw.edu.pl", country="PL", name="UW")
    factories.AgreementFactory(partner=warsaw, number="UW-2030")

    page = upload_page(django_app, staff, EXAMPLE).follow()

    assert page.html.select_one("#iia-0-no-match")
    assert not page.html.select_one("#iia-0-compare")
    received = ReceivedIia.objects.get()
    answer = django_app.get(f"/agreements/iia/{received.pk}/0/compare/", user=staff).follow()
    assert answer.request.path == received.get_absolute_url()


# --- Bad files ----------------------------------------------------------------------------

DEEP = b"<a>" * 200 + b"</a>" * 200
BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    b"<iias-get-response>&lol2;</iias-get-response>"
)
WITHOUT_HASH = EXAMPLE.replace(
    b"<iia-hash>e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4</iia-hash>", b""
)
NOT_WITH_US = EXAMPLE.replace(b"hibo.no", b"uio.no")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not xml", "not an XML document"),
        (b"<iias-get-response>", "not well-formed XML"),
        (ELMO_EXAMPLE, "This is not an EWP IIAs v7 get response document"),
        (BOMB, "DOCTYPE"),
        (DEEP, "nests its elements"),
        (WITHOUT_HASH, "Line "),
        (NOT_WITH_US, "None of the document's agreements is with our university (hibo.no)"),
        (
            b'<iias-get-response xmlns="' + xmldocs.IIAS_NS.encode() + b'"/>',
            "holds no agreement",
        ),
    ],
    ids=["not-xml", "broken", "elmo", "doctype-bomb", "too-deep", "schema", "not-ours", "empty"],
)
def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_kept(
    django_app, staff, hibo, content, message, media_files
):
    answer = upload_page(django_app, staff, content)

    assert answer.status_code == 200
    assert message in answer.html.select_one("#iia-upload-form").get_text(" ", strip=True)
    assert ReceivedIia.objects.count() == 0
    assert Agreement.objects.count() == 0
    assert media_files() == []


def test_a_schema_error_is_named_with_its_line(django_app, staff, hibo):
    answer = upload_page(django_app, staff, WITHOUT_HASH)

    errors = answer.html.select_one("#iia-upload-form").get_text(" ", strip=True)
    assert "does not follow the EWP IIAs v7 get response schema" in errors
    assert "Line 154:" in errors
    assert "iia-hash" in errors


def test_without_our_own_code_the_document_is_refused_with_how_to_fix_it(django_app, staff):
    factories.HomeInstitutionFactory(code="")

    answer = upload_page(django_app, staff, EXAMPLE)

    assert "Give our university its code" in answer.text
    assert ReceivedIia.objects.count() == 0


# --- Who may --------------------------------------------------------------------------------


@pytest.fixture
def pages(staff, hibo) -> list[str]:
    received = received_from(EXAMPLE, staff)
    return [
        UPLOAD_URL,
        received.get_absolute_url(),
        f"/agreements/iia/{received.pk}/0/compare/",
        f"/agreements/iia/{received.pk}/0/create/",
    ]


@pytest.mark.parametrize("who", ["student", "registrar"])
def test_students_and_the_registrar_are_refused_every_page(django_app, pages, who, request):
    user = request.getfixturevalue(who)
    for url in pages:
        assert django_app.get(url, user=user, expect_errors=True).status_code == 403, url
        answer = django_app.post(url, user=user, expect_errors=True)
        assert answer.status_code == 403, url
    assert Agreement.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login_page(django_app, pages):
    for url in pages:
        answer = django_app.get(url)
        assert answer.status_code == 302
        assert answer.location.startswith(resolve_url(settings.LOGIN_URL))


def test_the_list_links_to_the_upload_only_for_staff(django_app, staff, registrar):
    assert django_app.get("/agreements/", user=staff).html.select_one("#iia-upload-link")
    assert not django_app.get("/agreements/", user=registrar).html.select_one("#iia-upload-link")


def test_a_copy_that_is_not_in_the_document_is_not_found(django_app, staff, pages):
    received = ReceivedIia.objects.get()
    answer = django_app.get(
        f"/agreements/iia/{received.pk}/1/compare/", user=staff, expect_errors=True
    )
    assert answer.status_code == 404


def test_the_upload_page_lists_the_documents_in_a_fixed_number_of_queries(
    django_app, staff, hibo, django_assert_max_num_queries
):
    for number in range(5):
        received_from(EXAMPLE.replace(b"1954991", f"19549{number}".encode()), staff)
    django_app.get(UPLOAD_URL, user=staff)  # sessions and permissions warmed up

    with django_assert_max_num_queries(8):
        page = django_app.get(UPLOAD_URL, user=staff)

    assert len(page.html.select("#received-iias tbody tr")) == 5


# --- Round trip ---------------------------------------------------------------------------


def test_an_agreement_created_from_the_example_exports_the_same_conditions(staff, hibo):
    hibo.erasmus_code = "N BODO01"
    hibo.save()
    received = received_from(EXAMPLE, staff)
    agreement = services.agreement_create_from_iia(
        received=received,
        index=0,
        by=staff,
        partner_name="University of Warsaw",
        partner_city="Warsaw",
        partner_country="PL",
    )

    written = iia_write.agreement_iia(agreement)

    assert xmldocs.schema_errors(xmldocs.parse(written), "iia") == []
    (again,) = read_iias(written, home_code="hibo.no")
    (original,) = read_iias(EXAMPLE, home_code="hibo.no")
    assert {c.key: c.values() for c in again.conditions} == {
        c.key: c.values() for c in original.conditions
    }
    assert {c.key: c.values() for c in again.conditions} == stored_conditions(agreement)
    assert again.theirs.hei_id == "uw.edu.pl"


def test_our_own_document_sent_back_by_the_partner_differs_only_where_the_partner_changed_it(
    django_app, staff, hibo
):
    partner = factories.InstitutionFactory(code="turiba.lv", country="LV", name="Turiba")
    agreement = factories.AgreementFactory(
        partner=partner,
        number="LV-2021/04",
        valid_from=datetime.date(2021, 5, 1),
        valid_until=datetime.date(2027, 8, 31),
        date_signed=datetime.date(2021, 4, 20),
        signatories="Rector of ours\nRector of Turiba",
    )
    factories.CooperationConditionFactory(
        agreement=agreement,
        direction="outgoing",
        mobility_type="study",
        places_per_year=4,
        months_per_year=Decimal("5"),
        days_per_year=None,
        language="English",
        language_level="B2",
    )
    page = django_app.get(agreement.get_absolute_url(), user=staff)
    written = page.click(href=f"/agreements/{agreement.pk}/iia.xml").body
    # The partner's system adds its own identifier and one more place for our students.
    changed = written.replace(
        b"<mobilities-per-year>4</mobilities-per-year>",
        b"<mobilities-per-year>5</mobilities-per-year>",
    ).replace(b"<hei-id>turiba.lv</hei-id>", b"<hei-id>turiba.lv</hei-id><iia-id>TUR-7</iia-id>")

    page = upload_page(django_app, staff, changed).follow().click(href="/compare/")

    keys = {box["value"] for box in page.html.select("input[name=take]")}
    assert keys == {"c:outgoing:study:places_per_year", "a:partner_iia_id"}
    agreement_page = django_app.get(agreement.get_absolute_url(), user=staff)
    assert "iias.xml" in agreement_page.html.select_one("#iia-received").text


def test_who_may_not_add_partners_is_shown_no_form_for_a_copy_from_a_new_partner(
    django_app, django_app_factory, staff, hibo
):
    received = received_from(EXAMPLE, staff)
    limited = factories.UserFactory()
    limited.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="agreements",
            codename__in=["view_agreement", "change_agreement", "add_agreement"],
        )
    )
    url = f"/agreements/iia/{received.pk}/0/create/"

    page = django_app.get(url, user=limited)

    assert "iia-create-form" not in page.forms
    assert page.html.select_one("#iia-create-refused")
    # Sent anyway (no CSRF check, so that the refusal is the view's own): refused.
    django_app_factory(csrf_checks=False).post(url, user=limited, status=403)
    assert not Agreement.objects.exists()
