"""Date, time and number formats per language (settings.FORMAT_MODULE_PATH).

Kazakh and Russian write dates as day.month.year and times on the 24-hour clock, with a decimal
comma. Every date reads the same in the three languages, 30.11.2026, long forms included: Kazakh
writes a long date year first with a lower-case month ("2026 жылғы 30 қараша"), which Django's
format syntax cannot produce from its Kazakh month names, and a date that reads one way in one
language and another way in the next would make bilingual documents disagree. English keeps the
numeric day.month.year too (the partners in Europe and Central Asia write dates so, and 11/30/2026
reads wrongly to them) and the 24-hour clock; its long form names the month ("30 November 2026").
"""
