"""Where things are: the database, the source list, the gazetteer, the metadata."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = Path("data/offlimits.db")
DEFAULT_SOURCES = Path("data/sources.yml")
ENTITIES_FILE = DATA_DIR / "entities.yml"
VERIFIED_EVENTS_FILE = DATA_DIR / "events.yml"
DEMO_DIR = DATA_DIR / "demo"
METADATA_FILE = PROJECT_ROOT / "metadata.yml"


@dataclass
class Settings:
    """Global options every command receives (`--db`, `--sources`, `--base`)."""

    db: Path
    sources: Path
    base: str | None = None  # replaces {{BASE}} in the source list's addresses
    contact: str | None = None  # the operator's URL or e-mail, sent in the User-Agent

    @classmethod
    def from_options(cls, db: str | None, sources: str | None,
                     base: str | None = None) -> Settings:
        return cls(
            db=Path(db or os.environ.get("OFFLIMITS_DB") or DEFAULT_DB),
            sources=Path(sources or os.environ.get("OFFLIMITS_SOURCES") or DEFAULT_SOURCES),
            base=base or os.environ.get("OFFLIMITS_BASE") or None,
            contact=checked_contact(os.environ.get("OFFLIMITS_CONTACT", "").strip() or None),
        )

    @property
    def substitutions(self) -> dict[str, str]:
        return {"{{BASE}}": self.base} if self.base else {}

    def http_config(self, **changes: Any) -> Any:
        """The scrapers' `HttpConfig` for this run (`changes` override its defaults)."""
        from scrapers.http import HttpConfig, user_agent

        return HttpConfig(**{"user_agent": user_agent(self.contact), **changes})


class SettingsError(ValueError):
    """A setting (an environment variable) that cannot be used; the message says which."""


def checked_contact(contact: str | None) -> str | None:
    """OFFLIMITS_CONTACT: an http(s) URL or an e-mail address, else `SettingsError`."""
    if contact is None:
        return None
    from scrapers.http import user_agent

    try:
        user_agent(contact)
    except ValueError as e:
        raise SettingsError(f"OFFLIMITS_CONTACT: {e} (it goes in the User-Agent so that "
                            "site operators can reach you)") from None
    return contact
