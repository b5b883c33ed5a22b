"""The type of an inspection (standard, short, re-inspection, ...), decided from what the
document states: its title, a stated type on its first page, or, for ILACS, the length
of the on-site period its inspection dates give.

ILACS has two kinds of full inspection: a *standard* one (two weeks on site) and a
*short* one (one week on site, for authorities judged good or outstanding before).
Reports do not always say which; their inspection dates do: a period of at most
``SHORT_ON_SITE_DAYS`` calendar days is a short inspection.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import REINSPECTION, REVIEW, SHORT, STANDARD, UNANNOUNCED

#: Longest on-site period (calendar days, first to last day) of an ILACS short inspection.
SHORT_ON_SITE_DAYS = 7

_REINSPECTION = re.compile(r"\bre-?\s*inspection\b", re.I)
_UNANNOUNCED = re.compile(r"\bunannounced\s+inspection\b", re.I)
_SERVICES = re.compile(r"\binspection\s+of\b", re.I)
_REVIEW = re.compile(r"\breview\s+of\b", re.I)
_STATED = re.compile(r"\b(?:this|the)\s+(?:was\s+an?\s+|is\s+an?\s+)?(short|standard)\s+inspection\b", re.I)


def from_title(title: str | None) -> str | None:
    """The type a report's or letter's title states; a title naming an inspection of
    services without another type is ``standard``; a review alone is ``review``."""
    if not title:
        return None
    if _UNANNOUNCED.search(title):
        return UNANNOUNCED
    if _REINSPECTION.search(title):
        return REINSPECTION
    if _SERVICES.search(title):
        return STANDARD
    if _REVIEW.search(title):
        return REVIEW
    return None


def ilacs_type(first_page: str, start: date | None, end: date | None) -> str | None:
    """``short`` or ``standard``: as stated on the first page, else by the on-site period."""
    stated = _STATED.search(first_page)
    if stated:
        return stated.group(1).lower()
    if _REINSPECTION.search(first_page[:400]):
        return REINSPECTION
    if start is None or end is None or end < start:
        return None
    return SHORT if (end - start).days <= SHORT_ON_SITE_DAYS else STANDARD
