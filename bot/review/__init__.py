"""Reviews in the house style: from a feed article, from an LLM, or offline from the abstract.

`Reviewer` (the facade) picks the producer and caches reviews in the store;
`render_text` gives the house plain-text format; `review_message` the message (with the
post's view, see bot.presentation) adapters render. See bot/review/extractive.py,
article.py and llm.py for the producers.
"""

from bot.review.render import header_line, render_text, review_message, subscribe_topic
from bot.review.reviewer import PRODUCERS, Reviewer

__all__ = [
    "PRODUCERS",
    "Reviewer",
    "header_line",
    "render_text",
    "review_message",
    "subscribe_topic",
]
