"""Agreements out as Erasmus Without Paper IIAs v7: the get-response of one agreement, the index of
a partner's agreements, what the register lacks, and who may download them."""

from datetime import date
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from agreements import iia_write
from agreements.models import Agreement
from core.xmldocs import IIAS_INDEX_NS, IIAS_NS, parse, schema_errors
from tests.factories import (
    AgreementFactory,
    ContactFactory,
    CooperationConditionFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
)

pytestmark = pytest.mark.django_db

NS = {
    "i": IIAS_NS,
    "c": "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1",
    "p": iia_write.PHONE_NS,
    "x": IIAS_INDEX_NS,
}


def texts(element, path: str) -> list[str]:
    return [found.text for found in element.xpath(path, namespaces=NS)]


def text(element, path: str) -> str:
    (found,) = texts(element, path)
    return found


@pytest.fixture
def home(db):
    home = HomeInstitutionFactory(name="Kazakh University of Tourism and Hospitality")
    home.code = "kuth.edu.kz"
    home.save()
    ContactFactory(
        institution=home,
        name="Dana Abenova",
        position="Head of the Academic Mobility Office",
        email="mobility@kuth.example",
        phone="+7 727 000 00 01",
    )
    return home


@pytest.fixture
def turiba(db):
    partner = InstitutionFactory(
        name="Turiba University", code="turiba.lv", erasmus_code="LV RIGA27", country="LV"
    )
    ContactFactory(
        institution=partner,
        name="Elīna Paraugs",
        position="International Relations Coordinator",
        email="international@turiba.example",
        phone="+371 6000 0101",
    )
    return partner


def condition(agreement, direction, mobility_type, **fields):
    defaults = {
        "places_per_year": 2,
        "months_per_year": None,
        "days_per_year": None,
        "subject_areas": "1015, 1013",
        "study_levels": "",
        "language": "English",
        "language_level": "",
    }
    return CooperationConditionFactory(
        agreement=agreement,
        direction=direction,
        mobility_type=mobility_type,
        **(defaults | fields),
    )


@pytest.fixture
def agreement(home, turiba):
    """Like the demo's agreement with Turiba, with every kind of condition an IIA carries."""
    agreement = AgreementFactory(
        partner=turiba,
        number="LV-2021/04",
        date_signed=date(2021, 4, 20),
        valid_from=date(2021, 5, 1),
        valid_until=date(2027, 8, 31),
        signatories=(
            "Rector, Kazakh University of Tourism and Hospitality\nRector, Turiba University"
        ),
        partner_iia_id="1954991",
    )
    condition(
        agreement,
        "outgoing",
        "study",
        places_per_year=4,
        months_per_year=5,
        study_levels="bachelor,master",
        language_level="B2",
        other_language_skills="de B1, fr",
        first_academic_year="2024-2025",
        last_academic_year="2026-2027",
        blended=True,
    )
    condition(
        agreement,
        "incoming",
        "study",
        months_per_year=4.5,
        study_levels="bachelor",
        language="Russian",
        language_level="B1",
    )
    condition(agreement, "outgoing", "teaching", days_per_year=5, language_level="C1")
    condition(agreement, "incoming", "training", places_per_year=1, days_per_year=7, language="")
    condition(agreement, "outgoing", "traineeship", months_per_year=3, subject_areas="1013")
    return agreement


def document(agreement):
    return parse(iia_write.agreement_iia(agreement))


def spec(tree, name: str, sending: str):
    (found,) = tree.xpath(
        f"//i:cooperation-conditions/i:{name}[i:sending-hei-id='{sending}']", namespaces=NS
    )
    return found


# The document


def test_the_agreement_document_validates_against_the_iia_schema(agreement):
    tree = document(agreement)

    assert schema_errors(tree, "iia") == []
    assert etree.QName(tree.getroot()).localname == "iias-get-response"


