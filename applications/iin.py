"""The individual identification number (IIN) of Kazakhstan, checked in one place.

Twelve digits: the first six are the date of birth (YYMMDD), the seventh gives the century of
birth and the sex (1, 2: the 1800s; 3, 4: the 1900s; 5, 6: the 2000s; odd for men, even for
women), and the twelfth is a check digit: the first eleven digits weighted 1 to 11, modulo 11; if
that is 10, weighted 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2; if it is 10 again, the number is no IIN.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CENTURY_OF = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
FIRST_WEIGHTS = range(1, 12)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first_eleven: str) -> int | None:
    """The check digit of an IIN's first eleven digits, or None when no digit fits."""
    digits = [int(char) for char in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def iin_birth_date(iin: str) -> date | None:
    """The date of birth an IIN holds, or None when its digits are no date."""
    century = CENTURY_OF.get(iin[6:7])
    if century is None or not iin[:6].isdigit():
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def validate_iin(value: str) -> None:
    """Raises a ValidationError saying what is wrong with an IIN, one reason at a time."""
    if len(value) != 12:
        raise ValidationError(
            _("An IIN is 12 digits, without spaces; this one has %(count)d characters.")
            % {"count": len(value)},
            code="iin_length",
        )
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(_("An IIN is 12 digits; write only digits."), code="iin_digits")
    if value[6] not in CENTURY_OF:
        raise ValidationError(
            _(
                "The 7th digit of an IIN gives the century of birth and the sex, from 1 to 6; "
                "%(digit)s is not one of them. Check the number against the identity card."
            )
            % {"digit": value[6]},
            code="iin_century",
        )
    if iin_birth_date(value) is None:
        raise ValidationError(
            _(
                "The first six digits of an IIN are the date of birth as YYMMDD; %(digits)s is "
                "not a date. Check the number against the identity card."
            )
            % {"digits": value[:6]},
            code="iin_date",
        )
    expected = iin_check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise ValidationError(
            _(
                "The last digit of this IIN does not match the others (it is a check digit): "
                "a digit is mistyped. Check the number against the identity card."
            ),
            code="iin_check_digit",
        )
