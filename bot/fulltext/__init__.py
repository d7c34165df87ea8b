"""A paper's full text: fetched once per version (arXiv HTML, else the PDF's text, else
nothing and the abstract stands), parsed into a frozen `FullText`, stored compressed.

Kept import-light on purpose: `bot.config` imports `bot.fulltext.settings`.
"""
