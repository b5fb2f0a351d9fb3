"""Places: critical-infrastructure facilities, popular venues, ports of entry, cities.

Specific facilities ("Cedar Creek Substation") are fictional and unique per scenario,
so a facility named in two reports is evidence. Venues, ports of entry and cities are
real, public and busy: many unrelated reports name them, which is exactly why they
must never bridge a nexus.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

# Facility types with their critical-infrastructure sector (CISA's 16 sectors).
FACILITY_TYPES: tuple[tuple[str, str], ...] = (
    ("Substation", "Energy"),
    ("Switching Station", "Energy"),
    ("Compressor Station", "Energy"),
    ("Generating Station", "Energy"),
    ("Refinery", "Energy"),
    ("LNG Terminal", "Energy"),
    ("Pipeline Pumping Station", "Energy"),
    ("Water Treatment Plant", "Water and Wastewater Systems"),
    ("Wastewater Treatment Plant", "Water and Wastewater Systems"),
    ("Dam", "Dams"),
    ("Rail Yard", "Transportation Systems"),
    ("Marine Terminal", "Transportation Systems"),
    ("Chemical Plant", "Chemical"),
    ("Data Center", "Information Technology"),
    ("Telephone Exchange", "Communications"),
    ("Grain Elevator", "Food and Agriculture"),
    ("Medical Center", "Healthcare and Public Health"),
    ("Nuclear Generating Station", "Nuclear Reactors, Materials, and Waste"),
    ("Federal Building", "Government Facilities"),
    ("Munitions Plant", "Defense Industrial Base"),
    ("Emergency Operations Center", "Emergency Services"),
    ("Clearing Center", "Financial Services"),
    ("Stamping Plant", "Critical Manufacturing"),
    ("Convention Center", "Commercial Facilities"),
)

SITE_STEMS = (
    "Cedar", "Pine", "Willow", "Iron", "Copper", "Stone", "Bear", "Elk", "Fox", "Hawk", "Red",
    "Black", "Silver", "Clear", "Sandy", "Maple", "Ash", "Birch", "Oak", "Eagle", "Mill",
    "Salt", "Owl", "Crane", "Hickory", "Juniper", "Laurel", "Mesquite", "Sycamore", "Aspen",
)
SITE_FEATURES = (
    "Ridge", "Hollow", "Creek", "Bend", "Fork", "Prairie", "Bluff", "Mesa", "Harbor", "Valley",
    "Point", "Springs", "Meadow", "Lake", "Crossing", "Flats", "Gap", "Landing", "Run", "Knob",
)
_DIRECTIONS = ("", "", "North ", "South ", "East ", "West ", "Upper ", "Lower ", "Old ")


@dataclass(frozen=True, slots=True)
class Facility:
    """A named site: critical infrastructure, a venue or a port of entry."""

    name: str  # "Cedar Creek Substation"
    type: str  # "Substation"
    sector: str
    state: str

    @property
    def canonical(self) -> str:
        """The facility's proper name."""
        return self.name

    def surface(self, rng: Random) -> str:
        """The name, sometimes with the facility type in lower case as writers do."""
        if self.type and self.name.endswith(self.type) and rng.random() < 0.3:
            return self.name[: -len(self.type)] + self.type.lower()
        return self.name


def random_facility(rng: Random, state: str) -> Facility:
    """A fictional facility; callers keep names unique."""
    ftype, sector = rng.choice(FACILITY_TYPES)
    place = f"{rng.choice(_DIRECTIONS)}{rng.choice(SITE_STEMS)} {rng.choice(SITE_FEATURES)}"
    return Facility(name=f"{place} {ftype}", type=ftype, sector=sector, state=state)


# Busy public venues: (name, state, sector). Names read naturally without an article.
VENUES: tuple[tuple[str, str, str], ...] = (
    ("Times Square", "NY", "Commercial Facilities"),
    ("Madison Square Garden", "NY", "Commercial Facilities"),
    ("Grand Central Terminal", "NY", "Transportation Systems"),
    ("Mall of America", "MN", "Commercial Facilities"),
    ("Navy Pier", "IL", "Commercial Facilities"),
    ("Wrigley Field", "IL", "Commercial Facilities"),
    ("Pike Place Market", "WA", "Commercial Facilities"),
    ("Fisherman's Wharf", "CA", "Commercial Facilities"),
    ("Dodger Stadium", "CA", "Commercial Facilities"),
    ("Bourbon Street", "LA", "Commercial Facilities"),
    ("Fremont Street", "NV", "Commercial Facilities"),
    ("NRG Stadium", "TX", "Commercial Facilities"),
    ("AT&T Stadium", "TX", "Commercial Facilities"),
    ("Mercedes-Benz Stadium", "GA", "Commercial Facilities"),
    ("Fenway Park", "MA", "Commercial Facilities"),
    ("Independence Hall", "PA", "Government Facilities"),
    ("Hartsfield-Jackson Atlanta International Airport", "GA", "Transportation Systems"),
    ("Los Angeles International Airport", "CA", "Transportation Systems"),
    ("O'Hare International Airport", "IL", "Transportation Systems"),
    ("Union Station", "DC", "Transportation Systems"),
)

# Land ports of entry and international airports, as border reports name them.
PORTS_OF_ENTRY: tuple[tuple[str, str], ...] = (
    ("San Ysidro Port of Entry", "CA"),
    ("Otay Mesa Port of Entry", "CA"),
    ("Calexico West Port of Entry", "CA"),
    ("DeConcini Port of Entry", "AZ"),
    ("Lukeville Port of Entry", "AZ"),
    ("Santa Teresa Port of Entry", "NM"),
    ("Bridge of the Americas", "TX"),
    ("World Trade Bridge", "TX"),
    ("Hidalgo International Bridge", "TX"),
    ("Peace Arch Port of Entry", "WA"),
    ("Ambassador Bridge", "MI"),
    ("Peace Bridge", "NY"),
    ("Champlain Port of Entry", "NY"),
    ("Miami International Airport", "FL"),
    ("John F. Kennedy International Airport", "NY"),
    ("Luis Muñoz Marín International Airport", "PR"),
)

# Foreign cities travel reporting names; border-adjacent ones come first.
FOREIGN_CITIES: tuple[str, ...] = (
    "Tijuana", "Ciudad Juárez", "Nuevo Laredo", "Reynosa", "Mexicali", "Toronto", "Vancouver",
    "Montreal", "Mexico City", "Monterrey", "Istanbul", "Frankfurt", "Dubai", "Doha", "Amman",
    "Beirut", "Cairo", "Karachi", "Lahore", "Nairobi", "Mogadishu", "London", "Paris",
    "Brussels", "Athens", "Tbilisi", "Almaty", "Kuala Lumpur", "Manila", "Bogotá", "Caracas",
    "Panama City",
)
BORDER_CITIES = 7  # the first seven FOREIGN_CITIES sit on a land border with the US


@dataclass(frozen=True, slots=True)
class Place:
    """A city, state or country-level place name."""

    name: str

    @property
    def canonical(self) -> str:
        """The place name."""
        return self.name
