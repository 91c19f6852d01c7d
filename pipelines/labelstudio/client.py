"""A thin wrapper over the Label Studio SDK: where the server is, bounded retries, clear errors.

The SDK retries POSTs on its own, which can land an import twice; every call here passes
`max_retries=0` and retries only what is safe to repeat (reads, and writes guarded by a check),
a bounded number of times, then raises `LabelStudioUnavailable` with a sentence an operator
understands.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
from label_studio_sdk.client import LabelStudio
from label_studio_sdk.core.api_error import ApiError
from label_studio_sdk.core.request_options import RequestOptions

from pipelines.labelstudio.paths import ServerPaths, labelstudio_home
from pipelines.labelstudio.state import load_state
from schemas.errors import CorpusgradeError

URL_ENV = "CORPUSGRADE_LS_URL"
TOKEN_ENV = "CORPUSGRADE_LS_TOKEN"
NO_SDK_RETRY: RequestOptions = {"max_retries": 0}
T = TypeVar("T")


class LabelStudioUnavailable(CorpusgradeError, RuntimeError):
    """The server could not be reached (or kept failing) after bounded retries."""


class LabelStudioNotConfigured(CorpusgradeError, RuntimeError):
    """Neither the environment nor a state file says where Label Studio is."""


@dataclass(frozen=True)
class Connection:
    """Where a Label Studio server is and the token to use (legacy token or JWT)."""

    url: str
    token: str

    def __repr__(self) -> str:
        """Never print the token."""
        return f"Connection(url={self.url!r}, token=***)"


def resolve_connection(*, paths: ServerPaths | None = None) -> Connection:
    """Find the server: `CORPUSGRADE_LS_URL`/`CORPUSGRADE_LS_TOKEN` first, else the state file."""
    url, token = os.environ.get(URL_ENV), os.environ.get(TOKEN_ENV)
    if url and token:
        return Connection(url=url.rstrip("/"), token=token)
    home = paths or ServerPaths(labelstudio_home())
    state = load_state(home.state_file)
    if state is None:
        message = (
            f"Label Studio is not configured: set {URL_ENV} and {TOKEN_ENV}, "
            "or run `corpusgrade labelstudio up`"
        )
        raise LabelStudioNotConfigured(message)
    return Connection(url=state.url, token=token or state.token)


def connect(connection: Connection, *, timeout: float = 120.0) -> LabelStudio:
    """Build an SDK client; `base_url` is always passed (the SDK's default port is wrong)."""
    return LabelStudio(base_url=connection.url, api_key=connection.token, timeout=timeout)


def is_transient(error: Exception) -> bool:
    """Connection failures and 5xx/408/429 answers are worth another try; 4xx are not."""
    if isinstance(error, httpx.TransportError):
        return True
    return isinstance(error, ApiError) and (
        error.status_code is None or error.status_code >= 500 or error.status_code in (408, 429)
    )


def with_retries(
    action: Callable[[], T], *, what: str, attempts: int = 3, backoff: float = 0.5
) -> T:
    """Run `action`, retrying transient failures up to `attempts` times with doubling waits.

    Only pass actions that are safe to repeat.
    """
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except (httpx.TransportError, ApiError) as error:
            if not is_transient(error):
                raise
            if attempt == attempts:
                message = (
                    f"Label Studio unavailable: {what} failed {attempts} times ({error!s:.200})"
                )
                raise LabelStudioUnavailable(message) from error
            time.sleep(backoff * 2 ** (attempt - 1))
    message = f"{what}: attempts must be at least 1"
    raise ValueError(message)
