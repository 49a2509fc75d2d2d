"""Fixtures for the inspector's day: the shipped standards and a two-officer team."""
import pytest

from enterprises.reference import load_sectors
from inspections.reference import load_hazard_standards
from tests import factories


@pytest.fixture
def standards(db):
    """The shipped determination standards (data/reference), loaded as in production."""
    load_sectors()
    load_hazard_standards()


@pytest.fixture
def chemical_enterprise(fuling, standards):
    return factories.EnterpriseFactory(district=fuling, sector_id="hazardous_chemicals",
                                       name="涪陵华峰化工有限公司")


@pytest.fixture
def partner(fuling):
    """A second enforcement officer of the same district (enforcement needs two)."""
    return factories.inspector("500102", display_name="李执法")
