"""People's organisations are reconciled in the parse stage, not by the converter."""

from __future__ import annotations

from datetime import date

import kg_fixtures as fx
from ofsted_kg import Person
from ofsted_kg.parse.organisations import reconcile_organisations, reconcile_person
from ofsted_kg import reconcile


def test_an_authority_named_as_organisation_gets_its_gss_code():
    person = reconcile_person(Person("Mike More", "Chief Executive", "Westminster City Council"), date(2011, 7, 27))
    assert person.organisation_gss == reconcile("Westminster City Council", date(2011, 7, 27)).gss_code


def test_other_organisations_and_people_without_one_stay_unreconciled():
    assert reconcile_person(Person("A B", None, "Department for Education"), None).organisation_gss is None
    assert reconcile_person(Person("A B", "Inspector"), None) == Person("A B", "Inspector")
    assert reconcile_person(None, None) is None


def test_every_person_of_a_document_is_reconciled():
    doc = reconcile_organisations(fx.westminster_2011())
    assert doc.recipient.organisation_gss and doc.copies[0].organisation_gss
    assert doc.copies[1].organisation_gss is None  # Department for Education
    assert doc.to_json() == fx.westminster_2011().to_json()  # not part of the record
