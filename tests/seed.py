"""What the university's own account of its mobility names (docs/mobility-office-practice.md):
the figures the demo must hold."""

SEED_COUNTRIES = {"RU", "BG", "TR", "LV", "PL", "BY", "UA", "KG", "UZ", "TJ", "CY"}
SEED_CITIES = {
    "Almaty",
    "Taraz",
    "Pavlodar",
    "Kokshetau",
    "Karaganda",
    "Ust-Kamenogorsk",
    "Uralsk",
    "Aktobe",
    "Zhezkazgan",
    "Turkestan",
    "Kyzylorda",
}
