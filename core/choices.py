"""A choice's label, translated alone.

Django's get_FOO_display() builds a dict of the field's every choice on each call, and hashing a
lazy label translates it: a list of 100 rows with a state of 13 choices translated 1,300 labels
to show 100. The models' own get_FOO_display() methods call `label_of` instead.
"""

from django.db import models


def label_of(choices: type[models.Choices], value) -> str:
    """The label of `value` in the reader's language; the value itself if it is not a choice."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
