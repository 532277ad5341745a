"""Glossary search: `layout` (the index's plain-data layout), `build` (terms → index
state), `index` (`SearchIndex`: ranked, typo-tolerant, incremental search) and `cache`
(the index on disk, by content version). This file only re-exports the entry points.
"""

from exoterm.core.search.cache import load_or_build
from exoterm.core.search.index import Hit, MatchKind, SearchIndex, fuzz_allowance, within

__all__ = ["Hit", "MatchKind", "SearchIndex", "fuzz_allowance", "load_or_build", "within"]
