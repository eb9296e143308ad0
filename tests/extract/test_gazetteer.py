"""The gazetteer: YAML in, entities out; resolve names; find names in text; clear errors."""

from __future__ import annotations

import pytest

from offlimits.extract import load_gazetteer
from offlimits.extract.actors import NameResolver
from offlimits.extract.gazetteer import GazetteerError, parse_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def names(gaz):
    return NameResolver(gaz)


def test_loaded_once(gaz) -> None:
    assert load_gazetteer() is gaz


@pytest.mark.parametrize("name, entity_id", [
    ("Garante per la protezione dei dati personali (Italy)", "garante-it"),
    ("Italy's data-protection authority", "garante-it"),
    ("Italy\u2019s privacy watchdog", "garante-it"),
    ("the U.S. House of Representatives", "us-house"),
    ("claude code", "claude-code"),
    ("Open AI", "openai"),
    ("the Czech government", "government-cz"),
    ("Taiwan's Ministry of Digital Affairs", "ministry-of-digital-affairs-tw"),
    ("South Korea's Personal Information Protection Commission", "pipc-kr"),
    ("Chinese regulators", "regulator-cn"),
    # one actor, however the text names it
    ("the Czech cabinet", "government-cz"),
    ("Taiwan", "government-tw"),
    ("Taiwan's government", "government-tw"),
    ("the Taiwanese government", "government-tw"),
    ("the government of Taiwan", "government-tw"),
    ("Taiwanese authorities", "government-tw"),
    ("Italy's Data Protection Authority", "garante-it"),
    ("the Czech cyber-security agency", "nukib-cz"),
    ("Lithuania's cyber security agency", "cybersecurity-agency-lt"),
    ("the Lithuanian cybersecurity agency", "cybersecurity-agency-lt"),
    ("The US Supreme Court", "supreme-court-us"),
])
def test_resolve(names, name: str, entity_id: str) -> None:
    entity = names.resolve(name)
    assert entity is not None and entity.id == entity_id


def test_a_country_government_has_one_name(names) -> None:
    found = {names.resolve(n).name for n in ("Taiwan", "Taiwan's government",
                                             "the Taiwanese government")}
    assert found == {"Taiwanese government (Taiwan)"}
    assert names.resolve("the Czech cabinet").name == "Czech government (Czech Republic)"


def test_resolve_unknown_name(names) -> None:
    assert names.resolve("Acme Widgets") is None
    assert names.resolve("") is None


def test_unknown_actor_has_type_country_and_stable_id(names) -> None:
    a = names.resolve("the Czech government")
    b = names.resolve("Czech government")
    assert a == b and a.known is False and a.type == "government" and a.country == "CZ"


def test_the_gazetteer_alone_resolves_only_its_own_names(gaz) -> None:
    assert gaz.resolve("Garante (Italy)").id == "garante-it"
    assert gaz.resolve("the Czech cabinet") is None  # recognition is actors.NameResolver's


def test_entities_cover_vendors_products_and_actors(gaz) -> None:
    by_id = {e.id: e for e in gaz.entities()}
    assert by_id["claude-code"].vendor_id == "anthropic"
    assert by_id["qoder"].vendor_id == "alibaba"
    assert by_id["garante-it"].type == "regulator"
    assert by_id["us-house"].type == "legislature"
    assert by_id["pentagon"].type == "military"
    assert len(by_id) == len(gaz.entities())


def test_region_names(gaz) -> None:
    assert gaz.region_name("CN") == "China"
    assert gaz.region_name("EU") == "European Union"
    assert gaz.region_name("KR") == "South Korea"


def test_find_prefers_longest_names_and_versions(gaz) -> None:
    text = "Staff may not use Claude Code, Apple Intelligence or Gemini 2.5 Pro; Apple said."
    found = [(m.surface, m.entity.id) for m in gaz.find(text)]
    assert found == [("Claude Code", "claude-code"), ("Apple Intelligence", "apple-intelligence"),
                     ("Gemini 2.5 Pro", "gemini-2-5-pro"), ("Apple", "apple")]
    assert gaz.find("an apple a day")[:1] == []


def test_places_map_demonyms_and_short_names(gaz) -> None:
    codes = [p.code for p in gaz.places.find("South Korean, Taiwan, Hong Kong, the EU, Chinese")]
    assert codes == ["KR", "TW", "HK", "EU", "CN"]


@pytest.mark.parametrize("text, message", [
    ("vendors: [", "not valid YAML"),
    ("vendors:\n  - country: US\n", "vendors[0]: missing or empty 'name'"),
    ("vendors:\n  - name: Acme\n    country: USA\n", "vendors[0] (Acme): country must be"),
    ("actors:\n  - name: Acme Bank\n    type: bank\n", "actors[0] (Acme Bank): type must be"),
    ("vendors:\n  - name: Acme\n  - name: Acme\n", "duplicate id 'acme'"),
    ("vendors:\n  - name: Acme\n    aliases: Acme Corp\n", "aliases must be a list"),
    ("vendors:\n  - name: Kid\n    parent: nobody\n", "parent 'nobody' is not a vendor id"),
])
def test_bad_yaml_names_file_and_entry(text: str, message: str) -> None:
    with pytest.raises(GazetteerError) as err:
        parse_gazetteer(text, "entities.yml")
    assert str(err.value).startswith("entities.yml: ") and message in str(err.value)


def test_missing_file_is_a_gazetteer_error(tmp_path) -> None:
    with pytest.raises(GazetteerError, match="cannot read the gazetteer"):
        load_gazetteer(tmp_path / "none.yml")


def test_loading_another_gazetteer_leaves_the_first_unchanged():
    """No module-level state: one gazetteer's case rules and government names stay its own."""
    from offlimits.extract.gazetteer import load_gazetteer as load_default
    from offlimits.extract.gazetteer import parse_gazetteer as parse_text
    from offlimits.extract.places import government_name

    default = load_default()
    before = ([m.entity.id for m in default.find("the codex of rules")],
              government_name("IT", default.places))
    other = parse_text(
        "vendors:\n  - id: acme\n    name: Acme\n    country: US\n    products:\n"
        "      - {id: codex, name: Codex, case_sensitive: true}\n"
        "places:\n  demonyms: {Italic: IT}\n")
    assert [m.entity.id for m in other.find("the codex of rules")] == []  # as written only
    after = ([m.entity.id for m in default.find("the codex of rules")],
             government_name("IT", default.places))
    assert after == before
    assert government_name("IT", other.places).startswith("Italic government")
