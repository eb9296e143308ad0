"""EXTRACTOR_VERSION follows what decides the extractor's output, so --stale-only reruns it."""

import re
import shutil

from offlimits.extract import EXTRACTOR_VERSION
from offlimits.extract.gazetteer import ENTITIES_FILE
from offlimits.extract.version import extractor_version


def test_version_is_the_release_and_a_digest():
    assert re.fullmatch(r"\d+\.\d+\+[0-9a-f]{12}", EXTRACTOR_VERSION)
    assert extractor_version() == EXTRACTOR_VERSION  # stable within a tree


def test_a_gazetteer_edit_changes_the_version(tmp_path):
    copy = tmp_path / "entities.yml"
    shutil.copy(ENTITIES_FILE, copy)
    assert extractor_version(copy) == EXTRACTOR_VERSION
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# one more alias\n", encoding="utf-8")
    changed = extractor_version(copy)
    assert changed != EXTRACTOR_VERSION and changed.split("+")[0] == EXTRACTOR_VERSION.split("+")[0]