def test_our_university_comes_first_with_its_ids_number_signer_date_and_contacts(agreement):
    ours, theirs = document(agreement).xpath("//i:iia/i:partner", namespaces=NS)

    assert text(ours, "i:hei-id") == "kuth.edu.kz"
    assert text(ours, "i:iia-id") == str(agreement.iia_id)
    assert text(ours, "i:iia-code") == "LV-2021/04"
    assert text(ours, "i:signing-date") == "2021-04-20"
    assert text(ours, "i:signing-contact/c:contact-name") == (
        "Rector, Kazakh University of Tourism and Hospitality"
    )
    assert text(ours, "c:contact/c:contact-name") == "Dana Abenova"
    assert text(ours, "c:contact/c:email") == "mobility@kuth.example"
    assert text(ours, "c:contact/p:phone-number/p:e164") == "+77270000001"
    assert text(ours, "c:contact/c:role-description") == "Head of the Academic Mobility Office"
    assert text(theirs, "i:hei-id") == "turiba.lv"
    assert text(theirs, "i:iia-id") == "1954991"
    assert texts(theirs, "i:iia-code") == []
    assert text(theirs, "i:signing-contact/c:contact-name") == "Rector, Turiba University"
    assert text(theirs, "c:contact/c:contact-name") == "Elīna Paraugs"
    assert text(theirs, "c:contact/c:email") == "international@turiba.example"


def test_a_partner_iia_id_not_yet_known_is_left_out(agreement):
    agreement.partner_iia_id = ""
    agreement.save()

    tree = document(agreement)

    assert texts(tree, "//i:partner[2]/i:iia-id") == []
    assert schema_errors(tree, "iia") == []


def test_a_signed_agreement_is_in_effect_and_a_proposal_is_not(agreement):
    assert text(document(agreement), "//i:in-effect") == "true"

    agreement.date_signed = None
    agreement.valid_from = timezone.localdate().replace(year=timezone.localdate().year + 1)
    agreement.valid_until = None
    agreement.save()
    agreement.conditions.update(last_academic_year="2035-2036")

    assert text(document(agreement), "//i:in-effect") == "false"


def test_each_condition_names_its_sending_and_receiving_partner(agreement):
    tree = document(agreement)

    sides = [
        (etree.QName(element).localname, text(element, "i:sending-hei-id"))
        for element in tree.xpath("//i:cooperation-conditions/*", namespaces=NS)
    ]
    assert sides == [
        ("student-studies-mobility-spec", "kuth.edu.kz"),
        ("student-studies-mobility-spec", "turiba.lv"),
        ("student-traineeship-mobility-spec", "kuth.edu.kz"),
        ("staff-teacher-mobility-spec", "kuth.edu.kz"),
        ("staff-training-mobility-spec", "turiba.lv"),
    ]
    outgoing_study = spec(tree, "student-studies-mobility-spec", "kuth.edu.kz")
    assert text(outgoing_study, "i:receiving-hei-id") == "turiba.lv"
    assert text(spec(tree, "staff-training-mobility-spec", "turiba.lv"), "i:receiving-hei-id") == (
        "kuth.edu.kz"
    )


def test_student_study_carries_years_places_months_levels_languages_and_subjects(agreement):
    outgoing = spec(document(agreement), "student-studies-mobility-spec", "kuth.edu.kz")

    assert text(outgoing, "i:receiving-first-academic-year-id") == "2024/2025"
    assert text(outgoing, "i:receiving-last-academic-year-id") == "2026/2027"
    assert text(outgoing, "i:mobilities-per-year") == "4"
    assert [
        (text(skill, "i:language"), texts(skill, "i:cefr-level"))
        for skill in outgoing.xpath("i:recommended-language-skill", namespaces=NS)
    ] == [("en", ["B2"]), ("de", ["B1"]), ("fr", [])]
    assert texts(outgoing, "i:subject-area/i:isced-f-code") == ["1015", "1013"]
    assert text(outgoing, "i:total-months-per-year") == "5"
    assert text(outgoing, "i:blended") == "true"
    assert texts(outgoing, "i:eqf-level") == ["6", "7"]


