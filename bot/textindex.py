"""The analyser topic matching uses: the search index's own tokenizer and stemmer.

They live in storage (`storage.unicode61`, `storage.porter`, `storage.analyzer`), beside
the index whose tokenization they reproduce; this module names them for the core, so
`bot/` asks for an `Analyzer` without knowing how the index is built.
"""

from __future__ import annotations

from storage.analyzer import Analyzer
from storage.porter import porter_stem

__all__ = ["Analyzer", "porter_stem"]
