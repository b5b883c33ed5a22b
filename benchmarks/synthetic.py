"""A synthetic corpus made by recombining real findings across authorities and years.

``synthetic_corpus(n)`` parses the bundled documents once, then makes ``n`` documents:
authorities from the reference table in turn, three consecutive inspections each
(2012, 2016, 2021), each a real document's metadata carrying 8-20 real findings drawn
(seeded) from the whole corpus. The text is the findings joined, so every evidence span
is exact. Deterministic.
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ofsted_kg import enrich  # noqa: E402
from ofsted_kg import AuthorityRef, ParsedDocument  # noqa: E402
from ofsted_kg import parse_paths  # noqa: E402
from ofsted_kg import load_authorities  # noqa: E402

YEARS = (2012, 2016, 2021)


@cache
def real_documents() -> tuple[ParsedDocument, ...]:
    outcomes = parse_paths([ROOT / "data" / "letters", ROOT / "data" / "reports"], enrich=enrich)
    return tuple(o.document for o in outcomes if o.document is not None)


def synthetic_corpus(n: int, seed: int = 0) -> list[ParsedDocument]:
    rng = random.Random(seed)
    documents = real_documents()
    pool = [f for d in documents for f in d.findings]
    authorities = [a for a in load_authorities() if a.end_date is None]
    corpus = []
    for i in range(n):
        authority = authorities[(i // len(YEARS)) % len(authorities)]
        year = YEARS[i % len(YEARS)] + (i // (len(YEARS) * len(authorities))) * 15
        template = documents[i % len(documents)]
        chosen = rng.sample(pool, rng.randint(8, 20))
        parts, findings, offset = [], [], 0
        for finding in chosen:
            parts.append(finding.text)
            findings.append(replace(finding, start=offset, end=offset + len(finding.text), relation_to_previous=None))
            offset += len(finding.text) + 2
        text = "\n\n".join(parts)
        start = date(year, 1 + i % 12, 1 + i % 27)
        corpus.append(
            replace(
                template,
                source=f"synthetic/{i}.txt",
                sha256=hashlib.sha256(f"{i}\n{text}".encode()).hexdigest(),
                text=text,
                authority=AuthorityRef(authority.name, authority.gss_code, authority.dfe_code, authority.name),
                document_date=start + timedelta(days=40),
                inspection_start=start,
                inspection_end=start + timedelta(days=9),
                previous_inspection=None,
                findings=tuple(findings),
                statements=(),  # the template's sentences are not in the recombined text
                warnings=(),
            )
        )
    return corpus
