"""Pictures a person can read: labels that do not collide, few edges by default, human
legends, and the map of England drawn from the bundled boundaries."""

from __future__ import annotations

import csv
import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ofsted_kg.resources import reference_csv
from ofsted_kg.visualise.england import (
    GRADE_COLOURS,
    NO_DATA,
    PERSISTENCE_COLOURS,
    areas,
    grade_shades,
    map_figure,
    map_picture,
    persistence_shades,
)
from ofsted_kg.visualise.layout import DEFAULT_EDGE_LIMITS, label_angle, strongest_edges
from ofsted_kg.visualise.network import CO_OCCURRENCE, PERSISTENCE, theme_network
from ofsted_kg.visualise.render import persistence_counts
from ofsted_kg.visualise.rows import FindingRow, ThemeInfo, humanise
from ofsted_kg.visualise.static import network_figure
from ofsted_kg.visualise.timeline import Inspection, inspection_label, timeline_figure
from visualise_rows import PERSISTENCE as PERSIST, ROWS, THEMES

REGENERATE = "python scripts/make_england_map.py (after pip install -e '.[mapdata]')"


# --- layout ----------------------------------------------------------------------------


@given(st.floats(0, 2 * math.pi, allow_nan=False))
def test_labels_are_never_upside_down(angle):
    rotation, _ = label_angle((0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle)))
    assert -90.0 <= rotation <= 90.0


def test_labels_read_outwards_on_each_side():
    assert label_angle((1.0, 0.5)) == (0.0, True)  # right: reads to the right from the node
    assert label_angle((0.0, 0.5)) == (0.0, False)  # left: ends at the node
    assert label_angle((0.5, 1.0)) == (90.0, True)


def test_strongest_edges_keep_rings_and_the_strongest_links():
    edges = [("a", "a", PERSISTENCE, 1), ("a", "b", PERSISTENCE, 5), ("a", "c", PERSISTENCE, 2),
             ("b", "c", PERSISTENCE, 2), ("a", "b", CO_OCCURRENCE, 9), ("b", "c", CO_OCCURRENCE, 1)]
    kept = strongest_edges(edges, {PERSISTENCE: 2, CO_OCCURRENCE: 0})
    assert kept == sorted([("a", "a", PERSISTENCE, 1), ("a", "b", PERSISTENCE, 5), ("a", "c", PERSISTENCE, 2)])
    assert strongest_edges(edges, {PERSISTENCE: None, CO_OCCURRENCE: None}) == sorted(edges)


# --- theme network -------------------------------------------------------------------------


def _texts(figure):
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def test_network_legend_names_groups_not_slugs():
    themes = [ThemeInfo(t.slug, t.label, t.group, humanise(t.group).upper()) for t in THEMES]
    figure = network_figure(theme_network(ROWS, themes, PERSIST))
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert "WORKFORCE AND LEADERSHIP" in legend
    assert not any(t.group in legend for t in THEMES)


def test_network_picture_draws_only_the_strongest_links():
    rows = [FindingRow(f"i{n}", "Alpha", None, datetime.date(2010 + n, 1, 1), None, "area-for-improvement",
                       tuple(f"t{k}" for k in range(n % 7, n % 7 + 4))) for n in range(12)]
    graph = theme_network(rows, [])
    figure = network_figure(graph)
    lines = figure.axes[0].get_lines()
    co_occurrence_links = sum(1 for u, v, k in graph.edges(keys=True) if k == CO_OCCURRENCE and u != v)
    assert co_occurrence_links > DEFAULT_EDGE_LIMITS[CO_OCCURRENCE]
    assert len(lines) == DEFAULT_EDGE_LIMITS[CO_OCCURRENCE]
    assert any("weaker co-occurrence links" in t.get_text() for t in figure.texts)


def test_network_labels_do_not_overlap():
    themes = [ThemeInfo(f"theme-{n:02}", f"A rather long theme label number {n}", f"g{n % 5}") for n in range(40)]
    rows = [FindingRow("i", "Alpha", None, datetime.date(2012, 1, 1), None, "area-for-improvement",
                       (t.slug,)) for t in themes]
    figure = network_figure(theme_network(rows, themes))
    renderer = _texts(figure)
    boxes = [t.get_window_extent(renderer) for t in figure.axes[0].texts]
    assert len(boxes) == 40
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if _rotated_overlap(figure.axes[0].texts[i], figure.axes[0].texts[j], renderer)]
    assert overlaps == []
    width, height = figure.bbox.width, figure.bbox.height
    assert all(b.x0 >= 0 and b.y0 >= 0 and b.x1 <= width and b.y1 <= height for b in boxes), "label clipped"


def _rotated_overlap(a, b, renderer) -> bool:
    """Do two radial labels overlap? Compare them as segments along their own direction."""
    def segment(text):
        box = text.get_window_extent(renderer)
        angle = math.radians(text.get_rotation())
        x, y = text.get_transform().transform(text.get_position())
        length = abs(box.width * math.cos(angle)) + abs(box.height * math.sin(angle))
        direction = 1 if text.get_horizontalalignment() == "left" else -1
        return (x, y), (x + direction * length * math.cos(angle), y + direction * length * math.sin(angle))

    (p1, p2), (q1, q2) = segment(a), segment(b)
    gap = _segment_distance(p1, p2, q1, q2)
    return gap < 0.8 * a.get_fontsize()  # closer than most of a line's height: they touch


