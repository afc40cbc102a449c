"""The server-drawn SVG charts: well-formed, escaped, linked, scaled, printable by WeasyPrint."""

import io
import xml.etree.ElementTree as ET

from django.utils.safestring import SafeString
from pypdf import PdfReader
from weasyprint import HTML

from reports.charts import LABEL_CHARS, Bar, bar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
SERIES = ["Outgoing", "Incoming"]
PARTNERS = [
    Bar("Antalya Bilim University", (10, 5), ("/applications/?partner=1&dir=out", "")),
    Bar("Turiba University", (3, 0)),
]
YEARS = [
    Bar("2021-2022", (4, 1)),
    Bar("2022-2023", (37, 12), ("/applications/?year=2022", "/incoming/?year=2022")),
    Bar("2023-2024", (20, 0)),
]


def parse(chart: str) -> ET.Element:
    return ET.fromstring(str(chart))


def partners_chart(**overrides) -> SafeString:
    arguments = {"title": "By partner", "series": SERIES, "bars": PARTNERS, "empty_text": "None"}
    return bar_chart(**(arguments | overrides))


def years_chart(**overrides) -> SafeString:
    arguments = {"title": "By year", "series": SERIES, "bars": YEARS, "empty_text": "None"}
    return trend_chart(**(arguments | overrides))


def rows(svg: ET.Element) -> list[ET.Element]:
    """The groups drawing the data: a row of bar_chart, a column group of trend_chart."""
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") in ("row", "group")]


def texts(element: ET.Element) -> list[str]:
    return [text.text for text in element.iter(f"{SVG}text")]


def bars_of(svg: ET.Element) -> list[ET.Element]:
    return [rect for row in rows(svg) for rect in row.iter(f"{SVG}rect")]


def test_a_chart_is_svg_markup_labelled_by_its_title():
    chart = partners_chart()
    svg = parse(chart)

    assert isinstance(chart, SafeString)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("width") == "100%"
    title = svg.find(f"{SVG}title")
    assert title.text == "By partner"
    assert svg.get("aria-labelledby") == title.get("id")


def test_a_chart_without_links_is_one_image_and_one_with_links_a_group_of_named_links():
    plain = parse(partners_chart(bars=[Bar("Turiba University", (3, 0))]))
    linked = parse(partners_chart())

    # Links inside role="img" are hidden from screen readers (axe: nested-interactive).
    assert plain.get("role") == "img"
    assert linked.get("role") == "group"
    (link,) = linked.iter(f"{SVG}a")
    assert link.get("aria-label") == "Antalya Bilim University, Outgoing: 10"


def test_each_value_above_zero_draws_one_bar():
    assert len(bars_of(parse(partners_chart()))) == 3
    assert len(bars_of(parse(years_chart()))) == 5


def test_every_value_is_written_as_a_number_including_zero():
    first, second = rows(parse(partners_chart()))

    assert texts(first) == ["Antalya Bilim University", "10", "5"]
    assert texts(second) == ["Turiba University", "3", "0"]


def test_labels_and_titles_stay_text_however_they_are_written():
    bars = [Bar("<script>alert(1)</script>", (1, 2)), Bar('A & B "x"', (3, 4))]
    svg = parse(partners_chart(title="<b>Partners</b>", series=["<i>", "&"], bars=bars))

    assert not [element for element in svg.iter() if "script" in element.tag]
    assert svg.find(f"{SVG}title").text == "<b>Partners</b>"
    assert "<script>alert(1)</script>" in texts(svg)
    assert 'A & B "x"' in texts(svg)
    assert {"<i>", "&"} <= set(texts(svg))


def test_a_value_with_a_url_links_its_bar_and_number_and_one_without_does_not():
    svg = parse(partners_chart())

    (link,) = svg.iter(f"{SVG}a")
    assert link.get("href") == "/applications/?partner=1&dir=out"
    assert len(link.findall(f"{SVG}rect")) == 1
    assert texts(link) == ["10"]


