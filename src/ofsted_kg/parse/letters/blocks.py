"""Line-level structure of UCRA letters: bullets, headings, page furniture, findings.

Works on ``source.text`` line by line, keeping every line's offset so that a
finding's ``start``/``end`` index the text the parser worked on.

Continuation or new finding (inside a findings section, after headings, page
furniture and closing boilerplate have been set aside); the rules, in order:

1. No finding open yet: the line opens one.
2. *Hanging indent*: a line without a bullet glyph, indented by at least two
   spaces and at least as far as the text of the open finding's first line, is
   a wrapped line of that finding (the usual typographic convention).
3. The open finding's last line ends *mid-sentence* (its last character is not
   ``. ! ? : ;``, allowing closing quotes/brackets after it):

   - a line without a glyph continues the finding (wrapped line, or the rest of
     a sentence pushed past a page break);
   - a line with a glyph continues it only if its text starts lower-case (the
     glyph is then a stray artefact of the page break: Wandsworth's
     "...well used by managers to" / "- ensure cases are ..."); a glyph and a
     capital start a new finding (a finding that lacked its full stop).
4. The open finding ended a sentence: the line opens a new finding, whether it
   carries a glyph, a single leading space (the glyph was lost in extraction,
   as often happens to the first bullet of a section), or nothing; except a
   glyph-less line starting lower-case, which cannot open a finding and so
   continues the open one.

Hyphenation: a line ending in ``letter-`` followed by a line starting
lower-case is joined without a space and the hyphen kept ("decision-" +
"making" -> "decision-making"): Ofsted prose hyphenates compounds, and a lost
hyphen is worse than a kept soft one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import (
    AREA_FOR_DEVELOPMENT,
    AREA_FOR_PRIORITY_ACTION,
    SATISFACTORY,
    STRENGTH,
)

#: Private-use glyphs (Symbol/Wingdings bullets extracted from PDFs).
PUA = "\ue000-\uf8ff"
#: Glyphs that are bullets wherever they stand alone (also stripped mid-line).
STRAY_GLYPHS = "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u00b7\u0192\u27a2\u25ba\u2219"

BULLET_RE = re.compile(
    rf"^(?P<indent>[ \t\u00a0]*)"
    rf"(?P<glyph>[{PUA}{STRAY_GLYPHS}]+[ \t\u00a0]*"
    rf"|[-\u2013\u2014*>o][ \t\u00a0]+"
    rf"|\d{{1,2}}[.)][ \t\u00a0]+"
    rf"|\((?:[a-z]|[ivx]{{1,4}}|\d{{1,2}})\)[ \t\u00a0]+"
    rf"|[a-h][.)][ \t\u00a0]+)?"
)
_MID_GLYPH_RE = re.compile(rf"[{PUA}]|(?<!\S)[{STRAY_GLYPHS}](?!\S)")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*$|^\s*-\s*\d{1,3}\s*-\s*$", re.I
)
_LETTERHEAD_RE = re.compile(r"ofsted\.gov\.uk|^\s*(?:Direct\s+[TF]\b|T\s+0\d{3})", re.I)
def wrapped_heading(lines: list[Line], position: int) -> tuple[str | None, str, int]:
    """A heading at ``lines[position]``, possibly wrapped over up to four lines.

    Returns (category, heading as written, number of lines used). A wrapped
    heading starts flush left without a glyph; its other lines carry no glyph
    and it ends before a line that ends a sentence.
    """
    line = lines[position]
    category = heading_category(line)
    if category:
        return category, clean_content(line.content), 1
    if line.glyph or line.indent > 0 or ends_sentence(line.flat):
        return None, "", 0
    joined = clean_content(line.content)
    for extra in range(1, 9):
        if position + extra >= len(lines):
            break
        nxt = lines[position + extra]
        if nxt.glyph or nxt.blank:
            break
        joined = joined + " " + clean_content(nxt.content)
        after = lines[position + extra + 1] if position + extra + 1 < len(lines) else None
        complete = joined.endswith(":") or after is None or after.blank or bool(after.glyph)
        if complete:
            probe = Line(line.index, line.start, joined, 0, None, line.start, joined)
            category = heading_category(probe)
            if category:
                return category, joined, extra + 1
        if ends_sentence(joined):
            break
    return None, "", 0


PUA_SET = frozenset(chr(c) for c in range(0xE000, 0xF900))
_LEAD_IN_RE = re.compile(r"\b(?:following|in particular|identified|below)\b", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?:;][\"'\u2019\u201d)\]]*$")

_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:an?\s+)?(?:areas?\s+of\s+)?strengths?$", re.I), STRENGTH),
    (re.compile(r"^(?:areas?\s+of\s+)?satisfactory(?:\s+practice)?$", re.I), SATISFACTORY),
    (re.compile(r"^areas?\s+(?:for|of)\s+development$", re.I), AREA_FOR_DEVELOPMENT),
    (
        re.compile(r"^(?:areas?\s+(?:for|of|requiring)\s+)?priority\s+actions?$", re.I),
        AREA_FOR_PRIORITY_ACTION,
    ),
)
#: Long heading sentences introducing satisfactory practice.
_SATISFACTORY_INTRO_RE = re.compile(
    r"meets?\s+the\s+requirements\s+of\s+(?:statutory|national)\s+guidance"
    r"|(?:delivered|undertaken|carried out)\s+satisfactorily",
    re.I,
)
#: Closing or linking paragraphs that end a section and are never findings.
_BOILERPLATE_RE = re.compile(
    r"^(?:any\s+areas?\s+for\b|in\s+addition,?\s+it\s+is\s+considered"
    r"|this\s+(?:visit|inspection)\s+(?:has\s+)?identified\s+the\s+following"
    r"|from\s+the\s+evidence\s+gathered"
    r"|yours\s+(?:sincerely|faithfully)|(?:copy|copies|cc)\s*(?:to)?\s*:)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text with its offset and bullet analysis."""

    index: int
    start: int  # offset of the line's first character in the text
    raw: str
    indent: int  # leading whitespace before any glyph
    glyph: str | None  # the bullet glyph (stripped), if any
    text_start: int  # offset of the first character of the content
    content: str  # the line after indent and glyph, trailing space stripped

    @property
    def text_col(self) -> int:
        return self.text_start - self.start

    @property
    def blank(self) -> bool:
        return not self.content.strip()

    @property
    def flat(self) -> str:
        """Whitespace-collapsed content."""
        return " ".join(self.content.split())


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    for index, raw in enumerate(text.split("\n")):
        raw_clean = raw.replace("\f", " ").replace("\r", " ")
        match = BULLET_RE.match(raw_clean)
        assert match is not None  # every group is optional
        indent = len(match["indent"])
        glyph = match["glyph"]
        content_from = match.end()
        content = raw_clean[content_from:].rstrip()
        if glyph and not content.strip():
            # a line that is only a glyph (or "o"/"-" alone): no content
            glyph_text = glyph.strip()
            glyph, content, content_from = glyph_text or None, "", len(raw_clean)
        else:
            glyph = glyph.strip() if glyph else None
        # the word "o" / a hyphen before a non-space is not a glyph (regex needs a space)
        lines.append(
            Line(index, offset, raw, indent, glyph, offset + content_from, content)
        )
        offset += len(raw) + 1
    return lines


