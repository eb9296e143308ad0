"""metadata.yml from the installed package, for Datasette run without `-m metadata.yml`.

The `get_metadata` hook gives each served database that holds offlimits data (whatever its
file is called: `datasette snapshot-2025.db`) the description, column docs, facets and canned
queries metadata.yml keys by `offlimits`, and the site its title, licence and source. What a
`-m` file says still wins (Datasette merges plugin metadata first).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from offlimits.web.database import DATABASE_NAME, offlimits_database_names

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette

PACKAGED_METADATA = Path(__file__).resolve().parent / "metadata.yml"
_ATTRIBUTE = "_offlimits_packaged_metadata"


@cache
def packaged_metadata() -> dict[str, Any]:
    """The packaged metadata.yml, parsed once."""
    return yaml.safe_load(PACKAGED_METADATA.read_text(encoding="utf-8"))


def plugin_metadata(datasette: Datasette) -> dict[str, Any]:
    """Metadata for the databases of offlimits data `datasette` serves ({} when none)."""
    local = datasette._metadata_local or {}
    names = tuple(n for n in offlimits_database_names(datasette)
                  if n not in (local.get("databases") or {}))
    if not names:
        return {}
    cached = getattr(datasette, _ATTRIBUTE, None)
    if cached is None or cached[0] != names:
        # One copy per Datasette: merging local metadata into it (Datasette updates dicts in
        # place) then changes nothing on the next merge.
        source = packaged_metadata()
        database = source["databases"][DATABASE_NAME]
        site = {k: v for k, v in source.items() if k != "databases"}
        databases = {name: copy.deepcopy(database) for name in names}
        cached = (names, {**copy.deepcopy(site), "databases": databases})
        setattr(datasette, _ATTRIBUTE, cached)
    return cached[1]
