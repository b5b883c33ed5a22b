"""The theme network built from hand-made rows: nodes, weights, persistence, filters."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ofsted_kg.visualise.network import CO_OCCURRENCE, PERSISTENCE, Filters, edges_of, theme_network
from ofsted_kg.visualise.rows import FindingRow
from visualise_rows import A1, A2, PERSISTENCE as PERSIST, ROWS, THEMES


def test_nodes_carry_label_group_frequency_and_inspections():
    graph = theme_network(ROWS, THEMES, PERSIST)
    assert list(graph.nodes) == sorted(graph.nodes)
    assert set(graph.nodes) == {"supervision", "caseloads", "timeliness", "assessment-quality", "neglect",
                                "early-help", "unknown-theme"}
    assert graph.nodes["supervision"] == {"label": "Supervision", "group": "workforce-and-leadership",
                                          "group_label": "Workforce and leadership",
                                          "frequency": 4, "inspections": 3, "persistence": 1}
    assert graph.nodes["timeliness"]["frequency"] == 3
    assert graph.nodes["timeliness"]["inspections"] == 3
    assert graph.nodes["early-help"]["frequency"] == 2
    assert graph.nodes["unknown-theme"] == {"label": "unknown-theme", "group": "ungrouped",
                                            "group_label": "Ungrouped", "frequency": 1,
                                            "inspections": 1, "persistence": 0}


def test_co_occurrence_weight_counts_inspections_not_findings():
    graph = theme_network(ROWS, THEMES)
    weights = {(u, v): w for u, v, w in edges_of(graph, CO_OCCURRENCE)}
    # supervision and timeliness: together in A1 (different findings) and A2 (same finding)
    assert weights[("supervision", "timeliness")] == 2
    assert graph.edges["supervision", "timeliness", CO_OCCURRENCE]["findings"] == 1
    assert weights[("caseloads", "supervision")] == 1
    assert weights[("assessment-quality", "supervision")] == 1
    assert weights[("neglect", "timeliness")] == 1
    assert weights[("neglect", "unknown-theme")] == 1
    assert ("assessment-quality", "timeliness") not in weights
    assert all(u != v for u, v, _ in edges_of(graph, CO_OCCURRENCE))


def test_persistence_edges_self_loops_and_pairs():
    graph = theme_network(ROWS, THEMES, PERSIST)
    assert edges_of(graph, PERSISTENCE) == [
        ("neglect", "neglect", 1),
        ("supervision", "supervision", 1),
        ("supervision", "timeliness", 1),
        ("timeliness", "timeliness", 1),
    ]
    # both kinds between the same two themes: a multigraph keyed by kind
    assert set(graph["supervision"]["timeliness"]) == {CO_OCCURRENCE, PERSISTENCE}
    assert graph.nodes["neglect"]["persistence"] == 1
    assert not edges_of(theme_network(ROWS, THEMES), PERSISTENCE)


def test_attributes_are_exportable_types():
    graph = theme_network(ROWS, THEMES, PERSIST)
    values = [*graph.graph.values()]
    values += [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for *_, d in graph.edges(keys=True, data=True) for v in d.values()]
    assert all(isinstance(v, (str, int)) and v is not None for v in values)


def test_authority_filter_ignores_case_and_drops_other_persistence():
    graph = theme_network(ROWS, THEMES, PERSIST, authority="beta")
    assert set(graph.nodes) == {"neglect", "timeliness", "early-help", "unknown-theme"}
    assert edges_of(graph, PERSISTENCE) == [("neglect", "neglect", 1)]
    assert graph.graph["inspection_count"] == 2


def test_region_filter():
    graph = theme_network(ROWS, THEMES, PERSIST, region="North West")
    assert graph.graph["finding_count"] == 3
    assert "supervision" not in graph
    assert not theme_network(ROWS, THEMES, region="Nowhere").number_of_nodes()


def test_years_filter_is_inclusive_and_cuts_persistence():
    graph = theme_network(ROWS, THEMES, PERSIST, years=(2012, 2017))
    assert graph.graph["first_inspection"] == "2012-05-01"
    assert graph.nodes["supervision"]["frequency"] == 3
    # A1 (2009) is outside, so the A1→A2 persistence is not drawn; B1 (2010) likewise
    assert not edges_of(graph, PERSISTENCE)
    assert theme_network(ROWS, THEMES, years=(2009, 2009)).graph["inspection_count"] == 1


def test_categories_filter_limits_findings_not_persistence():
    graph = theme_network(ROWS, THEMES, PERSIST, categories=["strength"])
    assert {n: d["frequency"] for n, d in graph.nodes(data=True) if d["frequency"]} == {
        "early-help": 1, "supervision": 1, "assessment-quality": 1}
    # persistence (defined by the store) is kept: its themes appear with frequency 0
    assert graph.nodes["neglect"]["frequency"] == 0
    assert ("neglect", "neglect", 1) in edges_of(graph, PERSISTENCE)


def test_filters_combine():
    graph = theme_network(ROWS, THEMES, PERSIST, authority="Alpha", years=(2009, 2012),
                          categories={"area-for-development", "area-for-priority-action"})
    assert graph.graph["finding_count"] == 3
    assert graph.graph["filters"] == ("authority Alpha; years 2009–2012; "
                                      "categories area-for-development, area-for-priority-action")
    assert {(u, v) for u, v, _ in edges_of(graph, PERSISTENCE)} >= {("supervision", "timeliness")}


def test_filters_object_describes_nothing_selected():
    assert Filters().describe() == "all findings"
    assert Filters().matches(ROWS[0])


def test_same_input_in_any_order_gives_the_same_graph():
    one = theme_network(ROWS, THEMES, PERSIST)
    other = theme_network(list(reversed(ROWS)), list(reversed(THEMES)), list(reversed(PERSIST)))
    assert list(one.nodes(data=True)) == list(other.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(other.edges(keys=True, data=True))


SLUGS = st.sampled_from(["a", "b", "c", "d", "e"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.lists(SLUGS, min_size=1, max_size=3)), max_size=25))
def test_frequencies_and_weights_are_consistent(findings):
    rows = [FindingRow(f"i{n}", "X", None, datetime.date(2010, 1, 1), None, "strength", tuple(tags))
            for n, tags in findings]
    graph = theme_network(rows, [])
    assert sum(d["frequency"] for _, d in graph.nodes(data=True)) == sum(len(set(t)) for _, t in findings)
    for u, v, w in edges_of(graph, CO_OCCURRENCE):
        assert w <= min(graph.nodes[u]["inspections"], graph.nodes[v]["inspections"])
        assert graph.edges[u, v, CO_OCCURRENCE]["findings"] <= min(graph.nodes[u]["frequency"],
                                                                    graph.nodes[v]["frequency"])


@pytest.mark.parametrize("inspection", [A1, A2])
def test_persistence_needs_both_inspections(inspection):
    graph = theme_network([r for r in ROWS if r.inspection != inspection], THEMES, PERSIST)
    assert ("supervision", "supervision", 1) not in edges_of(graph, PERSISTENCE)
