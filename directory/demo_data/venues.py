"""Demo venues: real public places in postcode 9220, Aalborg Øst.

Names, addresses and coordinates come only from /work/shared/geodata-src
(see its SOURCES.md); nothing here was typed from memory or guessed:

- `named_places_9220_from_sources.csv` (the CSV below) lists facilities with
  the address as its sources give it and coordinates only where they have them.
- `pois_9220_jetlag_aalborg.geojson` (the POIs) has four points: two parks from
  OpenStreetMap and two addresses curated by the author of Negi132/jetlag-aalborg.
- `transit_stops_9220_jetlag_aalborg.geojson` (the stops) has the bus stops of
  Rejseplanen's GTFS feed. Where a stop is named after the place itself (e.g.
  "Humlebakkeskolen (Tornhøjvej / Aalborg)") we use the stop's position as an
  approximate position of the place; `source` says so.

A venue the sources name without coordinates keeps `latitude`/`longitude` None:
it legitimately "cannot be placed" on the map. A venue without a street address
in the sources keeps `address` empty rather than an invented one.

`key` is how the demo associations refer to a venue; it is not stored.
"""

POSTCODE = "9220"
CITY = "Aalborg Øst"

VENUES = [
    {
        "key": "trekanten",
        "name": "Trekanten - Bibliotek og Kulturhus",
        "address": "Sebbersundvej 2A",
        "latitude": 57.0276469,
        "longitude": 10.0008729,
        "source": "CSV and POIs: address and coordinates from Negi132/jetlag-aalborg "
        "scripts/update_pois.py (AALBORG_LIBRARY_LOCATIONS, curated by the repo author)",
    },
    {
        "key": "hospital",
        "name": "Aalborg Universitetshospital, Brandevej",
        "address": "Brandevej 5",
        "latitude": 57.02588105,
        "longitude": 9.97885646,
        "source": "CSV and POIs: address and coordinates from Negi132/jetlag-aalborg "
        "scripts/update_pois.py (AALBORG_HOSPITAL_FALLBACK, curated by the repo author)",
    },
    {
        "key": "kvarterhuset",
        "name": "Sundheds- og Kvarterhuset",
        "address": "Fyrkildevej",
        "latitude": None,
        "longitude": None,
        "source": "CSV (realdania.dk, nv9220.dk): street without house number, no coordinates",
    },
    {
        "key": "novi",
        "name": "NOVI",
        "address": "Niels Jernes Vej 10",
        "latitude": None,
        "longitude": None,
        "source": "CSV (ErhvervsNetværk 9220 minutes on issuu.com): address, no coordinates",
    },
    {
        "key": "tornhoejhallen",
        "name": "Tornhøj Idrætscenter (Tornhøjhallen)",
        "address": "",
        "latitude": None,
        "longitude": None,
        "source": "CSV (aalborgflyers.dk, dhf.dk): named in Aalborg Øst, no street address "
        "and no coordinates; no bus stop is named after it",
    },
    {
        "key": "bundgaardsparken",
        "name": "Bundgaardsparken",
        "address": "",
        "latitude": 57.0235521,
        "longitude": 9.9862075,
        "source": "POIs: OpenStreetMap park, way 43077773 (representative point)",
    },
    {
        "key": "tornhoejhave",
        "name": "Tornhøjhave",
        "address": "",
        "latitude": 57.0261539,
        "longitude": 10.0004685,
        "source": "POIs: OpenStreetMap park, way 981193791 (representative point)",
    },
    {
        "key": "humlebakkeskolen",
        "name": "Humlebakkeskolen",
        "address": "",
        "latitude": 57.024661,
        "longitude": 10.001055,
        "source": "Stops: approximate, the position of the bus stop "
        "'Humlebakkeskolen (Tornhøjvej / Aalborg)'",
    },
    {
        "key": "mellervangskolen",
        "name": "Mellervangskolen",
        "address": "",
        "latitude": 57.040258,
        "longitude": 9.996415,
        "source": "Stops: approximate, the position of the bus stop "
        "'Mellervangskolen (Budumvej / Aalborg)'",
    },
    {
        "key": "gigantium",
        "name": "Gigantium",
        "address": "",
        "latitude": 57.0170315,
        "longitude": 9.9623185,
        "source": "Stops: approximate, the position of the bus stop "
        "'Gigantium (Bertil Ohlins Vej / Aalborg)'",
    },
    {
        "key": "gadekaeret",
        "name": "Nørre Tranders Gadekær",
        "address": "",
        "latitude": 57.032537,
        "longitude": 9.9889585,
        "source": "Stops: approximate, the position of the bus stop "
        "'Nr. Tranders Gadekær (Lemvigvej / Aalborg)'",
    },
    {
        "key": "agri",
        "name": "Agri College Aalborg",
        "address": "",
        "latitude": 57.0374985,
        "longitude": 9.9818805,
        "source": "Stops: approximate, the position of the bus stop "
        "'Agri College Aalborg (Struervej / Aalborg)'",
    },
    {
        "key": "aau",
        "name": "Aalborg Universitet, Fredrik Bajers Vej",
        "address": "",
        "latitude": 57.0148775,
        "longitude": 9.983508,
        "source": "Stops: approximate, the position of the bus stop "
        "'AAU Fr. Bajers Vej (Bertil Ohlins Vej / Aalborg)'",
    },
]
