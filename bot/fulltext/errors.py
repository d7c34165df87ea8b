"""Why a full text could not be had. Every failure leaves the abstract review in place."""

from __future__ import annotations

from enum import StrEnum

from bot.fulltext.document import Validators


class FailureReason(StrEnum):
    NOT_FOUND = "not_found"  # 404/410: many older papers have no HTML
    NOT_LATEXML = "not_latexml"  # an HTML page that is not a LaTeXML rendering
    TRUNCATED = "truncated"  # the page stops before its end
    NO_TEXT = "no_text"  # a scanned PDF, an empty document
    ENCRYPTED = "encrypted"  # a PDF we may not read
    TOO_LARGE = "too_large"  # over [fulltext] max_bytes
    UNREADABLE = "unreadable"  # a broken PDF, a body that is neither HTML nor PDF
    FETCH_FAILED = "fetch_failed"  # refused, timed out, 5xx or 429 after the retries


class FullTextError(Exception):
    """A fetch or parse failed; the message is one line a user can act on."""

    def __init__(
        self, reason: FailureReason, message: str, *, validators: Validators | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.validators = validators  # the failed HTML page's, for a conditional retry


__all__ = ["FailureReason", "FullTextError"]
