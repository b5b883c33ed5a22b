"""The PDF-lines layer shared by the three report parsers (``earlier``, ``sif``, ``ilacs``).

The reader gives one string per document, pages joined by form feeds. This module cuts
it into ``Line`` records that keep their offsets into that string and their page, and
marks page furniture once for every parser:

- bare page numbers at the top or foot of a page;
- running headers and footers: lines at the top or foot of many pages that are the same
  once digits are masked (title, dates and page number), including a copy repeated at the
  top of page 1 (flagged there when its lines come again lower on page 1, or when it
  carries a date or page number and the page's own title follows it);
- the footnote block at the foot of a page ("1 The areas for improvement ..."), whose
  numbers are kept on every line of the page so markers glued to words can be removed.

It also joins wrapped lines into prose (``join_lines``) and wrapped table cells into one
cell (``wrapped_cells``). Lists read over ``content`` lines, so a list that runs over a
page break continues past the furniture between its pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..text import PDFIUM_HYPHEN, collapse  # noqa: F401 (collapse: the reports' import point)

PAGE_BREAK = "\f"
SOFT_HYPHEN = "\u00ad"

#: A line that is only a page number (or a footnote marker on its own line).
LONE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
#: The first line of a footnote: "1 The areas for improvement ...".
FOOTNOTE_LINE_RE = re.compile(r"^\s*(\d{1,2})(?:\s+[A-Z\u2018\u201c'\"(]|\s*$)")
#: Superscript digits, dropped wherever they appear in finding text.
SUPERSCRIPTS_RE = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
#: Words after a line-final hyphen that mean a suspended hyphen ("16- and 17-year-olds").
_WORD_HYPHEN_END = re.compile(r"[A-Za-z0-9]-$")
_SUSPENDED_NEXT = ("and ", "or ", "to ", "and\n", "or\n")
#: A line that starts a list item (number or bullet glyph).
_ITEM_START_RE = re.compile(r"^\s*(?:\d{1,3}\.\s*[A-Z]|[\u25aa-\u25fe\u2022\u25cf\ue000-\uf8ff])")
#: A sentence saying there is nothing to list ("There are no areas for priority action.").
NOTHING_RE = re.compile(
    r"^(?:there\s+(?:are|were|is)\s+no\s+(?:further\s+|other\s+)?(?:areas?|priority|recommendations?|actions?|items?)\b"
    r"|no\s+(?:areas?|priority|recommendations?|actions?)\b.{0,80}\b(?:were|was|are|is)\s+"
    r"(?:identified|found|made|needed|required)\b|none\b\.?$|not\s+applicable\b)",
    re.I,
)
#: The first line of a report's title.
TITLE_START_RE = re.compile(r"^\s*(?:Re-?\s?inspection|Inspection|Review)\s+of\b", re.I)
#: How many lines at the top and foot of a page may be running header or footer.
HEADER_DEPTH, FOOTER_DEPTH = 4, 2
#: A running header must open at least this share of the pages after the first.
HEADER_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document text: ``text`` is ``source[start:end]`` (no newline)."""

    text: str
    start: int  # offset of the first character in the document text
    page: int  # 0-based page index
    furniture: bool = False
    footnotes: frozenset[str] = field(default=frozenset())  # footnote numbers of the page

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()


def raw_lines(text: str) -> list[Line]:
    """Every line of ``text`` with its offsets; form feeds and newlines both end a line."""
    lines: list[Line] = []
    page = 0
    start = 0
    for match in re.finditer(r"[\n\f]", text):
        lines.append(Line(text[start : match.start()], start, page))
        if match.group() == PAGE_BREAK:
            page += 1
        start = match.end()
    lines.append(Line(text[start:], start, page))
    return lines


def split_lines(text: str) -> list[Line]:
    """Every line of ``text``, with page furniture flagged and footnote numbers attached.

    The parsers of one document each ask for the lines of its whole text; the answer for the
    last few texts is kept (lines are immutable; each caller gets its own list)."""
    return list(_split_lines(text))


