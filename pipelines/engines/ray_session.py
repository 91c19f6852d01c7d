"""Connecting to Ray: an existing cluster (`address` or `RAY_ADDRESS`) or a local instance.

Workers import `quality` and `pipelines` from the installed project, so every node needs the
project installed (the same image or `uv sync`); nothing is shipped per job.
"""

from __future__ import annotations

import os
from typing import Any


def ensure_ray(*, address: str | None = None, num_cpus: int | None = None) -> Any:
    """Return the `ray` module, initialised once (a running session is reused as it is).

    `address` (or the `RAY_ADDRESS` environment variable) joins a cluster, e.g. `ray://head:10001`
    or `auto`; without either, a local instance with `num_cpus` CPUs is started.
    """
    # Under `uv run`, Ray would start workers through `uv run` in a packaged copy of the working
    # directory; workers use the driver's interpreter and installed project instead.
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    try:
        import ray
    except ImportError as error:
        raise RuntimeError(
            "the Ray engine needs the `ray` extra: run `uv sync --extra ray` (make env does)"
        ) from error

    if not ray.is_initialized():
        target = address or os.environ.get("RAY_ADDRESS")
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if target is None and num_cpus is not None:
            options["num_cpus"] = num_cpus
        ray.init(address=target, **options)
        _quiet_progress()
    return ray


def _quiet_progress() -> None:
    """Turn off Ray Data progress bars (they would interleave with the CLI's output)."""
    from ray.data import DataContext

    context = DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = True
