import pytest

from tests.reports import data


@pytest.fixture
def mobilities(db) -> data.Mobilities:
    """The hand-built mobilities whose figures tests/reports/data.py states."""
    return data.build()
