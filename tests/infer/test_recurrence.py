"""Inferred recurrence: the pairing model, the inference over rows, and its benchmark data."""

import json
import re
import sys
from datetime import date

from conftest import ROOT
from hypothesis import given, strategies as st

from ofsted_kg.infer.pairing import FLOOR, THRESHOLD, PairingModel, Side, addressee_role
from ofsted_kg.infer.recurrence import FindingRef, consecutive_pairs, infer
from ofsted_kg.query import find_query

PAIRS = ROOT / "benchmarks" / "recurrence" / "pairs.jsonl"
BOARD = "Local Safeguarding Children Board"


def ref(finding, inspection, when, category, themes, text, authority="a", addressee=None):
    return FindingRef(finding, inspection, authority, when, category, tuple(themes), text, addressee)


ROWS = [
    ref("f1", "i1", date(2010, 7, 6), "area-for-development", ["supervision"],
        "The frequency and quality of staff supervision are variable."),
    ref("f2", "i1", date(2010, 7, 6), "area-for-development", ["recording"],
        "Recording is not undertaken in a timely manner."),
    ref("f3", "i1", date(2010, 7, 6), "strength", ["supervision"], "Staff supervision is frequent and good."),
    ref("g1", "i2", date(2011, 7, 1), "area-for-development", ["supervision"],
        "The frequency of staff supervision is variable across teams."),
    ref("g2", "i2", date(2011, 7, 1), "area-for-development", ["thresholds"], "Thresholds are unclear to partners."),
    ref("h1", "i3", date(2016, 1, 1), "recommendation", ["supervision", "recording"],
        "Ensure staff supervision is regular, frequent and recorded."),
    ref("x1", "j1", date(2011, 7, 1), "area-for-development", ["supervision"],
        "Staff supervision is variable.", authority="b"),
]


def test_consecutive_pairs_per_authority_in_date_order():
    shuffled = list(reversed(ROWS))
    assert consecutive_pairs(shuffled) == [("i1", "i2"), ("i2", "i3")]


def test_recurrence_links_the_same_issue_between_consecutive_inspections_only():
    found = {(r.earlier, r.later) for r in infer(ROWS, floor=0.1)}
    assert ("f1", "g1") in found  # same issue, both areas for development
    assert not any(e == "f3" for e, _ in found)  # a strength never recurs
    assert ("g1", "h1") in found  # across frameworks, consecutive only
    assert ("f1", "h1") not in found  # i1 and i3 are not consecutive
    assert not any("x1" in pair for pair in found)  # other authority


def test_every_link_carries_score_themes_and_reason():
    (link,) = [r for r in infer(ROWS) if (r.earlier, r.later) == ("f1", "g1")]
    assert FLOOR <= link.similarity <= 1 and link.themes == ("supervision",)
    assert "shared themes: supervision" in link.pair.reason and "supervis" in link.pair.reason
    assert re.search(r"words \d\.\d\d, characters \d\.\d\d, themes \d\.\d\d$", link.pair.reason)


def test_board_recommendations_pair_only_with_the_boards():
    text = "Ensure that multi-agency audits are completed and their learning is shared with partners."
    rows = [
        ref("e1", "i1", date(2014, 1, 1), "recommendation", ["audit"], text, addressee="local authority"),
        ref("e2", "i1", date(2014, 1, 1), "recommendation", ["audit"], text, addressee=BOARD),
        ref("l1", "i2", date(2017, 1, 1), "recommendation", ["audit"], text, addressee="local authority"),
        ref("l2", "i2", date(2017, 1, 1), "recommendation", ["audit"], text,
            addressee="Safeguarding Children Partnership"),
    ]
    assert {(r.earlier, r.later) for r in infer(rows)} == {("e1", "l1"), ("e2", "l2")}
    model = PairingModel([text])
    assert model.score(Side(text, (), BOARD), Side(text, (), None)) is None
    assert addressee_role(None) == addressee_role("local authority") == "authority"
    assert addressee_role("Wandsworth LSCB") == addressee_role(BOARD) == "board"


TIMELY_HEALTH = "Improve the timeliness of health assessments for children in care."


def test_a_finding_resembling_a_third_is_not_linked():
    """Only pairs where one finding is the other's best match are kept."""
    rows = [
        ref("e1", "i1", date(2014, 1, 1), "recommendation", [], TIMELY_HEALTH),
        ref("e2", "i1", date(2014, 1, 1), "recommendation", [], "Improve the quality of health assessments."),
        ref("l1", "i2", date(2017, 1, 1), "recommendation", [], TIMELY_HEALTH),
        ref("l2", "i2", date(2017, 1, 1), "recommendation", [],
            "Improve the quality of health assessments for care leavers."),
    ]
    found = {(r.earlier, r.later) for r in infer(rows, floor=0.0)}
    assert ("e1", "l1") in found and ("e2", "l2") in found
    assert ("e2", "l1") not in found  # l1's best match is e1, and e2's best is l2


def test_deterministic_regardless_of_order():
    assert infer(ROWS) == infer(list(reversed(ROWS)))


@given(st.lists(st.text(max_size=80), max_size=6))
def test_scores_bounded(texts):
    rows = [ref(f"f{i}", f"i{i % 3}", date(2010 + i % 3, 1, 1), "area-for-development", ["t"], t)
            for i, t in enumerate(texts)]
    for r in infer(rows, floor=0.0):
        assert 0.0 <= r.similarity <= 1.0


def test_stored_queries_default_to_the_models_threshold():
    for name in ("persisted-areas", "recurring-improvements"):
        (param,) = [p for p in find_query(name).params if p.name == "minSimilarity"]
        assert float(param.default_value) == THRESHOLD, f"{name}.rq default differs from pairing.THRESHOLD"


def test_labelled_pairs_are_well_formed():
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) >= 300 and len({p["id"] for p in pairs}) == len(pairs)
    assert {p["label"] for p in pairs} == {"same", "related", "different"}
    assert {p["split"] for p in pairs} == {"tuning", "held-out"}
    by_authority = {}
    for p in pairs:  # a split is a set of authorities: no authority on both sides
        assert by_authority.setdefault(p["authority"], p["split"]) == p["split"]
        assert p["earlier"]["inspection"] < p["later"]["inspection"]


def test_default_threshold_keeps_tuning_precision_at_least_0_8():
    """The benchmark's measure on the tuning pairs, through the code path the build runs."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_recurrence as bench
    finally:
        sys.path.pop(0)
    pairs = bench.load_pairs()
    scores = bench.production_scores(pairs)
    tuning = [(p, s) for p, s in zip(pairs, scores) if p["split"] == "tuning"]
    precision, recall, *_ = bench.precision_recall([p for p, _ in tuning], [s for _, s in tuning], THRESHOLD)
    assert precision >= 0.8 and recall > 0
