"""Issue 11, item 9: different things never share an IRI.

Names in other scripts are transliterated (not dropped), text that leaves nothing gets a
short hash, and findings and judgements are named under the document stating them, so two
documents about one inspection keep theirs apart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF

import kg_fixtures as fx
from ofsted_kg.convert.document import convert_document
from ofsted_kg.model import AuthorityRef, Person
from ofsted_kg.namespaces import OKG
from ofsted_kg.reference import slugify
from ofsted_kg.uris import Uris

URIS = Uris()


def _unreconciled(name: str):
    doc = fx.unreconciled_letter()
    return replace(doc, authority=AuthorityRef(None, None, None, name))


def test_authorities_written_in_other_scripts_get_different_iris():
    names = ["Москва Council", "Київ Council", "Αθήνα Council", "東京 Council", "Borsetshire Council"]
    uris = [URIS.authority_of(_unreconciled(name)) for name in names]
    assert len(set(uris)) == len(names), uris
    assert str(uris[0]).endswith("/authority/moskva-council")


def test_people_with_accented_or_other_script_names_keep_readable_distinct_iris():
    people = [Person("José Núñez"), Person("Jose Nunez-Smith"), Person("Ζωή Παπαδοπούλου"), Person("Зоя Петрова")]
    uris = [str(URIS.person(p.name)) for p in people]
    assert uris[0].endswith("/person/jose-nunez")
    assert len(set(uris)) == len(uris)


def test_text_that_leaves_nothing_gets_a_short_hash_not_an_empty_slug():
    assert slugify("★") != slugify("☆")
    assert slugify("★").startswith("h-") and len(slugify("★")) == 12
    assert slugify("") == ""


def test_ascii_slugs_are_unchanged():
    assert slugify("Kensington & Chelsea") == "kensington-and-chelsea"
    assert slugify("  Cheshire West and Chester ") == "cheshire-west-and-chester"


@given(st.text(min_size=1, max_size=30).filter(lambda t: t.strip()))
def test_slugs_are_iri_safe_and_never_empty_for_nonblank_text(text):
    slug = slugify(text)
    assert slug and all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert slug == slug.lower() and not slug.startswith("-") and not slug.endswith("-")


def test_two_letters_about_one_inspection_do_not_share_finding_iris():
    first = fx.westminster_2011()
    second = replace(first, document_date=date(2011, 8, 30), sha256="c" * 64)  # e.g. a re-issued letter
    assert URIS.inspection(first) == URIS.inspection(second)
    ours = {s for s, p, o in convert_document(first) if p == RDF.type and o == OKG.Finding}
    theirs = {s for s, p, o in convert_document(second) if p == RDF.type and o == OKG.Finding}
    assert len(ours) == len(first.findings) and len(theirs) == len(second.findings)
    assert not ours & theirs
    assert URIS.finding(first, 1) != URIS.finding(second, 1)


def test_two_reports_about_one_inspection_do_not_share_judgement_iris():
    first = fx.westminster_ilacs_2019()
    second = replace(first, document_date=date(2019, 5, 1), sha256="d" * 64)
    assert first.judgements and URIS.inspection(first) == URIS.inspection(second)
    assert URIS.judgement(first, 1) != URIS.judgement(second, 1)
