"""Text in, facts out: relevance, entities, dates and restriction events. No I/O, no database."""

from offlimits.extract.extractor import extract
from offlimits.extract.gazetteer import Gazetteer, GazetteerError, load_gazetteer

EXTRACTOR_VERSION = "1.0.0"

__all__ = ["EXTRACTOR_VERSION", "Gazetteer", "GazetteerError", "extract", "load_gazetteer"]