def test_a_condition_without_its_own_years_runs_for_the_years_of_the_agreement(agreement):
    incoming = spec(document(agreement), "student-studies-mobility-spec", "turiba.lv")

    # Valid from 1 May 2021 (academic year 2020/2021) to 31 August 2027 (2026/2027).
    assert text(incoming, "i:receiving-first-academic-year-id") == "2020/2021"
    assert text(incoming, "i:receiving-last-academic-year-id") == "2026/2027"
    assert text(incoming, "i:total-months-per-year") == "4.5"
    assert text(incoming, "i:blended") == "false"
    assert texts(incoming, "i:eqf-level") == ["6"]
    assert texts(incoming, "i:recommended-language-skill/i:language") == ["ru"]
    assert texts(incoming, "i:recommended-language-skill/i:cefr-level") == ["B1"]


def test_staff_conditions_carry_days_and_no_months_or_levels(agreement):
    tree = document(agreement)
    teaching = spec(tree, "staff-teacher-mobility-spec", "kuth.edu.kz")
    training = spec(tree, "staff-training-mobility-spec", "turiba.lv")

    assert text(teaching, "i:total-days-per-year") == "5"
    assert texts(teaching, "i:recommended-language-skill/i:cefr-level") == ["C1"]
    assert texts(teaching, "i:total-months-per-year | i:eqf-level | i:blended") == []
    assert text(training, "i:total-days-per-year") == "7"
    assert text(training, "i:mobilities-per-year") == "1"
    # A training without a language is allowed by the format.
    assert texts(training, "i:recommended-language-skill") == []


def test_the_traineeship_is_a_student_traineeship_spec(agreement):
    traineeship = spec(document(agreement), "student-traineeship-mobility-spec", "kuth.edu.kz")

    assert text(traineeship, "i:total-months-per-year") == "3"
    assert texts(traineeship, "i:subject-area/i:isced-f-code") == ["1013"]


def test_research_is_left_out_and_the_document_says_so(agreement):
    condition(agreement, "outgoing", "research", language="")

    content = iia_write.agreement_iia(agreement)
    tree = parse(content)

    assert schema_errors(tree, "iia") == []
    assert len(tree.xpath("//i:cooperation-conditions/*", namespaces=NS)) == 5
    assert b"Outgoing \xc2\xb7 research is left out" in content


def test_the_hash_is_the_sha256_of_the_canonical_conditions_and_follows_them(agreement):
    tree = document(agreement)
    (conditions,) = tree.xpath("//i:cooperation-conditions", namespaces=NS)
    first = text(tree, "//i:iia-hash")

    assert first == iia_write.conditions_hash(conditions)
    assert len(first) == 64
    assert text(document(agreement), "//i:iia-hash") == first
    agreement.conditions.filter(mobility_type="teaching").update(places_per_year=3)
    assert text(document(agreement), "//i:iia-hash") != first


# What the register lacks


def test_a_complete_agreement_misses_nothing(agreement):
    assert iia_write.iia_missing(agreement) == []


def test_what_is_missing_is_named_in_words_staff_act_on(home, turiba, agreement):
    home.code = ""
    home.save()
    turiba.code = ""
    turiba.save()
    agreement.conditions.filter(direction="outgoing", mobility_type="study").update(
        places_per_year=None, language="Klingon", subject_areas="101"
    )
    agreement.conditions.filter(mobility_type="teaching").update(language="")

    assert iia_write.iia_missing(agreement) == [
        "Our university has no SCHAC code: add it on its page.",
        "Turiba University has no SCHAC code: add it on its page.",
        "Outgoing · student study has no places per year: an IIA needs how many may go each year.",
        "Outgoing · student study: the language Klingon has no code; write it as its two-letter "
        "code, for example en.",
        "Outgoing · student study: the ISCED-F code 101 has fewer than four digits; an IIA needs "
        "the four-digit code, for example 1015.",
        "Outgoing · staff teaching has no language of instruction: an IIA needs at least one.",
    ]
    with pytest.raises(ValidationError) as refused:
        iia_write.agreement_iia(agreement)
    assert refused.value.messages == iia_write.iia_missing(agreement)


