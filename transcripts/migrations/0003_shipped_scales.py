"""The reference data of docs/grading-sources.md: credit systems, the home scale, the partner
countries' scales and a general conversion table for each.

Everything is created with get_or_create on natural keys, so running it again (or on a database
where staff already edited a scale) adds only what is missing and never overwrites an edit.

Conversion rule of every shipped table: the "usual correspondence" of that page is written in
ECTS letters; an ECTS letter becomes the home letter of the same name (A→A, B→B, C→C, D→D), and
ECTS E, which the home scale does not have, becomes D, the lowest passing home grade. A failing
grade becomes F, or FX where the host scale has a re-sit grade of its own (ECTS FX, Turkish FD).
Pass/fail-only results get no row: they count credits without a grade.
"""

from decimal import Decimal

from django.db import migrations

D = Decimal

CREDIT_SYSTEMS = [
    (
        "ECTS",
        D("1"),
        "European Credit Transfer and Accumulation System: 60 credits a year. Today's rules "
        "count one ECTS credit as one Kazakhstani credit.",
    ),
    (
        "Kazakhstani credits",
        D("1"),
        "1 academic credit = 30 hours; 30 credits a semester, 60 a year. Today's rules count "
        "one Kazakhstani credit as one ECTS credit. Before the 2018 reform (order No. 563 of "
        "12 Oct 2018) ECTS = KZ credits × 1.5–1.8 for bachelor's studies: for a transcript of "
        "that time, use a credit system with that factor. The factor is data, not code.",
    ),
    (
        "US credit hours",
        D("1.5"),
        "US semester credit hours. The factor 1.5 is a common approximation, to be confirmed by "
        "the registrar (other tables use up to 2: 30 US credits a year against 60 ECTS).",
    ),
]

HOME_SCALE = "Kazakhstan — letter scale"

# label, GPA points, percent from, percent to, meaning
HOME_GRADES = [
    ("A", "4.00", 95, 100, "excellent"),
    ("A-", "3.67", 90, 94, "excellent"),
    ("B+", "3.33", 85, 89, "good"),
    ("B", "3.00", 80, 84, "good"),
    ("B-", "2.67", 75, 79, "good"),
    ("C+", "2.33", 70, 74, "good"),
    ("C", "2.00", 65, 69, "satisfactory"),
    ("C-", "1.67", 60, 64, "satisfactory"),
    ("D+", "1.33", 55, 59, "satisfactory"),
    ("D", "1.00", 50, 54, "satisfactory (some universities write D-)"),
    ("FX", "0.50", 25, 49, "fail, re-sit allowed"),
    ("F", "0.00", 0, 24, "fail"),
]
HOME_FAILING = {"FX", "F"}


def g(label, meaning, home, *, value=None, passing=True, band=None):
    """One graded grade of a partner scale and the home letter it converts to."""
    return {
        "label": label,
        "description": meaning,
        "numeric_value": None if value is None else D(str(value)),
        "passing": passing,
        "pass_fail_only": False,
        "percent_min": None if band is None else D(band[0]),
        "percent_max": None if band is None else D(band[1]),
        "home": home,
    }


def pf(label, meaning, *, passing):
    """A pass/fail-only result: credits without a grade, no conversion row."""
    return {
        "label": label,
        "description": meaning,
        "numeric_value": None,
        "passing": passing,
        "pass_fail_only": True,
        "percent_min": None,
        "percent_max": None,
        "home": None,
    }


ECTS_RULE = "ECTS letters to the home letter of the same name; E, which we do not have, to D."

