"""Text in, facts out: relevance, entities, dates and restriction events. No I/O, no database."""

from offlimits.extract.extractor import extract
from offlimits.extract.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from offlimits.extract.version import extractor_version

# computed once per process: a change to the code, grammar, lexicons or gazetteer changes it
EXTRACTOR_VERSION = extractor_version()

__all__ = ["EXTRACTOR_VERSION", "Gazetteer", "GazetteerError", "extract", "load_gazetteer"]
