"""Layout helpers shared by the 2012-2018 report parsers (``earlier`` and ``sif``).

Pure functions over the document text (pages joined with form feeds):

- lines, page furniture and footnote numbers come from the shared ``pdf_lines`` layer;
- ``clean_join`` turns a run of lines into finding text (bullets, footnote markers,
  hyphenation and whitespace dealt with);
- ``extract_items`` walks a recommendations / areas-for-improvement block by its
  structure: numbered or bulleted items, sub-points, sub-headings, and the heading
  that ends the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pdf_lines import Line, collapse, content, join_lines, split_lines

__all__ = ["Item", "Line", "clean_join", "collapse", "content", "extract_items", "item_marker", "split_lines", "strip_markers"]

BULLETS = "\uf06e\uf02d\uf0be\uf0b7\uf0a7\u2022\u25aa\u25cf\u25e6\u2023\u2043\uf0d8\uf0fc"
_BULLET_RE = re.compile(rf"^\s*[{BULLETS}]\s*")
_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\.(?!\d)\s*(?=\S)")
_TERMINAL = (".", ";", ":", "!", "?", ")", ".\u201d", ".\u2019")


def strip_markers(text: str, notes: frozenset[str]) -> str:
    """Remove footnote reference numbers glued to the end of a word ("board1")."""
    for note in sorted(notes, key=len, reverse=True):
        text = re.sub(
            rf"(?:(?<=[A-Za-z\)\u2019\u201d'])|(?<=[A-Za-z]\.)){note}(?=\s|$|[,;:])", "", text
        )
    return text


def item_marker(text: str) -> tuple[str | None, int]:
    """('number'|'bullet'|None, length of the marker) for a line."""
    m = _NUMBER_RE.match(text)
    if m:
        return "number", m.end()
    m = _BULLET_RE.match(text)
    if m and m.end() < len(text):
        return "bullet", m.end()
    return None, 0


def clean_join(parts: list[str]) -> str:
    """Join item lines: bullets dropped, hyphenation joined, whitespace collapsed."""
    return join_lines([_BULLET_RE.sub("", part) for part in parts])


# --------------------------------------------------------------------- blocks

#: Headings that open a block of improvement items.
BLOCK_START_RE = re.compile(
    r"(?:recommendations?|what (?:does|do|should) (?:the )?.{1,80}? (?:need to )?improve\??"
    r"|areas? for (?:improvement|development)|priority (?:and immediate )?actions?"
    r"|what needs to improve.{0,60})",
    re.I,
)
#: Headings that group items by priority within a block.
CATEGORY_RE = re.compile(
    r"(?:priority (?:and immediate )?actions?|areas? for (?:improvement|development))", re.I
)
#: Headings that group items by timescale ("Immediately:", "Within three months:").
TIMESCALE_RE = re.compile(
    r"(?:immediately|within (?:\w+|\d+) (?:days?|weeks?|months?|years?)"
    r"|in the (?:short|medium|longer?) term)",
    re.I,
)
#: Headings that always end a block, whatever follows them.
STOP_RE = re.compile(
    r"(?:.*\bstrengths\b.*|summary\b.*|executive summary|information about.*|progress since.*"
    r"|inspection findings.*|inspection judgements?.*|what the .*|the local safeguarding.*"
    r"|the lscb.*|section \d.*|contents|overall effectiveness.*|record of main findings"
    r"|grade \d.*|the experiences and progress.*|the effectiveness of.*)",
    re.I,
)
_INTRO_RE = re.compile(
    r"^(?:in order to\b|.*\b(?:should|must|needs? to|will)\b.{0,40}\btake the following\b)", re.I
)


@dataclass(frozen=True, slots=True)
class Item:
    section: str
    text: str
    start: int
    end: int


def _heading_text(line: Line) -> str:
    return collapse(strip_markers(line.stripped, line.footnotes)).rstrip(":").strip()


def _looks_heading(line: Line) -> bool:
    text = line.stripped
    return (
        len(text) < 75
        and text[:1].isupper()
        and not text.endswith((".", ","))
        and item_marker(text)[0] is None
    )


def extract_items(lines: list[Line], start_re: re.Pattern[str] = BLOCK_START_RE) -> list[Item]:
    """Every item of every improvement block, in document order."""
    rows = content(lines)
    items: list[Item] = []
    i = 0
    while i < len(rows):
        line = rows[i]
        if line.page > 0 and start_re.fullmatch(_heading_text(line)) and _looks_heading(line):
            found, i = _block(rows, i)
            items.extend(found)
        else:
            i += 1
    return items


def _block(rows: list[Line], at: int) -> tuple[list[Item], int]:
    top: str | None = _heading_text(rows[at])
    category: str | None = None
    timescale: str | None = None
    topic: str | None = None
    kind: str | None = None
    current: list[tuple[Line, int]] = []  # (line, offset of item text within the line)
    section = ""
    items: list[Item] = []
    preface = 0

    def close() -> None:
        nonlocal kind
        if not current:
            return
        parts = [strip_markers(ln.text[off:], ln.footnotes) for ln, off in current]
        text = clean_join(parts)
        first, off = current[0]
        last = current[-1][0]
        current.clear()
        if _INTRO_RE.match(text) and text.endswith((":", ".")) and "following" in text:
            kind = None  # an introduction ("the local authority should take the following action")
            return
        if text:
            start = first.start + off + (len(first.text[off:]) - len(first.text[off:].lstrip()))
            end = last.start + len(last.text.rstrip())
            items.append(Item(section, text, start, end))

    def starts_item(line: Line, want: str | None) -> bool:
        marker = item_marker(line.text)[0]
        return marker is not None and (want is None or marker == want)

    i = at + 1
    while i < len(rows):
        line = rows[i]
        marker, width = item_marker(line.text)
        if marker and (kind is None or marker == kind):
            close()
            kind = kind or marker
            section = ": ".join(p for p in (top, category, timescale, topic) if p)
            current.append((line, width))
            i += 1
            continue
        so_far = clean_join([ln.text[off:] for ln, off in current]) if current else ""
        after_end = not current or so_far.endswith(_TERMINAL) or line.stripped.endswith(":")
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        wrapped = nxt is not None and nxt.stripped[:1].islower() and len(line.stripped) >= 60
        if after_end and _looks_heading(line) and not wrapped:
            heading = _heading_text(line)
            if STOP_RE.fullmatch(heading):
                break
            close()
            nxt2 = rows[i + 2] if i + 2 < len(rows) else None
            if nxt is None:
                break
            if not starts_item(nxt, kind):
                if not (_looks_heading(nxt) and nxt2 is not None and starts_item(nxt2, kind)):
                    break
            if CATEGORY_RE.fullmatch(heading):
                if top and CATEGORY_RE.fullmatch(top):
                    top = None
                category, timescale, topic = heading, None, None
            elif TIMESCALE_RE.fullmatch(heading):
                timescale, topic = heading, None
            else:
                topic = heading
            i += 1
            continue
        if current:
            current.append((line, len(line.text) - len(_BULLET_RE.sub("", line.text))))
        else:
            preface += 1
            if preface > 6:
                break
        i += 1
    close()
    return items, i