# name, country, description, table source, grades (best first)
SCALES = [
    (
        "Latvia — 10-point scale",
        "LV",
        "National 10-point scale: 10 (izcili) … 4 (gandrīz viduvēji) pass; 3–1 fail. "
        "Source: Academic Information Centre of Latvia.",
        "Academic Information Centre of Latvia: 10, 9 → A; 8 → B; 7 → C; 6 → D; 5, 4 → E. "
        + ECTS_RULE
        + " 3–1 → F.",
        [
            g("10", "izcili — with distinction", "A", value=10),
            g("9", "teicami — excellent", "A", value=9),
            g("8", "ļoti labi — very good", "B", value=8),
            g("7", "labi — good", "C", value=7),
            g("6", "gandrīz labi — almost good", "D", value=6),
            g("5", "viduvēji — satisfactory", "D", value=5),
            g("4", "gandrīz viduvēji — almost satisfactory (lowest pass)", "D", value=4),
            g("3", "vāji — poor (fail)", "F", value=3, passing=False),
            g("2", "ļoti vāji — very poor (fail)", "F", value=2, passing=False),
            g("1", "ļoti, ļoti vāji — very, very poor (fail)", "F", value=1, passing=False),
        ],
    ),
    (
        "Turkey — AA–FF letter scale",
        "TR",
        "Letter grades with 4.00 points: AA … DD pass (DC and DD conditionally), FD and FF fail. "
        "Percent bands set by each university; these are Bülent Ecevit University's "
        "(TED University uses AA 90–100 … DD 50–59, FF below 50, without FD).",
        "GPA points (both scales give 4.00 to the best grade); between two home letters, the "
        "lower one. Same as Bülent Ecevit University's percent bands read by their lower bound, "
        "except AA (94 would give A-).",
        [
            g("AA", "4.00 — excellent", "A", value="4.00", band=(94, 100)),
            g("BA", "3.50 — very good", "B+", value="3.50", band=(87, 93)),
            g("BB", "3.00 — good", "B", value="3.00", band=(80, 86)),
            g("CB", "2.50 — fairly good", "C+", value="2.50", band=(73, 79)),
            g("CC", "2.00 — satisfactory", "C", value="2.00", band=(65, 72)),
            g("DC", "1.50 — conditional pass", "D+", value="1.50", band=(58, 64)),
            g("DD", "1.00 — conditional pass (lowest pass)", "D", value="1.00", band=(50, 57)),
            g("FD", "0.50 — fail", "FX", value="0.50", passing=False, band=(45, 49)),
            g("FF", "0.00 — fail", "F", value="0.00", passing=False, band=(0, 44)),
        ],
    ),
    (
        "Russia — 5-point scale",
        "RU",
        "National scale: 5 отлично, 4 хорошо, 3 удовлетворительно (pass), "
        "2 неудовлетворительно (fail); зачтено / не зачтено is a pass/fail result without a "
        "grade.",
        "National scale: 5 → A; 4 → B/C, shipped as B; 3 → D/E, shipped as D; 2 → F.",
        [
            g("5", "отлично — excellent", "A", value=5),
            g("4", "хорошо — good", "B", value=4),
            g("3", "удовлетворительно — satisfactory (lowest pass)", "D", value=3),
            g("2", "неудовлетворительно — fail", "F", value=2, passing=False),
            pf("зачтено", "pass (credits without a grade)", passing=True),
            pf("не зачтено", "not passed", passing=False),
        ],
    ),
    (
        "Poland — 2–5 scale",
        "PL",
        "5 bardzo dobry, 4.5 dobry plus, 4 dobry, 3.5 dostateczny plus, 3 dostateczny (pass), "
        "2 niedostateczny (fail); zal. (zaliczenie) is a pass without a grade. "
        "Source: Nuffic country profile.",
        "Nuffic country profile: 5 A, 4.5 B, 4 C, 3.5 D, 3 E, 2 F. " + ECTS_RULE,
        [
            g("5", "bardzo dobry — very good", "A", value=5),
            g("4.5", "dobry plus — better than good", "B", value="4.5"),
            g("4", "dobry — good", "C", value=4),
            g("3.5", "dostateczny plus — better than satisfactory", "D", value="3.5"),
            g("3", "dostateczny — satisfactory (lowest pass)", "D", value=3),
            g("2", "niedostateczny — fail", "F", value=2, passing=False),
            pf("zal.", "zaliczenie — pass (credits without a grade)", passing=True),
            pf("nzal.", "niezaliczenie — not passed", passing=False),
        ],
    ),
    (
        "Bulgaria — 2–6 scale",
        "BG",
        "6 отличен (5.50–6.00), 5 много добър, 4 добър, 3 среден (pass), 2 слаб (fail). "
        "Source: Medical University of Varna.",
        "Medical University of Varna: 6 A, 5 B, 4 C, 3 D, 2 F.",
        [
            g("6", "отличен — excellent (5.50–6.00)", "A", value=6),
            g("5", "много добър — very good", "B", value=5),
            g("4", "добър — good", "C", value=4),
            g("3", "среден — satisfactory (lowest pass)", "D", value=3),
            g("2", "слаб — fail", "F", value=2, passing=False),
        ],
    ),
    (
        "Belarus — 10-point scale",
        "BY",
        "National 10-point scale: 4 is the lowest pass, 3–1 fail; зачтено / не зачтено is a "
        "pass/fail result without a grade. Source: BSUIR. Universities publish their own tables.",
        "No national correspondence (institution tables); as Latvia's 10-point scale: "
        "10, 9 → A; 8 → B; 7 → C; 6 → D; 5, 4 → E. " + ECTS_RULE + " 3–1 → F.",
        [
            g("10", "превосходно — outstanding", "A", value=10),
            g("9", "отлично — excellent", "A", value=9),
            g("8", "почти отлично — nearly excellent", "B", value=8),
            g("7", "очень хорошо — very good", "C", value=7),
            g("6", "хорошо — good", "D", value=6),
            g("5", "почти хорошо — nearly good", "D", value=5),
            g("4", "удовлетворительно — satisfactory (lowest pass)", "D", value=4),
            g("3", "почти удовлетворительно — fail", "F", value=3, passing=False),
            g("2", "неудовлетворительно — fail", "F", value=2, passing=False),
            g("1", "неудовлетворительно — fail", "F", value=1, passing=False),
            pf("зачтено", "pass (credits without a grade)", passing=True),
            pf("не зачтено", "not passed", passing=False),
        ],
    ),
    (
        "Ukraine — 100-point scale with ECTS letters",
        "UA",
        "Ukrainian transcripts give the 100-point score with its ECTS letter; the letter is the "
        "grade here and the band its score. Common bands: A 90–100, B 82–89, C 74–81, D 64–73, "
        "E 60–63, FX 35–59, F 1–34 (some universities shift C/D/E). Source: university pages.",
        "ECTS letters of the 100-point scale. " + ECTS_RULE + " FX → FX, F → F.",
        [
            g("A", "excellent (відмінно)", "A", band=(90, 100)),
            g("B", "very good (добре)", "B", band=(82, 89)),
            g("C", "good (добре)", "C", band=(74, 81)),
            g("D", "satisfactory (задовільно)", "D", band=(64, 73)),
            g("E", "sufficient (задовільно), lowest pass", "D", band=(60, 63)),
            g("FX", "fail, re-sit allowed", "FX", passing=False, band=(35, 59)),
            g("F", "fail, the course must be repeated", "F", passing=False, band=(1, 34)),
        ],
    ),
    (
        "Kyrgyzstan — 5-point scale",
        "KG",
        "National 5-point marks with the 100-point bands many universities print beside them: "
        "5 = 86–100 excellent, 4 = 76–85 good, 3 = 60–75 pass, 2 = 0–59 fail. "
        "Source: Kyrgyz State Medical Academy. Universities publish their own tables.",
        "No national correspondence (institution tables): shipped like the Russian 5-point "
        "scale: 5 → A, 4 → B, 3 → D, 2 → F. Add the partner's own table where it has one.",
        [
            g("5", "отлично — excellent", "A", value=5, band=(86, 100)),
            g("4", "хорошо — good", "B", value=4, band=(76, 85)),
            g("3", "удовлетворительно — satisfactory (lowest pass)", "D", value=3, band=(60, 75)),
            g("2", "неудовлетворительно — fail", "F", value=2, passing=False, band=(0, 59)),
        ],
    ),
    (
        "Uzbekistan — 5-point scale",
        "UZ",
        "5-point marks, also expressed in 100 points: 86–100 = 5, 71–85 = 4, 55–70 = 3; "
        "below 55 = 2 (fail). Source: National University of Uzbekistan (bands less certain).",
        "No national correspondence (institution tables): shipped like the Russian 5-point "
        "scale: 5 → A, 4 → B, 3 → D, 2 → F. Add the partner's own table where it has one.",
        [
            g("5", "a'lo / отлично — excellent", "A", value=5, band=(86, 100)),
            g("4", "yaxshi / хорошо — good", "B", value=4, band=(71, 85)),
            g(
                "3",
                "qoniqarli / удовлетворительно — satisfactory (lowest pass)",
                "D",
                value=3,
                band=(55, 70),
            ),
            g(
                "2",
                "qoniqarsiz / неудовлетворительно — fail",
                "F",
                value=2,
                passing=False,
                band=(0, 54),
            ),
        ],
    ),
    (
        "Tajikistan — 5-point scale",
        "TJ",
        "National scale: 5 excellent, 4 good, 3 satisfactory (pass), 2 fail.",
        "National scale, shipped like the Russian 5-point scale: 5 → A, 4 → B, 3 → D, 2 → F.",
        [
            g("5", "аъло / отлично — excellent", "A", value=5),
            g("4", "хуб / хорошо — good", "B", value=4),
            g("3", "қаноатбахш / удовлетворительно — satisfactory (lowest pass)", "D", value=3),
            g("2", "ғайриқаноатбахш / неудовлетворительно — fail", "F", value=2, passing=False),
        ],
    ),
    (
        "Cyprus — 0–10 scale",
        "CY",
        "0–10 with 5 the lowest pass (Frederick University): A 86–100 = 10, B 76–85 = 8, "
        "C 66–75 = 7, D 56–65 = 6, E 50–55 = 5, below 50 = 0 (fail). Other universities use "
        "US-style A 4.0 … D 1.0 (European University Cyprus) and the northern ones the Turkish "
        "AA–FF: set such a partner's own scale.",
        "Frederick University: 10 A, 8 B, 7 C, 6 D, 5 E. " + ECTS_RULE + " 0 → F.",
        [
            g("10", "A — excellent", "A", value=10, band=(86, 100)),
            g("8", "B — very good", "B", value=8, band=(76, 85)),
            g("7", "C — good", "C", value=7, band=(66, 75)),
            g("6", "D — satisfactory", "D", value=6, band=(56, 65)),
            g("5", "E — pass (lowest pass)", "D", value=5, band=(50, 55)),
            g("0", "F — fail", "F", value=0, passing=False, band=(0, 49)),
        ],
    ),
    (
        "ECTS grading scale",
        "",
        "ECTS letters (ECTS Users' Guide): A excellent … E sufficient pass; FX fail, some more "
        "work required; F fail, considerable further work required.",
        "ECTS Users' Guide letters. " + ECTS_RULE + " FX → FX, F → F.",
        [
            g("A", "excellent", "A"),
            g("B", "very good", "B"),
            g("C", "good", "C"),
            g("D", "satisfactory", "D"),
            g("E", "sufficient (lowest pass)", "D"),
            g(
                "FX",
                "fail — some more work required before the credit can be awarded",
                "FX",
                passing=False,
            ),
            g("F", "fail — considerable further work is required", "F", passing=False),
        ],
    ),
]