def heading_category(line: Line) -> str | None:
    """The finding category a heading line introduces, or None if not a heading."""
    if line.glyph:
        return None
    flat = clean_content(line.content).rstrip(":").strip()
    if not flat or len(flat.split()) > 45:
        return None
    for pattern, category in _HEADINGS:
        if pattern.match(flat):
            return category
    if (
        _SATISFACTORY_INTRO_RE.search(flat)
        and not _SENTENCE_END_RE.search(flat)
        and _LEAD_IN_RE.search(flat)
    ):
        return SATISFACTORY
    return None


def is_furniture(line: Line, first_line: str) -> bool:
    """Blank lines, page numbers and running headers: never part of a finding."""
    if line.blank:
        return True
    flat = line.flat
    if _PAGE_NUMBER_RE.match(line.raw):
        return True
    if _LETTERHEAD_RE.search(flat) and not line.glyph:
        return True
    if first_line and flat == first_line and line.index > 0:
        return True
    return False


def is_boilerplate(line: Line) -> bool:
    """A paragraph that closes or introduces a section (never a finding)."""
    if line.glyph:
        return False
    flat = line.flat
    if _BOILERPLATE_RE.match(flat):
        return True
    # a flush-left lead-in ending with a colon ("... the following area for priority action:")
    return line.indent == 0 and flat.endswith(":") and bool(_LEAD_IN_RE.search(flat))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END_RE.search(text.rstrip()))


