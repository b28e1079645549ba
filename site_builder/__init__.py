"""site_builder: a static-site generator for bilingual, fact-driven patient guides."""

__version__ = "0.1.0"
