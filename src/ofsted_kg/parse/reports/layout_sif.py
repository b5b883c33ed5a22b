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

from .pdf_lines import NOTHING_RE, Line, collapse, content, join_lines, split_lines

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


class _BlockReader:
    """Reads one improvement block, line by line, from the heading at ``rows[at]``.

    State: the heading levels the current item sits under (top heading, priority
    category, timescale, topic), the marker kind of the list (number or bullet) and the
    lines of the item being read.
    """

    def __init__(self, rows: list[Line], at: int) -> None:
        self.rows = rows
        self.top: str | None = _heading_text(rows[at])
        self.category: str | None = None
        self.timescale: str | None = None
        self.topic: str | None = None
        self.kind: str | None = None
        self.current: list[tuple[Line, int]] = []  # (line, offset of item text within the line)
        self.section = ""
        self.items: list[Item] = []
        self.preface = 0

    def read(self, at: int) -> tuple[list[Item], int]:
        i = at + 1
        while i < len(self.rows):
            step = self.step(i)
            if step is None:
                break
            i += step
        self.close()
        return self.items, i

    def step(self, i: int) -> int | None:
        """Lines consumed at ``rows[i]``, or None where the block ends."""
        line = self.rows[i]
        marker, width = item_marker(line.text)
        # a new item: the list's own marker kind (the first marker seen sets it)
        if marker and (self.kind is None or marker == self.kind):
            self.start_item(line, marker, width)
            return 1
        # a heading between items: a sub-heading that groups the items after it, or the end
        if self.at_heading(i):
            return self.heading(i)
        # the rest: a wrapped line of the current item, or the block's introduction
        if self.current:
            self.current.append((line, len(line.text) - len(_BULLET_RE.sub("", line.text))))
            return 1
        self.preface += 1
        return None if self.preface > 6 else 1

    # -- items --------------------------------------------------------------------------

    def start_item(self, line: Line, marker: str, width: int) -> None:
        self.close()
        self.kind = self.kind or marker
        self.section = ": ".join(p for p in (self.top, self.category, self.timescale, self.topic) if p)
        self.current.append((line, width))

    def close(self) -> None:
        """End the item being read; an introduction or a "there are none" sentence is no item."""
        if not self.current:
            return
        current, self.current = self.current, []
        text = clean_join([strip_markers(ln.text[off:], ln.footnotes) for ln, off in current])
        if _INTRO_RE.match(text) and text.endswith((":", ".")) and "following" in text:
            self.kind = None  # "the local authority should take the following action"
            return
        if not text or NOTHING_RE.match(text):
            return
        first, off = current[0]
        last = current[-1][0]
        start = first.start + off + (len(first.text[off:]) - len(first.text[off:].lstrip()))
        end = last.start + len(last.text.rstrip())
        self.items.append(Item(self.section, text, start, end))

    # -- headings -----------------------------------------------------------------------

    def at_heading(self, i: int) -> bool:
        line = self.rows[i]
        so_far = clean_join([ln.text[off:] for ln, off in self.current]) if self.current else ""
        after_end = not self.current or so_far.endswith(_TERMINAL) or line.stripped.endswith(":")
        nxt = self.rows[i + 1] if i + 1 < len(self.rows) else None
        wrapped = nxt is not None and nxt.stripped[:1].islower() and len(line.stripped) >= 60
        return after_end and _looks_heading(line) and not wrapped

    def heading(self, i: int) -> int | None:
        """Take the heading at ``rows[i]`` as a sub-heading (lines consumed) or end the block."""
        heading = _heading_text(self.rows[i])
        if STOP_RE.fullmatch(heading):
            return None
        self.close()  # an introduction ends here, and frees the marker kind
        if self._first_item_after(i) is None:
            return None
        if CATEGORY_RE.fullmatch(heading):
            if self.top and CATEGORY_RE.fullmatch(self.top):
                self.top = None
            self.category, self.timescale, self.topic = heading, None, None
        elif TIMESCALE_RE.fullmatch(heading):
            self.timescale, self.topic = heading, None
        else:
            self.topic = heading
        return 1

    def _first_item_after(self, i: int) -> int | None:
        """Index of the item a heading introduces: next line, or after a sub-heading or an
        introductory sentence ("In addition, the local authority should:"); None if none."""
        for j in range(i + 1, min(i + 4, len(self.rows))):
            line = self.rows[j]
            if item_marker(line.text)[0] is not None and (self.kind is None or item_marker(line.text)[0] == self.kind):
                return j
            if not (_looks_heading(line) or _is_preamble(line) or NOTHING_RE.match(line.stripped)):
                return None
        return None


def _is_preamble(line: Line) -> bool:
    text = line.stripped
    return text.endswith(":") and len(text) < 160 or bool(_INTRO_RE.match(text))


def _block(rows: list[Line], at: int) -> tuple[list[Item], int]:
    """The items of the block whose heading is ``rows[at]``, and the index where it ended."""
    return _BlockReader(rows, at).read(at)
