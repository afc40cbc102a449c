"""Russian formats, the same as Kazakh: 30.11.2026, 14:05, 1 234,5 (see formats/__init__.py)."""

from mobility_office.formats.kk.formats import *  # noqa: F403
