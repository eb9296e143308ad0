"""Countries, demonyms, regions and states: names in text -> ISO 3166 codes (EU for the Union).

Country names come from pycountry; `data/entities.yml` (`places:`) adds the short names,
demonyms and capitals pycountry lacks and names the states that act as governments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from offlimits.extract.trie import trie_pattern

REGION_NAMES = {"EU": "European Union"}


@dataclass(frozen=True)
class Place:
    """One place name found in text."""

    surface: str
    code: str  # ISO 3166-1 alpha-2 or EU
    kind: str  # country | demonym | subdivision
    start: int
    end: int


class Places:
    """Looks place names up and finds them in text with one compiled regex."""

    def __init__(self, names: dict[str, str], demonyms: dict[str, str],
                 subdivisions: dict[str, str]) -> None:
        self._kinds: dict[str, tuple[str, str]] = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value and "(" not in value:
                    self._kinds[value] = (country.alpha_2, "country")
        for name, code in names.items():
            self._kinds[name] = (code, "country")
        for name, code in subdivisions.items():
            self._kinds.setdefault(name, (code, "subdivision"))
        for name, code in demonyms.items():
            self._kinds.setdefault(name, (code, "demonym"))
        self._lower = {k.lower(): v for k, v in self._kinds.items()}
        # code -> the one name a country's government goes by ("Czech government (Czech
        # Republic)"), from this gazetteer's place names and demonyms
        self.government_names = government_names(names, demonyms)
        self._alternation = trie_pattern(list(self._kinds))
        self._regex = re.compile(r"(?<![\w.])(?:" + self._alternation + r")(?![\w])")

    def code(self, name: str) -> str | None:
        """`South Korea`, `Korean`, `KR` or `Texas` -> its code (`KR`, `KR`, `KR`, `US`)."""
        name = name.strip().replace("\u2019", "'")
        found = self._kinds.get(name) or self._lower.get(name.lower())
        if found:
            return found[0]
        if len(name) == 2 and name.upper() in REGION_NAMES:
            return name.upper()
        if len(name) == 2 and pycountry.countries.get(alpha_2=name.upper()):
            return name.upper()
        return None

    def find(self, text: str) -> list[Place]:
        """Every place name in `text`, in order."""
        out = []
        for m in self._regex.finditer(text):
            code, kind = self._kinds[m.group()]
            out.append(Place(m.group(), code, kind, m.start(), m.end()))
        return out

    @property
    def pattern(self) -> str:
        """The alternation of all place names, for other regexes to embed."""
        return self._alternation


def region_name(code: str) -> str:
    """`CN` -> `China`, `KR` -> `South Korea`, `EU` -> `European Union`; unknown codes unchanged."""
    code = (code or "").upper()
    if code in REGION_NAMES:
        return REGION_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def subdivision_names(countries: list[str], exclude: list[str]) -> dict[str, str]:
    """Names of the states/provinces of `countries` (pycountry), minus ambiguous ones."""
    out: dict[str, str] = {}
    for cc in countries:
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            if sub.name not in exclude and "," not in sub.name:
                out[sub.name] = cc
    return out


def government_names(names: dict[str, str], demonyms: dict[str, str]) -> dict[str, str]:
    """One stable display name per country's government: its demonym (or its two-letter
    abbreviation, "US", "UK") with "government", and the country's name in parentheses."""
    out: dict[str, str] = {}
    country: dict[str, str] = {}
    short: dict[str, str] = {}
    for name, code in names.items():
        if re.fullmatch(r"[A-Z]{2}", name):
            short.setdefault(code, name)
        elif "." not in name and name[:4] == region_name(code)[:4]:
            country.setdefault(code, name)  # "Czech Republic" for Czechia; not "Rome", "Britain"
    first_demonym: dict[str, str] = {}
    for name, code in demonyms.items():
        first_demonym.setdefault(code, name)
    for code in {*first_demonym, *short} - set(REGION_NAMES):
        place = country.get(code) or region_name(code)
        prefix = short.get(code) or first_demonym.get(code)
        out[code] = f"{prefix} government ({place})"
    return out


def government_name(code: str, places: Places | None = None) -> str:
    """`CZ` -> `Czech government (Czech Republic)`; `US` -> `US government (United States)`,
    named from the place names and demonyms of `places` (without them: `Italy government`)."""
    if code in REGION_NAMES:
        return REGION_NAMES[code]  # the EU acting as a whole
    names = places.government_names if places is not None else {}
    return names.get(code) or f"{region_name(code)} government"
