"""Only the office sees reports: staff and the registrar (who can only read anyway)."""

import pytest

QUERY = "scope=term&year=2022-2023&term=spring"
PAGES = [
    f"/reports/?{QUERY}",
    f"/reports/mobilities/?{QUERY}&direction=outgoing",
    f"/reports/report.pdf?{QUERY}",
    f"/reports/report.xlsx?{QUERY}",
    f"/reports/text/?{QUERY}",
    f"/reports/text.docx?{QUERY}",
    f"/reports/text.pdf?{QUERY}",
    f"/reports/text.txt?{QUERY}",
    f"/reports/tables/countries.csv?{QUERY}",
    f"/reports/tables/countries.xlsx?{QUERY}",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitor_is_sent_to_log_in(mobilities, anonymous_client, url):
    response = anonymous_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_student_cannot_open_any_report(mobilities, student_client, url):
    assert student_client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_staff_and_registrar_open_every_report(mobilities, staff_client, registrar_client, url):
    assert staff_client.get(url).status_code == 200
    assert registrar_client.get(url).status_code == 200


def test_registrar_reads_the_report_without_any_way_to_change_it(mobilities, registrar_client):
    page = registrar_client.get(f"/reports/?{QUERY}").content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    # Asking for the whole report as a PDF is a POST, but it changes nothing recorded.
    pdf_form = main.split('id="report-pdf-form"', 1)[1].split("</form>", 1)[1]
    main = main.split('<form method="post" action="/reports/pdf/"', 1)[0] + pdf_form

    assert 'method="post"' not in main.lower()
    listed = registrar_client.get(f"/reports/mobilities/?{QUERY}&direction=outgoing").content
    assert b"Omarova" in listed


def test_reports_menu_shows_only_to_those_who_may_open_it(staff_client, student_client):
    assert b'href="/reports/"' in staff_client.get("/dashboard/").content
    assert b'href="/reports/"' not in student_client.get("/dashboard/").content


@pytest.mark.parametrize("url", PAGES)
def test_reports_refuse_to_be_posted_to(mobilities, staff_client, url):
    assert staff_client.post(url).status_code == 405
