"""English formats: 30.11.2026 in tables, 30 November 2026 in prose, 14:05, 1,234.5 (see
mobility_office/formats/__init__.py)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is how a text date input shows a date; ISO is what a browser's date input sends.
# No month/day/year: 01/02/2026 would be read as 2 January by some and 1 February by others.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '30.11.2026'
    "%Y-%m-%d",  # '2026-11-30'
    "%d/%m/%Y",  # '30/11/2026'
    "%d %B %Y",  # '30 November 2026'
    "%d %b %Y",  # '30 Nov 2026'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '30.11.2026 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '30.11.2026 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '30.11.2026 14:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-11-30 14:30:59'
    "%Y-%m-%d %H:%M",  # '2026-11-30 14:30'
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