def ship(apps, schema_editor):
    CreditSystem = apps.get_model("transcripts", "CreditSystem")
    GradingScale = apps.get_model("transcripts", "GradingScale")
    Grade = apps.get_model("transcripts", "Grade")
    ConversionTable = apps.get_model("transcripts", "ConversionTable")
    ConversionRow = apps.get_model("transcripts", "ConversionRow")

    for name, factor, description in CREDIT_SYSTEMS:
        CreditSystem.objects.get_or_create(
            name=name, defaults={"factor": factor, "description": description}
        )

    home = GradingScale.objects.filter(is_home=True).first()
    if home is None:
        home, _created = GradingScale.objects.get_or_create(
            name=HOME_SCALE,
            defaults={
                "is_home": True,
                "country": "KZ",
                "description": (
                    "The Kazakhstani letter scale with GPA points and percent bands (APA and "
                    "KazNU academic policies; the Satbayev University diploma supplement). An "
                    "older variant has no FX and F = 0–49. A diploma with distinction needs "
                    "GPA ≥ 3.5."
                ),
            },
        )
    home_grades = {}
    for position, (label, points, low, high, meaning) in enumerate(HOME_GRADES, start=1):
        home_grades[label], _created = Grade.objects.get_or_create(
            scale=home,
            label=label,
            defaults={
                "position": position,
                "description": meaning,
                "gpa_points": D(points),
                "percent_min": D(low),
                "percent_max": D(high),
                "passing": label not in HOME_FAILING,
            },
        )

    for name, country, description, source, grades in SCALES:
        scale, _created = GradingScale.objects.get_or_create(
            name=name, defaults={"country": country, "description": description}
        )
        table, _created = ConversionTable.objects.get_or_create(
            scale=scale,
            partner=None,
            defaults={"name": f"{name} → {HOME_SCALE}", "source": source},
        )
        for position, grade in enumerate(grades, start=1):
            fields = {key: value for key, value in grade.items() if key != "home"}
            label = fields.pop("label")
            stored, _created = Grade.objects.get_or_create(
                scale=scale, label=label, defaults={"position": position, **fields}
            )
            if grade["home"] is not None:
                ConversionRow.objects.get_or_create(
                    table=table, grade=stored, defaults={"home_grade": home_grades[grade["home"]]}
                )


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(ship, migrations.RunPython.noop),
    ]