def test_the_trend_chart_links_each_value_given_a_url():
    hrefs = [link.get("href") for link in parse(years_chart()).iter(f"{SVG}a")]

    assert hrefs == ["/applications/?year=2022", "/incoming/?year=2022"]


def test_two_series_get_a_legend_naming_them():
    for chart in (partners_chart(), years_chart()):
        legend = parse(chart).find(f"{SVG}g[@class='legend']")
        assert texts(legend) == SERIES


def test_a_single_series_has_no_legend():
    bars = [Bar("Turkey", (7,)), Bar("Germany", (3,))]
    for chart in (
        partners_chart(series=["Outgoing"], bars=bars),
        years_chart(series=["Outgoing"], bars=bars),
    ):
        assert parse(chart).find(f"{SVG}g[@class='legend']") is None


def test_a_long_label_is_shortened_and_kept_whole_in_the_row_title():
    name = "Universidad Politécnica de Madrid de los Andes"
    (row,) = rows(parse(partners_chart(bars=[Bar(name, (1, 2))])))

    label = texts(row)[0]
    assert label.endswith("…")
    assert len(label) <= LABEL_CHARS
    assert name.startswith(label[:-1])
    assert row.find(f"{SVG}title").text == name


def test_no_bars_shows_the_empty_text_instead_of_a_chart():
    empty = "No partners & no mobilities yet."
    for chart in (
        partners_chart(bars=[], empty_text=empty),
        years_chart(bars=[], empty_text=empty),
    ):
        assert chart == '<p class="text-body-secondary">No partners &amp; no mobilities yet.</p>'


def test_bars_are_as_long_as_their_values():
    ten, five, three = (float(rect.get("width")) for rect in bars_of(parse(partners_chart())))

    assert ten == 2 * five
    assert round(ten / three, 6) == round(10 / 3, 6)


def test_columns_are_as_tall_as_their_values():
    heights = [float(rect.get("height")) for rect in bars_of(parse(years_chart()))]

    assert heights[0] / heights[1] == 4 / 1
    assert round(heights[2] / heights[4], 6) == round(37 / 20, 6)


def test_all_zeros_draw_no_bars_but_still_print_the_labels_and_zeros():
    bars = [Bar("Turkey", (0, 0)), Bar("Germany", (0, 0))]
    for chart in (partners_chart(bars=bars), years_chart(bars=bars)):
        svg = parse(chart)
        assert bars_of(svg) == []
        assert [texts(row) for row in rows(svg)] == [["Turkey", "0", "0"], ["Germany", "0", "0"]]


def test_two_charts_on_a_page_have_different_ids():
    ids = [
        parse(chart).find(f"{SVG}title").get("id") for chart in (partners_chart(), partners_chart())
    ]

    assert ids[0] != ids[1]


def test_the_trend_chart_has_one_group_per_year_labelled_with_it():
    groups = rows(parse(years_chart()))

    assert [texts(group)[0] for group in groups] == ["2021-2022", "2022-2023", "2023-2024"]
    assert [texts(group)[1:] for group in groups] == [["4", "1"], ["37", "12"], ["20", "0"]]


def test_the_trend_chart_has_gridlines_at_round_values():
    svg = parse(years_chart())
    ticks = [text.text for text in svg.findall(f"{SVG}text")]

    assert ticks == ["0", "10", "20", "30", "40"]
    assert len(svg.findall(f"{SVG}line")) == 5


def test_weasyprint_prints_both_charts_with_their_labels_and_values():
    page = f"<html><body><h1>Report</h1>{partners_chart()}{years_chart()}</body></html>"

    pdf = HTML(string=page).write_pdf()

    assert pdf.startswith(b"%PDF")
    # WeasyPrint sets SVG text as real PDF text (in the machine's sans-serif: an inline SVG does
    # not inherit the page's font), so it can be extracted.
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Antalya Bilim University" in text
    assert "2022-2023" in text
    assert "37" in text.split()
