"""data/curation.yml: curators' decisions on events, kept in git, checked when loaded.

Each decision says what (verify, reject, merge, edit, detach), which event (its uid), why,
who and when. The file only grows: `offlimits review` appends; every writing command applies
the whole file (offlimits.store.curation).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from offlimits.extract.model import ACTIONS
from offlimits.settings import DATA_DIR

CURATION_FILE = DATA_DIR / "curation.yml"
WHATS = ("verify", "reject", "merge", "edit", "detach")
EDITABLE = ("actor", "subject", "action", "regions", "date", "effective_date")
UID = re.compile(r"^e[a-z2-7]{9}(-\d+)?$|^e\d+$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
REGION = re.compile(r"^[A-Z]{2}$")
HEADER = """\
# Curators' decisions on events, applied by init, scrape, run and reextract (and by
# `offlimits review`, which appends here). One entry per decision, oldest first:
#   what     verify | reject | merge | edit | detach
#   event    the event's stable id (uid, as on /-/events/<uid>)
#   into     merge: the uid of the event it joins
#   set      edit: the fields set (actor, subject: entity ids; action; regions: codes;
#            date: YYYY, YYYY-MM or YYYY-MM-DD; effective_date: YYYY-MM-DD)
#   article  detach: the URL of the article taken off the event
#   reason   why (required to reject); who; when (ISO 8601 UTC)
decisions:
"""


class CurationError(Exception):
    """A mistake in the curation file or a decision, naming the entry and the field."""


@dataclass(frozen=True)
class Decision:
    what: str
    event: str
    who: str
    when: str
    reason: str | None = None
    into: str | None = None
    set: dict[str, Any] = field(default_factory=dict)
    article: str | None = None

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what, "event": self.event}
        if self.into:
            out["into"] = self.into
        if self.set:
            out["set"] = dict(self.set)
        if self.article:
            out["article"] = self.article
        out.update({"reason": self.reason, "who": self.who, "when": self.when})
        return out


def curation_path() -> Path:
    """The curation file: OFFLIMITS_CURATION, else data/curation.yml."""
    return Path(os.environ.get("OFFLIMITS_CURATION") or CURATION_FILE)


def read_curation(path: Path) -> list[Decision]:
    """Every decision of the file, checked; a missing file has none."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise CurationError(f"cannot read {path}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise CurationError(f"{path}: not valid YAML: {e}") from e
    if data is None:
        return []
    if not isinstance(data, dict) or "decisions" not in data:
        raise CurationError(f"{path}: expected a top-level 'decisions:' list")
    items = [] if data["decisions"] is None else data["decisions"]
    if not isinstance(items, list):
        raise CurationError(f"{path}: 'decisions' must be a list")
    return [check_decision(item, f"{path}: decision #{n}") for n, item in enumerate(items, 1)]


def check_decision(item: Any, where: str) -> Decision:
    """One decision from its YAML mapping, or CurationError naming `where` and the field."""
    if not isinstance(item, dict):
        raise CurationError(f"{where}: expected a mapping")
    unknown = set(item) - {"what", "event", "into", "set", "article", "reason", "who", "when"}
    if unknown:
        raise CurationError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    what = item.get("what")
    if what not in WHATS:
        raise CurationError(f"{where}: 'what' must be one of {', '.join(WHATS)}")
    for key in ("event", "who", "when"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise CurationError(f"{where}: '{key}' is required")
    if not UID.match(item["event"]):
        raise CurationError(f"{where}: 'event' {item['event']!r} is not an event id")
    if not _is_time(item["when"]):
        raise CurationError(f"{where}: 'when' must be an ISO 8601 time, like "
                            "2026-07-04T12:00:00Z")
    reason = item.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise CurationError(f"{where}: 'reason' must be text")
    if what == "reject" and not (reason or "").strip():
        raise CurationError(f"{where}: a rejection needs a 'reason'")
    into = item.get("into")
    if what == "merge":
        if not isinstance(into, str) or not UID.match(into):
            raise CurationError(f"{where}: a merge needs 'into', the id of the event it joins")
        if into == item["event"]:
            raise CurationError(f"{where}: an event cannot be merged into itself")
    elif into is not None:
        raise CurationError(f"{where}: 'into' is only for a merge")
    fields = item.get("set") or {}
    if what == "edit":
        fields = check_fields(fields, where)
    elif fields:
        raise CurationError(f"{where}: 'set' is only for an edit")
    article = item.get("article")
    if what == "detach":
        if not isinstance(article, str) or not article.startswith(("http://", "https://")):
            raise CurationError(f"{where}: a detach needs 'article', the article's URL")
    elif article is not None:
        raise CurationError(f"{where}: 'article' is only for a detach")
    return Decision(what=what, event=item["event"], who=item["who"], when=item["when"],
                    reason=reason, into=into, set=fields, article=article)


def check_fields(fields: Any, where: str) -> dict[str, Any]:
    """The fields of an edit, checked (regions as a sorted list of codes)."""
    if not isinstance(fields, dict) or not fields:
        raise CurationError(f"{where}: an edit needs 'set' with at least one of "
                            f"{', '.join(EDITABLE)}")
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            raise CurationError(f"{where}: cannot edit {key!r} (only {', '.join(EDITABLE)})")
        if key in ("actor", "subject"):
            if not isinstance(value, str) or not value.strip():
                raise CurationError(f"{where}: '{key}' must be an entity id")
        elif key == "action":
            if value not in ACTIONS:
                raise CurationError(f"{where}: 'action' must be one of {', '.join(ACTIONS)}")
        elif key == "regions":
            if isinstance(value, str):
                value = [v for v in re.split(r"[\s,]+", value) if v]
            if not isinstance(value, list) or not all(
                    isinstance(v, str) and (REGION.match(v) or v == "EU") for v in value):
                raise CurationError(f"{where}: 'regions' must be ISO 3166-1 alpha-2 codes "
                                    "(or EU), like [IT, SM]")
            value = sorted(set(value))
        elif key == "date":
            value = str(value)
            if not DATE.match(value) or not _valid_date(value):
                raise CurationError(f"{where}: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD")
        elif key == "effective_date" and value is not None:
            value = str(value)
            if not re.match(r"^\d{4}-\d{2}-\d{2}$", value) or not _valid_date(value):
                raise CurationError(f"{where}: 'effective_date' must be YYYY-MM-DD")
        out[key] = value
    return out


def _valid_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    try:
        datetime(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return False
    return True


def _is_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def append_decision(path: Path, decision: Decision) -> None:
    """Add one decision at the end of the file (created with its header when missing),
    written to a temporary file and renamed, so a crash leaves the old file whole."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if re.search(r"^decisions:\s*\[\]\s*$", text, re.M):
        text = re.sub(r"^decisions:\s*\[\]\s*$", "decisions:", text, flags=re.M)
    if not text.endswith("\n"):
        text += "\n"
    text += yaml.safe_dump([decision.to_yaml()], sort_keys=False, allow_unicode=True,
                           width=96)
    read_back = yaml.safe_load(text)
    if not isinstance(read_back, dict) or not isinstance(read_back.get("decisions"), list):
        raise CurationError(f"{path}: cannot append: 'decisions:' must be the file's last key")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