@lru_cache(maxsize=4)
def _split_lines(text: str) -> tuple[Line, ...]:
    lines = raw_lines(text)
    flagged, notes = page_furniture(lines)
    return tuple(
        Line(line.text, line.start, line.page, i in flagged, notes.get(line.page, frozenset()))
        for i, line in enumerate(lines)
    )


def content(lines: Iterable[Line]) -> list[Line]:
    """The lines that are neither furniture nor blank."""
    return [ln for ln in lines if not ln.furniture and ln.stripped]


def by_page(lines: list[Line]) -> dict[int, list[int]]:
    pages: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        pages.setdefault(line.page, []).append(index)
    return pages


def furniture_key(text: str) -> str:
    """A comparison key for running headers: digits masked, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def running_header_keys(lines: list[Line]) -> set[str]:
    """Keys of lines at the top or foot of at least two pages and a share of those after the first."""
    pages = by_page(lines)
    counts: Counter[str] = Counter()
    for page, indices in pages.items():
        if page == 0:
            continue
        filled = [lines[i].stripped for i in indices if lines[i].stripped]
        edge = filled[:HEADER_DEPTH] + filled[-FOOTER_DEPTH:]
        counts.update({furniture_key(t) for t in edge if not LONE_NUMBER_RE.match(t)})
    later = max(1, len(pages) - 1)
    return {k for k, c in counts.items() if c >= 2 and c >= HEADER_SHARE * later and len(k) > 3}


def page_furniture(lines: list[Line]) -> tuple[set[int], dict[int, frozenset[str]]]:
    """(indices of furniture lines, footnote numbers by page)."""
    flagged: set[int] = set()
    notes: dict[int, frozenset[str]] = {}
    headers = running_header_keys(lines)
    full_text = "\n".join(line.text for line in lines)
    markers = footnote_markers(full_text)
    for page, indices in by_page(lines).items():
        filled = [i for i in indices if lines[i].stripped]
        flagged |= _top_block(lines, filled, headers, page)
        flagged |= _foot_block(lines, filled, headers, flagged)
        remaining = [i for i in filled if i not in flagged]
        block = _footnote_block(lines, remaining, markers, full_text)
        flagged |= block
        numbers = {m.group(1) for i in block if (m := FOOTNOTE_LINE_RE.match(lines[i].text))}
        if numbers:
            notes[page] = frozenset(numbers)
    return flagged, notes


def _top_block(lines: list[Line], filled: list[int], headers: set[str], page: int) -> set[int]:
    """Page numbers and running-header lines opening a page.

    On page 1 the run of header lines is furniture only when its lines come again lower
    on the page, or when it carries a date or page number and a title of the page's own
    follows it: a title alone is the same text as the header of later pages, and is kept.
    """
    run: list[int] = []
    for depth, i in enumerate(filled):
        text = lines[i].stripped
        if LONE_NUMBER_RE.match(text):
            run.append(i)
            continue
        if depth >= HEADER_DEPTH + 1 or furniture_key(text) not in headers:
            break
        run.append(i)
    if page > 0:
        return set(run)
    numbers = {i for i in run if LONE_NUMBER_RE.match(lines[i].stripped)}
    header = [i for i in run if i not in numbers]
    if not header:
        return numbers
    repeated = all(
        _repeated_below(lines, filled, filled.index(i), furniture_key(lines[i].stripped))
        for i in header
    )
    dated = any(re.search(r"\d", lines[i].stripped) for i in header)
    below = filled[filled.index(run[-1]) + 1 :][:8]
    titled = any(TITLE_START_RE.match(lines[i].text) for i in below)
    return set(run) if repeated or (dated and titled) else numbers


def _repeated_below(lines: list[Line], filled: list[int], depth: int, key: str) -> bool:
    return any(furniture_key(lines[j].stripped) == key for j in filled[depth + 1 : depth + 12])


def _foot_block(
    lines: list[Line], filled: list[int], headers: set[str], flagged: set[int]
) -> set[int]:
    """Page numbers and running-footer lines closing a page."""
    found: set[int] = set()
    for depth, i in enumerate(reversed(filled)):
        text = lines[i].stripped
        if i in flagged or depth >= FOOTER_DEPTH + 1:
            break
        if LONE_NUMBER_RE.match(text) or (
            furniture_key(text) in headers and re.search(r"\d", text)
        ):
            found.add(i)
            continue
        break
    return found


def footnote_markers(text: str) -> set[str]:
    """Numbers used as footnote markers: a digit glued to a word or a question mark."""
    found = set(re.findall(r"(?<=[A-Za-z?.,;:)\u2019])(\d{1,2})(?=[\s,.;:]|$)", text))
    found |= set(re.findall(r"(?m)^[ \t]*(\d{1,2})[ \t]*$", text))
    return found


def _footnote_block(
    lines: list[Line], content_: list[int], markers: set[str], full: str
) -> set[int]:
    """The footnote lines at the foot of one page (from the first footnote start to the end)."""
    tail = content_[-12:]
    for pos, i in enumerate(tail):
        match = FOOTNOTE_LINE_RE.match(lines[i].text)
        if not match or match.group(1) not in markers or LONE_NUMBER_RE.match(lines[i].text):
            continue
        rest = tail[pos:]
        if any(_ITEM_START_RE.match(lines[j].text) for j in rest[1:]):
            continue
        if pos == 0 and len(content_) <= len(tail):
            continue  # a whole page of numbered lines is content, not footnotes
        if _marker_before(full, match.group(1), lines[i].start):
            return {j for j in range(rest[0], lines_end(lines, rest[-1]))}
    return set()


def lines_end(lines: list[Line], last: int) -> int:
    """One past the last line of the page that holds line ``last`` (blank lines included)."""
    page = lines[last].page
    end = last + 1
    while end < len(lines) and lines[end].page == page:
        end += 1
    return end


def _marker_before(full: str, number: str, limit: int) -> bool:
    head = full[: min(limit, len(full))]
    glued = re.search(rf"(?<=[A-Za-z?.,;:)\u2019]){number}(?=[\s,.;:]|$)", head)
    alone = re.search(rf"(?m)^[ \t]*{number}[ \t]*$", head)
    return bool(glued or alone)


def _last_two(pieces: list[str]) -> str:
    tail = ""
    for piece in reversed(pieces):
        tail = piece + tail
        if len(tail) >= 2:
            break
    return tail[-2:]


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one string: hyphenation kept as written, whitespace collapsed.

    Linear in the text: the pieces are collected in a list and only the joined text's last
    two characters are looked at (a report's whole prose is joined at once)."""
    pieces: list[str] = []
    for raw in parts:
        piece = raw.strip()
        if not piece:
            continue
        if not pieces:
            pieces.append(piece)
        elif pieces[-1].endswith(SOFT_HYPHEN):
            pieces[-1] = pieces[-1][:-1]
            pieces.append(piece)
        elif (
            _WORD_HYPHEN_END.search(_last_two(pieces))
            and piece[:1].islower()
            and not piece.startswith(_SUSPENDED_NEXT)
        ):
            pieces.append(piece)  # "17-" + "year-old"
        else:
            pieces.append(" " + piece)
    out = "".join(pieces)
    out = out.replace(PDFIUM_HYPHEN, "-").replace(SOFT_HYPHEN, "")
    out = SUPERSCRIPTS_RE.sub("", out)
    return re.sub(r"\s+", " ", out).strip()


def wrapped_cells(cells: list[str], ends: re.Pattern[str]) -> list[tuple[str, int]]:
    """Table cells with their wrapped continuations joined back on: (cell, index of its last line).

    A cell that continues on the next line ("Requires improvement" / "to be good", "The
    impact of leaders on social work practice with children" / "and families") is joined
    with the continuation when the continuation starts in lower case, or when joining makes
    a value that ``ends`` matches and the cell alone does not.
    """
    out: list[tuple[str, int]] = []
    for index, cell in enumerate(cells):
        text = collapse(cell)
        if not text:
            continue
        if out:
            joined = f"{out[-1][0]} {text}"
            if text[:1].islower() or (
                ends.search(joined) and not ends.search(out[-1][0]) and len(text) < 40
            ):
                out[-1] = (joined, index)
                continue
        out.append((text, index))
    return out
