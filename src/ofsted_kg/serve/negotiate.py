"""HTTP content negotiation: the best of the media types we offer for an ``Accept`` header.

RFC 9110 §12.5.1: media ranges with quality values; ``type/*`` and ``*/*`` wildcards; a more
specific range overrides a wildcard; ``q=0`` refuses a type. Ties go to the order we offer.
"""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]`` in the header's order; an absent or empty header accepts anything."""
    ranges = []
    for part in (header or "*/*").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges or [("*/*", 1.0)]


def quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the header gives ``media``: that of its most specific matching range."""
    kind = media.split("/")[0] + "/*"
    for pattern in (media, kind, "*/*"):
        found = [q for r, q in ranges if r == pattern]
        if found:
            return max(found)
    return 0.0


def best(offered: list[str], header: str | None) -> str | None:
    """The offered media type the client prefers most (first offered wins a tie), or None."""
    ranges = parse_accept(header)
    scored = [(quality(m, ranges), -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored)
    return media if q > 0 else None
