"""Errors only the web raises; they extend the one MldrillsError hierarchy."""

from __future__ import annotations

from mldrills.errors import MldrillsError


class BadRequest(MldrillsError):
    """The request itself is malformed (e.g. a body that is not JSON)."""

    http_status = 400
    title = "Bad request"


class NotAuthenticated(MldrillsError):
    """The page or call needs a signed-in user."""

    http_status = 401
    title = "Sign-in required"


class PayloadTooLarge(MldrillsError):
    """The request body, or the code in it, is over a stated limit."""

    http_status = 413
    title = "Too large"


class UnsupportedMediaType(MldrillsError):
    """The body is not in the format the endpoint reads."""

    http_status = 415
    title = "Unsupported media type"


class TooManyRequests(MldrillsError):
    """A rate or queue limit was hit; ``retry_after`` says when to try again."""

    http_status = 429
    title = "Too many requests"

    def __init__(self, message: str, *, hint: str | None = None, retry_after: int = 5) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after
