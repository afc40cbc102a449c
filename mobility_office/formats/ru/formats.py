"""Russian formats: 30.11.2026, 14:05, 1 234,5 (see mobility_office/formats/__init__.py)."""

DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "m.Y"
MONTH_DAY_FORMAT = "d.m"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is how a text date input shows a date; ISO is what a browser's date input sends.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '30.11.2026'
    "%Y-%m-%d",  # '2026-11-30'
    "%d.%m.%y",  # '30.11.26'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '30.11.2026 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '30.11.2026 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '30.11.2026 14:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-11-30 14:30:59'
    "%Y-%m-%d %H:%M",  # '2026-11-30 14:30'
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
