"""The report page shows the largest partners and cities, a bounded number of rows whatever the
register holds; the tables' downloads keep every row."""

import re

import pytest

from agreements.models import AcademicPeriod
from reports.selectors import ROWS_ON_PAGE
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    ApplicationFactory,
    InstitutionFactory,
)

QUERY = "scope=term&year=2022-2023&term=spring"


def register(
    partners: int, *, first: int = 0, country: str = "KZ", direction: str = "incoming"
) -> None:
    """Partners of one completed mobility each, in a city of their own, in the spring term of
    2022-2023; partner n is "Partner n" and its participant "Student n"."""
    spring = AcademicPeriod.objects.filter(
        academic_year="2022-2023", term=AcademicPeriod.Term.SPRING
    ).first() or AcademicPeriodFactory(academic_year="2022-2023", term=AcademicPeriod.Term.SPRING)
    for n in range(first, first + partners):
        partner = InstitutionFactory(name=f"Partner {n:03}", country=country, city=f"City {n:03}")
        ApplicationFactory(
            agreement=AgreementFactory(partner=partner),
            partner=partner,
            period=spring,
            state="completed",
            direction=direction,
            last_name=f"Student{n:03}",
        )


def section(content: str, key: str) -> str:
    return re.search(rf'<section[^>]*id="table-{key}".*?</section>', content, re.S).group(0)


def body_rows(html: str) -> int:
    return re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1).count("<tr>")


@pytest.mark.parametrize("key", ["partners", "cities"])
def test_the_page_shows_the_largest_rows_and_says_how_many_more_there_are(db, staff_client, key):
    register(ROWS_ON_PAGE + 7)

    table = section(staff_client.get(f"/reports/?{QUERY}").content.decode(), key)

    assert body_rows(table) == ROWS_ON_PAGE
    assert 'data-more-rows="7"' in table
    assert f"/reports/tables/{key}.csv?" in table


def test_the_table_download_keeps_every_row_the_page_leaves_out(db, staff_client):
    register(ROWS_ON_PAGE + 7)

    csv = staff_client.get(f"/reports/tables/partners.csv?{QUERY}").content.decode()

    # The header, a row per partner and the total.
    assert len(csv.strip().splitlines()) == 1 + ROWS_ON_PAGE + 7 + 1


def test_a_table_no_longer_than_the_bound_is_shown_whole(db, staff_client):
    register(3)

    table = section(staff_client.get(f"/reports/?{QUERY}").content.decode(), "partners")

    assert body_rows(table) == 3
    assert "data-more-rows" not in table


def test_the_partner_and_city_tables_do_not_grow_with_the_number_of_partners(db, staff_client):
    register(ROWS_ON_PAGE + 5)
    first = staff_client.get(f"/reports/?{QUERY}").content.decode()
    # Four times the bound now, in the same period.
    register(ROWS_ON_PAGE * 3, first=ROWS_ON_PAGE + 5)
    then = staff_client.get(f"/reports/?{QUERY}").content.decode()

    for key in ["partners", "cities"]:
        assert body_rows(section(then, key)) == body_rows(section(first, key)) == ROWS_ON_PAGE
        # Within the width of the other names, counts and "and N more".
        assert len(section(then, key)) < len(section(first, key)) * 1.1


def test_the_reports_text_is_printed_escaped_with_its_headings(db, staff_client):
    spring = AcademicPeriodFactory(academic_year="2022-2023", term=AcademicPeriod.Term.SPRING)
    partner = InstitutionFactory(name="<b>Bold</b> & Co", country="LV", city="Riga")
    ApplicationFactory(
        agreement=AgreementFactory(partner=partner),
        partner=partner,
        period=spring,
        state="completed",
        direction="outgoing",
        last_name="O'Brien",
    )

    content = staff_client.get(f"/reports/?{QUERY}").content.decode()

    text = re.search(r'id="report-text-body">(.*?)</div>', content, re.S).group(1)
    assert "<b>Bold</b>" not in text
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in text
    assert "O&#x27;Brien" in text
    # The title is the card's own heading; the sections after it are headings of their own.
    assert "Academic mobility: " not in text
    assert '<h3 class="h6 mt-3">Foreign academic mobility</h3>' in text
    assert text.count("<p>") >= 2


