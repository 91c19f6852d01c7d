"""The one base class for errors a user can act on.

The CLI catches `CorpusgradeError` and prints its message as one line (file, line, field, what to
do) with a non-zero exit; anything else is a bug and keeps its traceback. Each package raises its
own subclass, so the message is written where the fault is known.
"""

from __future__ import annotations


class CorpusgradeError(Exception):
    """A fault in the input, settings or a service that the user can fix; str() is the message."""
