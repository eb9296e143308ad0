"""offlimits: who put which AI tool off limits, where, and when."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/offlimits/offlimits"
