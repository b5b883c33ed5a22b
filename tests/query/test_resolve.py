"""Authorities, themes and inspectors named as a person would: name, slug, code, CURIE or
IRI; a clear one-line error (exit 2) naming close matches when nothing or several match."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ofsted_kg.cli import main
from ofsted_kg.convert.document import convert_reference
from ofsted_kg.query.resolve import ResolveError, resolve, resolve_params
from ofsted_kg.store.knowledge import KnowledgeStore
from ofsted_kg.namespaces import OKG


KG = "https://w3id.org/ofsted-kg/"
WESTMINSTER = f"{KG}authority/westminster"




@pytest.mark.parametrize("text", ["Westminster", "westminster", "WESTMINSTER", "City of Westminster",
                                  "authority:westminster", "Authority:Westminster", "E09000033", "e09000033",
                                  "213", WESTMINSTER, f"<{WESTMINSTER}>", "  westminster  "])
def test_an_authority_by_every_name(bundled_store, text):
    assert resolve(bundled_store, "authority", text).iri == WESTMINSTER


def test_names_with_ampersand_and_the(bundled_store):
    assert resolve(bundled_store, "authority", "Kensington & Chelsea").label == "Kensington and Chelsea"
    royal = resolve(bundled_store, "authority", "The Royal Borough of Kensington and Chelsea")
    assert royal.label == "Kensington and Chelsea"


def test_a_former_authority_of_the_same_name_yields_to_the_current_one(bundled_store):
    # the reference data has Dorset the county council (to 2019) and Dorset Council (since)
    assert resolve(bundled_store, "authority", "dorset").iri == f"{KG}authority/dorset"


def test_themes_and_inspectors(bundled_store):
    assert resolve(bundled_store, "theme", "Supervision").iri == "https://w3id.org/ofsted-kg/theme/supervision"
    assert resolve(bundled_store, "theme", "theme:supervision").iri == "https://w3id.org/ofsted-kg/theme/supervision"
    assert resolve(bundled_store, "inspector", "naintara khosla").iri == f"{KG}person/naintara-khosla"
    assert resolve(bundled_store, "inspector", "person:geoff-corre").label == "Geoff Corre"


def test_no_match_names_close_matches(bundled_store):
    with pytest.raises(ResolveError) as caught:
        resolve(bundled_store, "authority", "Westmnster")
    line = caught.value.line()
    assert "\n" not in line and "no authority matches 'Westmnster'" in line
    assert "Westminster (authority:westminster)" in line
    with pytest.raises(ResolveError, match="no theme matches"):
        resolve(bundled_store, "theme", "Westminster")  # a name of another kind is not a theme
    with pytest.raises(ResolveError, match="no authority matches"):
        resolve(bundled_store, "authority", f"{KG}authority/atlantis")  # an IRI the store does not hold


def test_ambiguous_names_are_an_error_listing_each(tmp_path):
    with KnowledgeStore(tmp_path / "store") as local:
        twins = [(URIRef(f"{KG}authority/{slug}"), p, o) for slug in ("newtown-north", "newtown-south")
                 for p, o in ((SKOS.prefLabel, Literal(slug.replace("-", " ").title())),
                              (SKOS.altLabel, Literal("Newtown")))]
        twins += [(s, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), OKG.LocalAuthority)
                  for s in {t[0] for t in twins}]
        local.replace_graph(f"{KG}graph/reference", twins)
        with pytest.raises(ResolveError) as caught:
            resolve(local, "authority", "newtown")
        assert "names 2 authority entries" in caught.value.line()
        assert "authority:newtown-north" in caught.value.line() and "authority:newtown-south" in caught.value.line()
        assert resolve(local, "authority", "Newtown North").iri == f"{KG}authority/newtown-north"


def test_resolve_params_touches_only_entity_parameters(tmp_path):
    with KnowledgeStore(tmp_path / "store") as local:
        local.replace_graph(f"{KG}graph/reference", convert_reference())
        params = resolve_params(local, {"authority": "Blackpool", "minSimilarity": "0.3"})
    assert params == {"authority": f"<{KG}authority/blackpool>", "minSimilarity": "0.3"}


def test_every_command_taking_an_authority_accepts_its_name(bundled_out, tmp_path, capsys):
    def grades(authority: str) -> str:
        assert main(["query", "grade-history", "-p", f"authority={authority}", "-f", "csv",
                     "--store", str(bundled_out)]) == 0
        return capsys.readouterr().out

    by_name = grades("westminster")
    assert by_name == grades(WESTMINSTER) == grades("E09000033") and by_name.count("\n") > 5
    assert main(["table", "history", "--authority", "213", "--store", str(bundled_out), "--csv", "-"]) == 0
    assert "Westminster" in capsys.readouterr().out
    assert main(["graph", "--authority", "authority:blackpool", "--store", str(bundled_out), "--out", str(tmp_path),
                 "--no-timelines"]) == 0
    capsys.readouterr()
    for argv in (["query", "grade-history", "-p", "authority=Westmnster", "--store", str(bundled_out)],
                 ["graph", "--authority", "Westmnster", "--store", str(bundled_out), "--out", str(tmp_path)],
                 ["table", "latest", "--authority", "Westmnster", "--store", str(bundled_out)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "Westminster (authority:westminster)" in err[0], argv
