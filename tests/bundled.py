"""One build of the bundled data, shared by every test that needs the real graph."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path


@cache
def bundled_build_dir() -> Path:
    """Build the bundled letters and reports once per test session; returns the out dir."""
    from ofsted_kg import run_build

    out = Path(tempfile.mkdtemp(prefix="ofsted-kg-bundled-")) / "out"
    result = run_build(None, out, quiet=True)
    assert not result.failures, [f.line() for f in result.failures]
    return out
