"""List layout of ILACS reports: bullets (symbol-font glyphs, sub-bullets) and numbered items.

Lines, page furniture and text joining come from the shared ``pdf_lines`` layer; this
module reads the "What needs to improve" list over its content lines, so a list that
runs over a page break continues past the furniture between the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .pdf_lines import Line, collapse, content, join_lines, split_lines

__all__ = ["BULLET_RE", "Line", "collapse", "content", "join_lines", "list_items", "split_lines"]

#: A numbered item: "1.", "2)", "(a)", "b)".
NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|\(?[a-z]\))\s*(?=\S)")
#: A bullet glyph (symbol-font glyphs come through in the private-use area); "o", dashes as sub-bullets.
BULLET_RE = re.compile(
    r"^\s*(?P<b>[\u2022\u25aa-\u25fe\u25a0-\u25a3\u25cf\u2023\u2043\u27a2\u25ba\u00b7\ue000-\uf8ff*]|[o\u2013\u2014-](?=\s))\s*"
)
#: A footnote marker on a line of its own.
LONE_MARK_RE = re.compile(r"^\s*\d{1,2}\s*$")


def list_items(content: list[Line], first: int, is_heading: Callable[[int], bool]) -> list[list[tuple[Line, int]]]:
    """The bulleted or numbered list starting at ``content[first]``.

    Each item is a list of (line, offset of its first text character). A new item starts
    at the glyph (or numbering) of the first item; other glyphs are sub-bullets kept in
    their parent item; the list ends at a line for which ``is_heading(index)`` is true,
    at a numbered paragraph after a bulleted list, or at a line that is not part of it.
    """
    k = first
    while k < len(content) and (not content[k].stripped or LONE_MARK_RE.match(content[k].text)):
        k += 1  # blank lines and a footnote marker on its own line
    if k >= len(content):
        return []
    lead = BULLET_RE.match(content[k].text)
    numbered = NUMBERED_RE.match(content[k].text) if not lead else None
    if not lead and not numbered:
        return []
    glyph = lead.group("b") if lead else None
    items: list[list[tuple[Line, int]]] = []
    while k < len(content):
        line = content[k]
        if not line.stripped:
            k += 1
            continue
        bullet = BULLET_RE.match(line.text)
        number = NUMBERED_RE.match(line.text)
        is_new = (bullet and bullet.group("b") == glyph) if glyph else bool(number)
        if is_new:
            marker = bullet if glyph else number
            body = line.text[marker.end() :]
            if body.strip():
                items.append([(line, line.start + marker.end())])
            else:
                items.append([])  # an empty bullet: kept until text follows
        elif items and (bullet or not (is_heading(k) or (glyph and number))):
            if LONE_MARK_RE.match(line.text):
                k += 1
                continue
            lead_ws = len(line.text) - len(line.text.lstrip())
            items[-1].append((line, line.start + lead_ws))
        else:
            break
        k += 1
    return [item for item in items if item]