def test_an_open_ended_agreement_needs_the_last_year_of_each_condition(agreement):
    agreement.valid_until = None
    agreement.save()

    missing = iia_write.iia_missing(agreement)

    assert (
        "Incoming · student study has no last academic year and the agreement is open-ended: "
        "give the condition's last academic year." in missing
    )
    # The outgoing study gives its own years.
    assert not [line for line in missing if line.startswith("Outgoing · student study")]
    agreement.conditions.update(last_academic_year="2030-2031")
    assert iia_write.iia_missing(agreement) == []
    assert schema_errors(document(agreement), "iia") == []


def test_without_our_university_or_conditions_nothing_can_be_written(turiba):
    agreement = AgreementFactory(partner=turiba)

    assert iia_write.iia_missing(agreement) == [
        "No institution is marked as our university: ask the administrator to mark ours in the "
        "register.",
        "The agreement has no cooperation conditions: add them.",
    ]


def test_an_agreement_of_research_only_cannot_be_sent(home, turiba):
    agreement = AgreementFactory(partner=turiba)
    condition(agreement, "outgoing", "research", language="")

    assert iia_write.iia_missing(agreement) == [
        "The agreement has only conditions an IIA cannot carry: an IIA needs student studies, "
        "student traineeships, staff teaching or staff training."
    ]


# The index


def test_the_index_lists_exactly_the_partners_agreements_not_archived(agreement, turiba, staff):
    second = AgreementFactory(partner=turiba, number="LV-2024/01")
    AgreementFactory(partner=turiba, number="LV-2019/02", archived_at=timezone.now())
    AgreementFactory(partner=InstitutionFactory(code="other.example"))

    tree = parse(iia_write.partner_iia_index(turiba))

    assert schema_errors(tree, "iia-index") == []
    assert sorted(texts(tree, "//x:iia-id")) == sorted([str(agreement.iia_id), str(second.iia_id)])


def test_the_index_of_a_partner_without_agreements_is_empty_and_valid(db):
    tree = parse(iia_write.partner_iia_index(InstitutionFactory()))

    assert schema_errors(tree, "iia-index") == []
    assert texts(tree, "//x:iia-id") == []


# Pages


def iia_url(agreement) -> str:
    return reverse("agreements:agreement_iia", args=[agreement.pk])


def index_url(partner) -> str:
    return reverse("agreements:partner_iia_index", args=[partner.pk])


def test_staff_download_the_agreement_from_its_page(django_app, staff, agreement):
    page = django_app.get(agreement.get_absolute_url(), user=staff)

    response = page.click(href=iia_url(agreement))

    assert response.content_type == "application/xml"
    assert response.headers["Content-Disposition"] == 'attachment; filename="IIA-LV-2021-04.xml"'
    assert schema_errors(parse(response.body), "iia") == []
    assert "#iia-missing" not in page


def test_the_page_lists_what_is_missing_with_links_to_add_it(django_app, staff, agreement, home):
    home.code = ""
    home.save()
    agreement.conditions.filter(mobility_type="teaching").update(places_per_year=None)
    condition(agreement, "incoming", "research", language="")

    page = django_app.get(agreement.get_absolute_url(), user=staff)

    missing = page.html.select_one("#iia-missing")
    assert [item.get_text(" ", strip=True) for item in missing.select("li")] == [
        "Our university has no SCHAC code: add it on its page. Add it",
        "Outgoing · staff teaching has no places per year: an IIA needs how many may go each "
        "year. Add it",
    ]
    assert [link["href"] for link in missing.select("a")] == [
        reverse("agreements:institution_edit", args=[home.pk]),
        reverse("agreements:agreement_edit", args=[agreement.pk]),
    ]
    assert page.html.select_one("#iia-download") is None
    assert "Incoming · research is left out" in page.html.select_one("#iia-notes").text


