"""Reconciliation of authority names as written to the reference table."""

from __future__ import annotations

from datetime import date

import pytest

from ofsted_kg import load_authorities, reconcile
from ofsted_kg.reference import normalise_name


@pytest.mark.parametrize(
    ("written", "name", "gss"),
    [
        ("Westminster City Council", "Westminster", "E09000033"),
        ("London Borough of Wandsworth Council", "Wandsworth", "E09000032"),
        ("Royal Borough of Kensington and Chelsea Council", "Kensington and Chelsea", "E09000020"),
        ("the Royal Borough of Kensington and Chelsea", "Kensington and Chelsea", "E09000020"),
        ("Worcestershire County Council", "Worcestershire", "E10000034"),
        ("Cheshire West and Chester Council", "Cheshire West and Chester", "E06000050"),
        ("Kingston upon Hull City Council", "Kingston upon Hull, City of", "E06000010"),
        ("St Helens Council", "St. Helens", "E08000013"),
        ("Blackpool", "Blackpool", "E06000009"),
    ],
)
def test_names_as_written(written, name, gss):
    authority = reconcile(written, date(2011, 6, 1))
    assert authority is not None
    assert (authority.name, authority.gss_code) == (name, gss)


def test_reused_names_resolve_by_date_and_form():
    # The county council and the unitary council that succeeded it share a name.
    before = reconcile("North Yorkshire County Council", date(2015, 1, 1))
    after = reconcile("North Yorkshire Council", date(2024, 1, 1))
    assert before.gss_code == "E10000023" and before.end_date == date(2023, 3, 31)
    assert after.gss_code != before.gss_code and after.end_date is None
    assert before.slug == "north-yorkshire-2023" and after.slug == "north-yorkshire"
    assert reconcile("Buckinghamshire", date(2015, 1, 1)).end_date is not None
    assert reconcile("Buckinghamshire", date(2022, 1, 1)).end_date is None


def test_unknown_names():
    assert reconcile("Atlantis Borough Council") is None
    assert reconcile("") is None


def test_every_reference_row_reconciles_to_itself():
    for authority in load_authorities():
        when = authority.end_date or authority.start_date or date(2020, 1, 1)
        assert reconcile(authority.name, when) == authority, authority.name


def test_normalise_name():
    assert normalise_name("London Borough of Barking & Dagenham") == "barking and dagenham"
    assert normalise_name("Bristol, City of") == "bristol"
