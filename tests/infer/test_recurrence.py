from datetime import date

from hypothesis import given, strategies as st

from ofsted_kg.infer.recurrence import FindingRef, consecutive_pairs, cosine, infer, tokens


def ref(finding, inspection, when, category, themes, text, authority="a"):
    return FindingRef(finding, inspection, authority, when, category, tuple(themes), text)


ROWS = [
    ref("f1", "i1", date(2010, 7, 6), "area-for-development", ["supervision"],
        "The frequency and quality of staff supervision are variable."),
    ref("f2", "i1", date(2010, 7, 6), "area-for-development", ["recording"],
        "Recording is not undertaken in a timely manner."),
    ref("f3", "i1", date(2010, 7, 6), "strength", ["supervision"], "Supervision is good."),
    ref("g1", "i2", date(2011, 7, 1), "area-for-development", ["supervision"],
        "The quality of supervision recording is variable."),
    ref("g2", "i2", date(2011, 7, 1), "area-for-development", ["thresholds"], "Thresholds are unclear."),
    ref("h1", "i3", date(2016, 1, 1), "recommendation", ["supervision", "recording"],
        "Ensure supervision is regular and recorded."),
    ref("x1", "j1", date(2011, 7, 1), "area-for-development", ["supervision"],
        "Supervision is variable.", authority="b"),
]


def test_consecutive_pairs_per_authority_in_date_order():
    shuffled = list(reversed(ROWS))
    assert consecutive_pairs(shuffled) == [("i1", "i2"), ("i2", "i3")]


def test_recurrence_needs_shared_theme_and_unfavourable_in_both():
    found = {(r.earlier, r.later, r.theme) for r in infer(ROWS)}
    assert ("f1", "g1", "supervision") in found  # same theme, both areas for development
    assert not any(r[0] == "f3" for r in found)  # the strength never recurs
    assert not any(r[1] == "g2" for r in found)  # no earlier thresholds finding
    assert ("g1", "h1", "supervision") in found  # across frameworks, consecutive only
    assert not any(r[0] == "f2" and r[1] == "h1" for r in found)  # i1 and i3 are not consecutive
    assert not any(r[0] == "x1" or r[1] == "x1" for r in found)  # other authority


def test_similarity_scores_rank_alike_texts_higher():
    a = tokens("The frequency and quality of staff supervision are variable.")
    assert cosine(a, tokens("Supervision quality varies; frequency of supervision is low.")) > cosine(
        a, tokens("Thresholds are not understood by partners.")
    )
    assert cosine(a, a) > 0.999 and cosine(a, tokens("")) == 0.0


def test_deterministic_regardless_of_order():
    assert infer(ROWS) == infer(list(reversed(ROWS)))


@given(st.lists(st.text(max_size=80), max_size=6))
def test_scores_bounded(texts):
    rows = [ref(f"f{i}", f"i{i % 3}", date(2010 + i % 3, 1, 1), "area-for-development", ["t"], t)
            for i, t in enumerate(texts)]
    for r in infer(rows):
        assert 0.0 <= r.similarity <= 1.0