def clean_content(text: str) -> str:
    """Remove stray glyphs from a line's content, collapse whitespace."""
    return " ".join(_MID_GLYPH_RE.sub(" ", text).split())


def _starts_lower(text: str) -> bool:
    stripped = clean_content(text)
    return bool(stripped) and stripped[0].islower()


def content_end(line: Line) -> int:
    """Offset just after the last meaningful character of the line's content."""
    content = line.content
    trimmed = content.rstrip()
    while trimmed and (trimmed[-1] in PUA_SET or trimmed[-1] in STRAY_GLYPHS):
        trimmed = trimmed[:-1].rstrip()
    return line.text_start + len(trimmed)


def content_begin(line: Line) -> int:
    """Offset of the first meaningful character of the line's content."""
    content = line.content
    skip = 0
    while skip < len(content) and (
        content[skip].isspace() or content[skip] in PUA_SET or content[skip] in STRAY_GLYPHS
    ):
        skip += 1
    return line.text_start + skip


@dataclass
class Block:
    """A finding being assembled: its lines and its section."""

    category: str
    section: str
    lines: list[Line]

    @property
    def start(self) -> int:
        return content_begin(self.lines[0])

    @property
    def end(self) -> int:
        return content_end(self.lines[-1])

    def text(self) -> str:
        out = ""
        for line in self.lines:
            piece = clean_content(line.content)
            if not piece:
                continue
            if out and re.search(r"[A-Za-z]-$", out) and piece[0].islower():
                out += piece
            elif out:
                out += " " + piece
            else:
                out = piece
        return out


def is_continuation(block: Block, line: Line) -> bool:
    """Whether ``line`` continues the open finding ``block`` (rules in the module docstring)."""
    first = block.lines[0]
    last_text = clean_content(block.lines[-1].content)
    if not line.glyph and line.indent >= 2 and line.indent >= first.text_col:
        return True
    if not ends_sentence(last_text):
        if not line.glyph:
            return True
        return _starts_lower(line.content)
    return not line.glyph and _starts_lower(line.content)


@dataclass(frozen=True, slots=True)
class Section:
    category: str
    heading: str  # as written, whitespace collapsed
    line: Line


def find_blocks(lines: list[Line], first_line: str) -> tuple[list[Block], list[Section]]:
    """Every finding under every heading, in document order, and the headings seen."""
    blocks: list[Block] = []
    sections: list[Section] = []
    current: Section | None = None
    open_block: Block | None = None
    skip_until = -1
    for position, line in enumerate(lines):
        if position <= skip_until or is_furniture(line, first_line):
            continue
        category, heading, used = wrapped_heading(lines, position)
        if category:
            current = Section(category, heading, line)
            sections.append(current)
            open_block = None
            skip_until = position + used - 1
            continue
        if is_boilerplate(line):
            current, open_block = None, None
            continue
        if current is None:
            continue
        if not clean_content(line.content):
            continue
        if open_block is not None and is_continuation(open_block, line):
            open_block.lines.append(line)
            continue
        open_block = Block(current.category, current.heading, [line])
        blocks.append(open_block)
    return blocks, sections
