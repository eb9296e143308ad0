"""The extractor's version: a release number and a digest of everything that decides its output.

The digest covers the extractor's code, its grammar and lexicon files (`*.yml` here and in
`lang/`) and the gazetteer (`data/entities.yml`), so a stored extraction made by any other
combination is stale and `offlimits reextract --stale-only` reruns exactly those articles.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RELEASE = "2.0"
_HERE = Path(__file__).parent


def extractor_version(gazetteer_file: Path | None = None) -> str:
    """`2.0+<12 hex digits>`: the release and a SHA-256 over the code, grammar and gazetteer."""
    from offlimits.extract.gazetteer import ENTITIES_FILE  # local: gazetteer imports nothing here

    files = sorted([*_HERE.glob("*.py"), *_HERE.glob("*.yml"), *_HERE.glob("lang/*.yml")])
    files.append(Path(gazetteer_file or ENTITIES_FILE))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return f"{RELEASE}+{digest.hexdigest()[:12]}"
