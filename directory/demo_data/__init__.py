"""The demo catalogue of Aalborg Øst: hand-written data, expanded by directory.demo.

Each theme module holds a list ASSOCIATIONS of compact records (see helpers.py);
venues.py holds the real public places they meet at; people.py the made-up
names of contact persons. Everything here is fictitious except the venues.
"""

from . import (
    children,
    communities,
    community,
    culture,
    housing,
    learning,
    nature,
    seniors_health,
    sport,
    volunteering,
)
from .venues import CITY, POSTCODE, VENUES

ASSOCIATIONS = [
    *sport.ASSOCIATIONS,
    *children.ASSOCIATIONS,
    *learning.ASSOCIATIONS,
    *communities.ASSOCIATIONS,
    *culture.ASSOCIATIONS,
    *community.ASSOCIATIONS,
    *seniors_health.ASSOCIATIONS,
    *nature.ASSOCIATIONS,
    *housing.ASSOCIATIONS,
    *volunteering.ASSOCIATIONS,
]

__all__ = ["ASSOCIATIONS", "CITY", "POSTCODE", "VENUES"]
