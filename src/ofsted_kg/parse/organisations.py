"""People's organisations, as written, reconciled to the authorities of the reference table.

Runs on every parsed document (``parse_source``), whatever its parser: a recipient's or
copy's organisation that names a local authority (at the document's date) gets that
authority's GSS code, so the converter links the post to the authority without
reconciling names itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..model import ParsedDocument, Person
from ..reference import reconcile


def reconcile_person(person: Person | None, when: date | None) -> Person | None:
    """``person`` with ``organisation_gss`` set when the organisation is an authority."""
    if person is None or not person.organisation:
        return person
    ref = reconcile(person.organisation, when)
    return replace(person, organisation_gss=ref.gss_code if ref else None)


def reconcile_organisations(doc: ParsedDocument) -> ParsedDocument:
    """The document with every person's organisation reconciled (``reconcile_person``)."""
    when = doc.document_date
    return replace(
        doc,
        inspector=reconcile_person(doc.inspector, when),
        recipient=reconcile_person(doc.recipient, when),
        copies=tuple(reconcile_person(c, when) for c in doc.copies),
    )
