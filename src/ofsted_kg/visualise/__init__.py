"""Pictures of theme links: the theme network (HTML, PNG, SVG, GraphML, GEXF) and
authority timelines, drawn from neutral tabular rows (``visualise.rows``).

``render_all`` (from ``visualise.render``) is available here too; it is imported
lazily so that reading rows does not load matplotlib.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "render_all":
        from .render import render_all

        return render_all
    raise AttributeError(name)
