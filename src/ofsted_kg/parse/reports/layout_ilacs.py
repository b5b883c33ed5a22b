"""Page-layout helpers for ILACS reports: lines with offsets, page furniture, text joining.

The reader gives one string per document with pages joined by form feeds. These
small pure functions cut it into ``Line`` records that keep their offsets into
that string, mark page furniture (running headers, page numbers, footnotes at the
foot of a page) and join wrapped lines back into prose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

PAGE_BREAK = "\f"

#: A line that is only a page number (or a footnote marker on its own line).
LONE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
#: The first line of a footnote at the foot of a page: "1 The areas for improvement ...".
FOOTNOTE_LINE_RE = re.compile(r"^\s*(\d{1,2})\s+[A-Z\u2018\u201c'\"(]")
#: Superscript digits, dropped wherever they appear in finding text.
SUPERSCRIPTS_RE = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
#: pdfium writes U+FFFE where a line ended in a hyphen inside a word ("decision\ufffemaking").
PDFIUM_HYPHEN = "\ufffe"
SOFT_HYPHEN = "\u00ad"
#: A numbered item: "1.", "2)", "(a)", "b)".
NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|\(?[a-z]\))\s*(?=\S)")
#: A bullet glyph (symbol-font glyphs come through in the private-use area); "o", dashes as sub-bullets.
BULLET_RE = re.compile(
    r"^\s*(?P<b>[\u2022\u25aa-\u25fe\u25a0-\u25a3\u25cf\u2023\u2043\u27a2\u25ba\u00b7\ue000-\uf8ff*]|[o\u2013\u2014-](?=\s))\s*"
)
#: A footnote marker on a line of its own.
LONE_MARK_RE = re.compile(r"^\s*\d{1,2}\s*$")
#: Words after a line-final hyphen that mean a suspended hyphen ("16- and 17-year-olds").
_SUSPENDED_NEXT = ("and ", "or ", "to ", "and\n", "or\n")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document text: ``text`` is ``source[start:end]`` (no newline)."""

    text: str
    start: int
    end: int
    page: int  # 0-based page index

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with its offsets; form feeds and newlines both end a line."""
    lines: list[Line] = []
    page = 0
    start = 0
    for match in re.finditer(r"[\n\f]", text):
        lines.append(Line(text[start : match.start()], start, match.start(), page))
        if match.group() == PAGE_BREAK:
            page += 1
        start = match.end()
    lines.append(Line(text[start:], start, len(text), page))
    return lines


def _key(text: str) -> str:
    """A comparison key for running headers: digits masked, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def _by_page(lines: list[Line]) -> dict[int, list[int]]:
    pages: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        pages.setdefault(line.page, []).append(index)
    return pages


def running_header_keys(lines: list[Line], depth: int = 4) -> set[str]:
    """Keys of lines that open at least two pages and at least 40% of pages after the first."""
    pages = _by_page(lines)
    counts: Counter[str] = Counter()
    for page, indices in pages.items():
        if page == 0:
            continue
        top = [lines[i].stripped for i in indices if lines[i].stripped][:depth]
        counts.update({_key(t) for t in top if not LONE_NUMBER_RE.match(t)})
    later = max(1, len(pages) - 1)
    return {k for k, c in counts.items() if c >= 2 and c >= 0.4 * later and len(k) > 3}


def footnote_markers(text: str) -> set[str]:
    """Numbers used as footnote markers: a digit glued to a word or a question mark."""
    found = set(re.findall(r"(?<=[A-Za-z?.,;:)\u2019])(\d{1,2})(?=[\s,.;:]|$)", text))
    found |= set(re.findall(r"(?m)^[ \t]*(\d{1,2})[ \t]*$", text))
    return found


def furniture(lines: list[Line]) -> set[int]:
    """Indices of lines that are page furniture rather than content."""
    flagged: set[int] = set()
    headers = running_header_keys(lines)
    full_text = "\n".join(line.text for line in lines)
    markers = footnote_markers(full_text)
    for page, indices in _by_page(lines).items():
        content = [i for i in indices if lines[i].stripped]
        # top of page: page numbers and running-header lines
        for i in content:
            text = lines[i].stripped
            if LONE_NUMBER_RE.match(text) or (page > 0 and _key(text) in headers):
                flagged.add(i)
                continue
            break
        # foot of page: page numbers, then a footnote block running to the end of the page
        for i in reversed(content):
            if i in flagged or not LONE_NUMBER_RE.match(lines[i].stripped):
                break
            flagged.add(i)
        remaining = [i for i in content if i not in flagged]
        flagged |= _footnote_block(lines, remaining, markers, full_text)
    return flagged


def _footnote_block(lines: list[Line], content: list[int], markers: set[str], full: str) -> set[int]:
    """The footnote lines at the foot of one page (from the last footnote start to the end)."""
    tail = content[-8:]
    for pos, i in enumerate(tail):
        match = FOOTNOTE_LINE_RE.match(lines[i].text)
        if not match or match.group(1) not in markers:
            continue
        rest = tail[pos:]
        if any(_starts_item(lines[j].text) for j in rest[1:]):
            continue
        # the marker must occur earlier in the document than the footnote itself
        if _marker_before(full, match.group(1), lines[i].start):
            return set(rest)
    return set()


def _marker_before(full: str, number: str, limit: int) -> bool:
    head = full[: min(limit, len(full))]
    glued = re.search(rf"(?<=[A-Za-z?.,;:)\u2019]){number}(?=[\s,.;:]|$)", head)
    alone = re.search(rf"(?m)^[ \t]*{number}[ \t]*$", head)
    return bool(glued or alone)


def _starts_item(text: str) -> bool:
    return bool(re.match(r"^\s*(?:\d{1,3}\.\s*[A-Z]|[\u25aa-\u25fe\u2022\u25cf\ue000-\uf8ff])", text))


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


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one string: hyphenation kept as written, whitespace collapsed."""
    out = ""
    for raw in parts:
        piece = raw.strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif out.endswith(SOFT_HYPHEN):
            out = out[:-1] + piece
        elif re.search(r"[A-Za-z0-9]-$", out) and piece[:1].islower() and not piece.startswith(_SUSPENDED_NEXT):
            out += piece  # "17-" + "year-old"
        else:
            out += " " + piece
    out = out.replace(PDFIUM_HYPHEN, "-").replace(SOFT_HYPHEN, "")
    out = SUPERSCRIPTS_RE.sub("", out)
    return re.sub(r"\s+", " ", out).strip()


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(PDFIUM_HYPHEN, "-")).strip()