def _segment_distance(p1, p2, q1, q2) -> float:
    def point_to_segment(p, a, b):
        ax, ay, bx, by = *a, *b
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / max(dx * dx + dy * dy, 1e-9)))
        return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy)

    return min(point_to_segment(p1, q1, q2), point_to_segment(p2, q1, q2),
               point_to_segment(q1, p1, p2), point_to_segment(q2, p1, p2))


# --- timeline --------------------------------------------------------------------------------


def test_timeline_labels_clear_the_title_and_each_other():
    """Inspections a year apart: their labels alternate heights and stay below the title."""
    rows = [FindingRow(f"i{year}", "Alpha", None, datetime.date(year, 3, 1), "ILACS", "area-for-improvement",
                       ("supervision",), "requires improvement to be good") for year in range(2014, 2021)]
    figure = timeline_figure("Alpha", rows, THEMES, category_labels={"area-for-improvement": "area for improvement"})
    renderer = _texts(figure)
    title = figure._suptitle.get_window_extent(renderer)
    labels = [t.get_window_extent(renderer) for t in figure.axes[0].texts if "\n" in t.get_text()]
    assert len(labels) == 7
    assert all(not box.overlaps(title) for box in labels)
    assert all(not a.overlaps(b) for i, a in enumerate(labels) for b in labels[i + 1:])
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Area for priority action", "Area for improvement", "Area for development", "Recommendation"]


def test_inspection_label_names_framework_month_and_grade():
    inspection = Inspection("i", datetime.date(2016, 3, 29), "SIF", "requires improvement")
    assert inspection_label(inspection) == "SIF, Mar 2016\nRequires improvement"
    assert inspection_label(Inspection("i", datetime.date(2026, 6, 8), None, None)) == "Jun 2026\nNo overall grade"


# --- map of England -----------------------------------------------------------------------------


def test_bundled_boundaries_cover_every_current_authority():
    """Fails when the reference table gains an authority the bundled map lacks."""
    with reference_csv().open(encoding="utf-8") as handle:
        current = {row["gss_code"] for row in csv.DictReader(handle) if not row["end_date"]}
    outlines, attribution = areas()
    assert {a.gss for a in outlines} == current, f"england-authorities.geojson is stale: run {REGENERATE}"
    assert "Open Government Licence v3.0" in attribution and "Office for National Statistics" in attribution
    assert all(a.polygons and all(len(ring) >= 4 for ring in a.polygons) for a in outlines)


def test_grade_shades_follow_the_rank_and_merge_names_of_one_rank():
    shades = grade_shades({"E1": (1, "outstanding"), "E2": (3, "adequate"),
                           "E3": (3, "requires improvement to be good"), "E4": (4, "inadequate")})
    assert shades["E1"].colour == GRADE_COLOURS[1] and shades["E4"].colour == GRADE_COLOURS[4]
    assert shades["E2"].legend == shades["E3"].legend == "Adequate / requires improvement to be good"


def test_persistence_shades_count_pairs_and_leave_single_inspections_grey():
    pairs = {"E1": {("a", "b"): {"supervision"}, ("b", "c"): {"supervision", "timeliness"}},
             "E2": {("d", "e"): {"timeliness"}}, "E3": {}}
    totals, persisted = persistence_counts(pairs, "supervision")
    assert totals == {"E1": 2, "E2": 1, "E3": 0} and persisted == {"E1": 2, "E2": 0, "E3": 0}
    shades = persistence_shades(totals, persisted)
    assert shades["E1"].colour == PERSISTENCE_COLOURS[2] and shades["E1"].legend == "Persisted across 2 pairs"
    assert shades["E2"].colour == PERSISTENCE_COLOURS[0] and "E3" not in shades


def test_map_colours_each_authority_and_keeps_london_in_an_inset():
    outlines, _ = areas()
    westminster = next(a for a in outlines if a.name == "Westminster")
    figure = map_figure(grade_shades({westminster.gss: (4, "inadequate")}), "t", "none")
    main, inset = figure.axes
    assert inset.get_title() == "London"
    colours = [tuple(round(c, 3) for c in face) for face in main.collections[0].get_facecolors()]
    from matplotlib.colors import to_rgba

    assert colours.count(tuple(round(c, 3) for c in to_rgba(GRADE_COLOURS[4]))) == len(westminster.polygons)
    assert tuple(round(c, 3) for c in to_rgba(NO_DATA)) in colours


def test_map_is_byte_identical_on_rerun():
    shades = grade_shades({"E09000033": (2, "good")})
    assert map_picture(shades, "t", "none", "svg") == map_picture(shades, "t", "none", "svg")


@pytest.mark.parametrize("theme", ["no-such-theme"])
def test_graph_command_rejects_an_unknown_map_theme(tmp_path, theme, capsys):
    from ofsted_kg import main

    rows = tmp_path / "rows.json"
    from ofsted_kg.visualise.rows import rows_to_json

    rows.write_text(rows_to_json(ROWS, THEMES), encoding="utf-8")
    assert main(["graph", "--rows", str(rows), "--out", str(tmp_path / "p"), "--map-theme", theme]) == 2
    assert "unknown theme" in capsys.readouterr().err