def foreign_register(partners: int, *, first: int = 0) -> None:
    """Foreign partners of one outgoing participant each, back from the spring term."""
    register(partners, first=first, country="LV", direction="outgoing")


def test_the_pages_text_names_the_largest_partners_and_links_to_the_whole_text(
    db, django_app, staff, staff_client
):
    foreign_register(ROWS_ON_PAGE + 7)
    big = InstitutionFactory(name="Largest Partner", country="PL", city="Warsaw")
    for _n in range(3):
        ApplicationFactory(
            agreement=AgreementFactory(partner=big),
            partner=big,
            period=AcademicPeriod.objects.get(academic_year="2022-2023", term="spring"),
            state="completed",
        )

    page = django_app.get(f"/reports/?{QUERY}", user=staff)
    text = re.search(r'id="report-text-body">(.*?)</div>', page.text, re.S).group(1)

    # The largest group first, then as many more as the tables show rows: 7 + 1 left out.
    assert "3 students completed foreign academic mobility at Largest Partner (Poland)" in text
    assert text.count("completed foreign academic mobility at Partner ") == ROWS_ON_PAGE - 1
    assert "…and 8 more partners, with fewer participants each." in text
    assert 'data-left-out="8"' in text
    assert page.html.find(id="report-whole-text")["href"] == f"/reports/text/?{QUERY}"
    # Copying the page would copy a shortened text: the whole text's page has the copy button.
    assert not page.html.select("#report-text [data-copy-target]")

    whole = page.click(linkid="report-whole-text")
    body = whole.html.find(id="report-text-body").get_text()
    assert body.count("completed foreign academic mobility at Partner ") == ROWS_ON_PAGE + 7
    assert "more partners" not in body
    assert whole.html.select("[data-copy-target=report-text-body]")
    txt = staff_client.get(f"/reports/text.txt?{QUERY}").content.decode()
    assert txt.count("completed foreign academic mobility at Partner ") == ROWS_ON_PAGE + 7


def test_a_short_text_is_shown_whole_with_its_copy_button(db, django_app, staff):
    foreign_register(3)

    page = django_app.get(f"/reports/?{QUERY}", user=staff)

    assert page.html.select("#report-text [data-copy-target=report-text-body]")
    assert not page.html.find(id="report-whole-text")
    assert "data-left-out" not in page.text


def test_the_lists_of_home_institutions_name_as_many_partners_as_the_tables_show(db, staff_client):
    register(ROWS_ON_PAGE + 4)

    page = staff_client.get(f"/reports/?{QUERY}").content.decode()
    text = re.search(r'id="report-text-body">(.*?)</div>', page, re.S).group(1)

    assert text.count(") — 1") == ROWS_ON_PAGE
    assert " and 4 more." in text
    whole = staff_client.get(f"/reports/text/?{QUERY}").content.decode()
    assert whole.count(") — 1") == ROWS_ON_PAGE + 4


def test_the_pages_text_does_not_grow_with_the_number_of_partners(db, staff_client):
    foreign_register(ROWS_ON_PAGE + 5)
    first = staff_client.get(f"/reports/?{QUERY}").content.decode()
    foreign_register(ROWS_ON_PAGE * 3, first=ROWS_ON_PAGE + 5)
    then = staff_client.get(f"/reports/?{QUERY}").content.decode()

    def text(content: str) -> str:
        return re.search(r'id="report-text-body">(.*?)</div>', content, re.S).group(1)

    assert len(text(then)) < len(text(first)) * 1.1