def test_the_download_says_what_is_missing(django_app, staff, agreement, turiba):
    turiba.code = ""
    turiba.save()

    response = django_app.get(iia_url(agreement), user=staff)

    assert response.status_code == 302
    assert response.location == agreement.get_absolute_url()
    page = response.follow()
    assert (
        "Agreement LV-2021/04 cannot be downloaded as an EWP IIA yet. Missing: Turiba University "
        "has no SCHAC code: add it on its page." in page.text
    )


def test_the_registrar_reads_what_is_missing_without_links_to_edit(
    django_app, registrar, agreement, turiba
):
    turiba.code = ""
    turiba.save()

    page = django_app.get(agreement.get_absolute_url(), user=registrar)

    missing = page.html.select_one("#iia-missing")
    assert "Turiba University has no SCHAC code" in missing.text
    assert missing.select("li a") == []


def test_the_registrar_may_download_like_the_agreement_page(django_app, registrar, agreement):
    assert django_app.get(iia_url(agreement), user=registrar).content_type == "application/xml"
    assert (
        django_app.get(index_url(agreement.partner), user=registrar).content_type
        == "application/xml"
    )


def test_the_partner_page_links_the_index(django_app, staff, agreement, turiba, home):
    page = django_app.get(turiba.get_absolute_url(), user=staff)

    response = page.click(href=index_url(turiba))

    assert response.content_type == "application/xml"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="IIA-index-turiba.lv.xml"'
    )
    assert texts(parse(response.body), "//x:iia-id") == [str(agreement.iia_id)]
    assert not django_app.get(home.get_absolute_url(), user=staff).html.select("#iia-index")
    assert django_app.get(index_url(home), user=staff, status=404)


def test_the_agreement_page_shows_the_new_condition_fields_and_the_erasmus_code(
    django_app, staff, agreement
):
    page = django_app.get(agreement.get_absolute_url(), user=staff)

    assert page.html.select_one("#partner-erasmus-code").text == "Erasmus code LV RIGA27"
    assert "also de B1, fr" in page.text
    assert "2024-2025 – 2026-2027" in page.text
    assert "blended" in page.text
    assert str(agreement.iia_id) in page.text
    assert "1954991" in page.text


@pytest.mark.parametrize("name", ["agreement_iia", "partner_iia_index"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, agreement, name):
    pk = agreement.pk if name == "agreement_iia" else agreement.partner.pk
    url = reverse(f"agreements:{name}", args=[pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


@pytest.mark.parametrize("name", ["agreement_iia", "partner_iia_index"])
def test_students_are_refused(student_client, agreement, name):
    pk = agreement.pk if name == "agreement_iia" else agreement.partner.pk

    assert student_client.get(reverse(f"agreements:{name}", args=[pk])).status_code == 403


def test_an_unknown_agreement_or_partner_is_not_found(staff_client, db):
    assert staff_client.get(reverse("agreements:agreement_iia", args=[999])).status_code == 404
    assert staff_client.get(reverse("agreements:partner_iia_index", args=[999])).status_code == 404


def test_the_agreement_page_stays_within_its_queries(
    django_app, staff, agreement, django_assert_max_num_queries
):
    django_app.get(agreement.get_absolute_url(), user=staff)  # sessions and caches warmed
    with django_assert_max_num_queries(20):
        django_app.get(agreement.get_absolute_url(), user=staff)


def test_archived_agreements_still_download(agreement):
    Agreement.objects.filter(pk=agreement.pk).update(archived_at=timezone.now())
    agreement.refresh_from_db()

    assert schema_errors(document(agreement), "iia") == []


def test_every_demo_agreement_validates_or_names_what_is_missing(demo):
    for agreement in Agreement.objects.select_related("partner"):
        missing = iia_write.iia_missing(agreement)
        if agreement.valid_until is None:
            # Open-ended: IIAs need a last academic year the register does not hold.
            assert missing and all("no last academic year" in line for line in missing)
            continue
        assert missing == [], agreement.number
        tree = document(agreement)
        assert schema_errors(tree, "iia") == [], agreement.number
        assert texts(tree, "//i:partner/i:hei-id") == ["kuth.edu.kz", agreement.partner.code]
