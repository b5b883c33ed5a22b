"""The rule-based theme classifier: contract, clear-cut examples, robustness."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ofsted_kg import AuthorityRef, Finding, ParsedDocument, ThemeTag, classify, load_scheme
from ofsted_kg.themes.classifier import CLASSIFIER_VERSION, cue_stems, score_themes, stem, tag_document, tokens

SLUGS = set(load_scheme().slugs)


def _check(text: str, tags: tuple[ThemeTag, ...]) -> None:
    assert len(tags) <= 3
    assert bool(tags) == bool(score_themes(text))  # untagged exactly when no cue matches
    assert len({t.slug for t in tags}) == len(tags)
    stems = [s for s, _ in tokens(text)]
    for t in tags:
        assert t.slug in SLUGS
        assert t.classifier == CLASSIFIER_VERSION
        assert t.cue in load_scheme().get(t.slug).cues
        cs = cue_stems(t.cue)
        assert any(stems[i : i + len(cs)] == list(cs) for i in range(len(stems))), (t.cue, text)
    scores = [t.score for t in tags]
    assert scores == sorted(scores, reverse=True)


# Written for these tests from the scope notes, not taken from the gold set.
CLEAR = [
    # help-and-protection
    ("Families are offered early help through a well-used team around the family approach.", "early-help"),
    ("The MASH makes quick decisions on contacts from the police and schools.", "front-door"),
    ("Partners do not share an understanding of thresholds for statutory services.", "thresholds"),
    ("Section 47 enquiries follow strategy meetings promptly.", "child-protection"),
    ("The emergency duty team passes clear information to daytime services.", "out-of-hours"),
    ("The LADO service handles allegations consistently.", "lado-allegations"),
    # practice-quality
    ("Assessments contain a thorough analysis of risk and use of family history.", "assessment-quality"),
    ("Too many visits are late and there is drift and delay for children.", "timeliness"),
    ("Care plans are vague and contingency plans are absent.", "planning-review"),
    ("Children are seen alone and their wishes and feelings are recorded.", "child-voice"),
    ("Workers pay little attention to ethnicity, religion and culture.", "identity-diversity"),
    # specific-needs
    ("Chronic neglect is not recognised early enough.", "neglect"),
    ("Police notifications of domestic abuse are screened by the team.", "domestic-abuse"),
    ("Return home interviews are offered to children who go missing.", "exploitation-missing"),
    ("Disabled children receive specialist assessments.", "disabled-children"),
    ("Young people who present as homeless are assessed quickly.", "homeless-16-17"),
    ("Privately fostered children are not always identified.", "private-fostering"),
    ("Young carers are identified in schools.", "young-carers"),
    ("Unaccompanied asylum-seeking children are well supported.", "unaccompanied-children"),
    ("Pre-birth assessments start early for unborn babies.", "pre-birth"),
    ("Access to CAMHS is slow for children with mental health needs.", "mental-health"),
    # children-in-care
    ("Work under the Public Law Outline is tracked by legal planning meetings.", "court-and-pre-proceedings"),
    ("Placement stability is improving and sufficiency is monitored.", "placement-sufficiency"),
    ("Adoption and special guardianship are considered early.", "permanence"),
    ("Connected persons carers are assessed promptly.", "kinship-care"),
    ("Personal education plans are reviewed by the virtual school.", "health-education-in-care"),
    ("Care leavers have up-to-date pathway plans and personal advisers.", "care-leavers"),
    # workforce-and-leadership
    ("Managerial oversight of casework is evident on every file.", "management-oversight"),
    ("Supervision is regular and reflective.", "supervision"),
    ("Caseloads are too high and workloads unmanageable.", "caseloads-capacity"),
    ("Recruitment and retention are hampered by high turnover.", "workforce-stability"),
    ("Staff are well trained and appraisal is regular.", "workforce-skills"),
    # systems-and-records
    ("Chronologies and case summaries are missing from case records.", "recording"),
    ("The electronic case management system is hard to use.", "information-systems"),
    ("Audits feed a strong quality assurance framework.", "quality-assurance"),
    # governance-and-partnership
    ("Multi-agency information sharing with police and health is strong.", "partnership-working"),
    ("The Local Safeguarding Children Board scrutinises corporate parenting.", "safeguarding-partnership"),
    ("Learning from serious case reviews is disseminated.", "learning-from-reviews"),
    ("Complaints and service user feedback shape services.", "user-feedback"),
    ("Senior leaders have set a clear strategic direction.", "leadership"),
]


@pytest.mark.parametrize(("text", "slug"), CLEAR)
def test_clear_cut_examples(text: str, slug: str) -> None:
    tags = classify(text)
    _check(text, tags)
    assert slug in [t.slug for t in tags], [t.slug for t in tags]


def test_every_theme_has_a_clear_cut_example() -> None:
    assert {slug for _, slug in CLEAR} == SLUGS


def test_multiword_cues_outweigh_single_words() -> None:
    tags = classify("Return home interviews for children who go missing are not analysed.")
    assert tags[0].slug == "exploitation-missing"
    assert "permanence" not in {t.slug for t in tags}  # "return home" is hidden by the longer cue


def test_acronym_cues_need_capitals() -> None:
    assert "disabled-children" not in {t.slug for t in classify("Agencies send referrals late.")}
    assert classify("Children with SEND are supported.")[0].slug == "disabled-children"


def test_stop_phrases_hide_team_names() -> None:
    tags = classify("Morale in the referral and assessment team is high.")
    assert [t.slug for t in tags] == ["workforce-stability"]


def test_no_catch_all_theme_when_nothing_matches() -> None:
    assert classify("Zebras are striped.") == ()
    assert classify("") == ()


BOARD = "Local Safeguarding Children Board"


def test_board_recommendations_carry_the_partnership_theme() -> None:
    text = "Put in place a process for assessing the impact of training on the quality of practice."
    assert "safeguarding-partnership" not in {t.slug for t in classify(text)}
    tags = classify(text, addressee=BOARD)
    assert tags[0].slug == "workforce-skills"
    added = next(t for t in tags if t.slug == "safeguarding-partnership")
    assert added.cue == "safeguarding children board" and added.score > 0
    assert added.classifier == CLASSIFIER_VERSION
    # named boards and the acronym too; the council's own items are untouched
    tags = classify(text, addressee="Surrey Safeguarding Children Board")
    assert "safeguarding-partnership" in {t.slug for t in tags}
    assert "safeguarding-partnership" in {t.slug for t in classify(text, addressee="the LSCB")}
    assert classify(text, addressee="local authority") == classify(text)
    # with no cue in the text, the addressee alone still gives the theme
    assert [t.slug for t in classify("Zebras are striped.", addressee=BOARD)] == ["safeguarding-partnership"]


def test_addressee_theme_replaces_the_weakest_when_three_are_chosen() -> None:
    text = ("Improve the timeliness of assessments and the quality of plans, and make sure "
            "supervision is regular.")
    three = classify(text)
    assert len(three) == 3 and "safeguarding-partnership" not in {t.slug for t in three}
    with_board = classify(text, addressee=BOARD)
    assert len(with_board) == 3
    assert [t.slug for t in with_board[:2]] == [t.slug for t in three[:2]]
    assert with_board[2].slug == "safeguarding-partnership"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Life-story work is not completed for children who are adopted.", "permanence"),
        ("Assessments of connected carers are not timely.", "kinship-care"),
        ("Statutory visits to children in care are not always made.", "child-voice"),
        ("Planning for the transition to adult services starts too late for disabled young people.",
         "disabled-children"),
        ("Staff understand the risks of female genital mutilation and radicalisation.", "exploitation-missing"),
        ("Girls at risk of FGM are identified and the Prevent duty is understood.", "exploitation-missing"),
        ("Joint work with the youth offending service is effective.", "exploitation-missing"),
    ],
)
def test_added_cues(text, slug) -> None:
    assert slug in {t.slug for t in classify(text)}


@pytest.mark.parametrize(
    ("text", "weak_slug", "most"),
    [
        ("Managers promote a culture of high support and high challenge.", "identity-diversity", 0.5),
        ("Data on referrals is collected.", "quality-assurance", 0.5),
        ("The service is open to scrutiny.", "safeguarding-partnership", 0.5),
        # weak since 1.4 (a two-word cue is worth 1.5, half of it when weak)
        ("Senior managers attend the panel.", "leadership", 0.75),
        ("The service is commissioned from a charity.", "placement-sufficiency", 0.5),
        ("The attainment of children in secondary schools is rising.", "partnership-working", 0.5),
        ("Every care leaver has an allocated personal adviser.", "workforce-skills", 0.5),
    ],
)
def test_generic_cues_are_weak(text, weak_slug, most) -> None:
    scored = {r.slug: r for r in score_themes(text)}
    assert scored[weak_slug].score <= most and not scored[weak_slug].strong


# 1.3 and 1.4 (benchmarks/themes/README.md): sentences written for these tests from the scope notes.
@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Team managers regularly review the progress of children in need.", "management-oversight"),
        ("Work with children in need is not evaluated by managers.", "management-oversight"),
        ("Decisions to close cases are not always appropriate.", "management-oversight"),
        ("Staff have had little training on child sexual exploitation.", "workforce-skills"),
        ("The right agencies do not always attend strategy meetings.", "partnership-working"),
        ("Matching of children with long-term carers is slow.", "permanence"),
        ("The case file audit programme is not yet embedded.", "quality-assurance"),
        # 1.4: written for these tests, not taken from the gold
        ("Senior leaders have an accurate view of the service.", "leadership"),
        ("The principal social worker leads the practice development programme.", "leadership"),
        ("Investment in early intervention has been sustained.", "leadership"),
        ("Three children were adopted last year.", "permanence"),
        ("Birth parents are offered counselling.", "permanence"),
        ("Children are placed with their brothers and sisters.", "placement-sufficiency"),
        ("Few children live at a distance from their home area.", "placement-sufficiency"),
        ("Young people are supported to go to university.", "care-leavers"),
        ("Cafcass and the judiciary praise the social workers.", "court-and-pre-proceedings"),
        ("Children missing education are tracked closely.", "exploitation-missing"),
        ("Fixed-term exclusions of children in care have fallen.", "health-education-in-care"),
        ("Most contacts lead to no further action.", "thresholds"),
        ("Social workers see children alone.", "child-voice"),
        ("The child death overview panel shares its learning.", "learning-from-reviews"),
    ],
)
def test_cues_added_since_1_3(text, slug) -> None:
    assert slug in {t.slug for t in classify(text)}


def test_board_theme_absorbs_partnership_working() -> None:
    """Rule 6: okg:absorbs in the scheme; a board's "partners" are not partnership working."""
    text = "Ensure that all partner agencies contribute to the multi-agency audit programme."
    alone = {t.slug for t in classify(text)}
    assert "partnership-working" in alone and "safeguarding-partnership" not in alone
    with_board = {t.slug for t in classify(text, addressee=BOARD)}
    assert "safeguarding-partnership" in with_board and "partnership-working" not in with_board
    assert with_board - {"safeguarding-partnership"} <= alone
    assert load_scheme().get("safeguarding-partnership").absorbs == ("partnership-working",)


def test_idioms_hide_cues() -> None:
    # "track record" is a stop phrase of the scheme: it is not about case records
    assert "recording" not in {t.slug for t in classify("The service has a good track record of stability.")}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # "training" is a full cue since 1.3, but not inside a care leaver's "employment and training"
        ("Care leavers get good help into employment and training.", "workforce-skills"),
        ("More care leavers are in education, training and employment.", "workforce-skills"),
        # matching belongs to permanence (labelling guideline), no longer to placements
        ("Matching of adopters is timely.", "placement-sufficiency"),
        # a passing "analysis" of data is not about assessments
        ("Leaders use analysis of performance data well.", "assessment-quality"),
    ],
)
def test_passing_words_do_not_tag(text, absent) -> None:
    assert absent not in {t.slug for t in classify(text)}


def test_stemming_is_light_and_consistent() -> None:
    assert stem("plans") == stem("planning") == stem("plan")
    assert stem("recorded") == stem("recording")
    assert stem("caseloads") == stem("caseload")
    assert stem("policies") == stem("policy")
    assert stem("47") == "47"


def test_possessives_and_curly_quotes() -> None:
    assert classify("The children’s views are heard")[0].slug == "child-voice"
    assert classify("Care leavers' pathway plans are late")[0].slug == "care-leavers"


def test_deterministic() -> None:
    text = "Assessments and plans are late and supervision is infrequent; audits are weak."
    first = classify(text)
    assert all(classify(text) == first for _ in range(5))
    _check(text, first)


def test_category_does_not_change_result() -> None:
    text = "Supervision is regular."
    assert classify(text, "strength") == classify(text, "recommendation") == classify(text)


def test_tag_document_fills_every_finding() -> None:
    f1 = Finding("strength", "Strengths", "Supervision is regular and reflective.", 0, 10)
    f2 = Finding("area-for-development", "Areas for development", "Caseloads are too high.", 11, 20)
    doc = ParsedDocument(
        source="x.txt", sha256="0" * 64, kind="ucra-letter", text="...",
        authority=AuthorityRef(None, None, None, None), document_date=date(2011, 1, 1),
        findings=(f1, f2),
    )
    out = tag_document(doc)
    assert out is not doc and doc.findings[0].themes == ()
    assert [f.themes[0].slug for f in out.findings] == ["supervision", "caseloads-capacity"]
    assert replace(out, findings=doc.findings) == doc
    assert out.findings[0].to_json()["themes"][0] == "supervision"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(text, classify(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(
    ["supervision", "care leavers", "MASH", "audit", "plans", "the", "and", "delay", "-", ".", "’s",
     "CAF", "send", "return home interview", "child protection", "\n\n"]), max_size=40))
def test_cue_soup_gives_at_most_three_valid_tags(words: list[str]) -> None:
    text = " ".join(words)
    _check(text, classify(text))


def test_weak_cues_count_less() -> None:
    # "plan" is an okg:weakCue of planning-review: it no longer ties with a real cue
    scores = {t.slug: t.score for t in classify("Supervision is regular and supports the plan.")}
    assert scores["supervision"] == 1.0 and scores.get("planning-review", 0.0) == 0.5
    # weakness goes by spelling: "recording" is a strong cue, "recorded" a weak one
    strong = classify("Recording is poor.")[0]
    weak = classify("Decisions are recorded.")[0]
    assert strong.slug == weak.slug == "recording"
    assert strong.score == 2 * weak.score


def test_score_themes_flags_weak_only_themes() -> None:
    from ofsted_kg.themes.classifier import score_themes

    ranked = {r.slug: r for r in score_themes("Supervision is regular and supports the plan.")}
    assert ranked["supervision"].strong and not ranked["planning-review"].strong


def test_classify_accepts_a_scheme() -> None:
    text = "Supervision is regular and reflective."
    assert classify(text, scheme=load_scheme()) == classify(text)


@pytest.mark.parametrize(
    ("text", "without_context"),
    [
        # 1.5: okg:inContextCue / okg:contextCue (rule 3); sentences written for these tests
        ("The school attendance of looked after children has improved.", "The school has improved."),
        ("Children in care have good access to health services.", "Families have good access to health services."),
        ("Too few young people in care continue their education after 16.",
         "Too few young people continue their education after 16."),
    ],
)
def test_in_context_cues_count_only_in_their_context(text, without_context) -> None:
    assert "health-education-in-care" in {t.slug for t in classify(text)}
    assert "health-education-in-care" not in {r.slug for r in score_themes(without_context)}


def test_in_context_cues_are_matched_apart_from_longest_match() -> None:
    """"mental health" stays a mental-health cue and "health" still counts in context."""
    tags = {t.slug for t in classify("Children in care wait too long for mental health support.")}
    assert {"mental-health", "health-education-in-care"} <= tags


def test_judgement_heading_governance_is_not_the_board() -> None:
    """1.6: "Leadership, management and governance" (a judgement heading, a scheme stop phrase)
    gives no board theme; "governance" alone still does."""
    heading = "Leadership, management and governance Requires improvement Executive summary"
    assert "safeguarding-partnership" not in {r.slug for r in score_themes(heading)}
    assert "safeguarding-partnership" in {t.slug for t in classify("Governance arrangements are weak.")}


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # 1.6 cues; sentences written for these tests
        ("Social workers visit children regularly and see them alone.", "child-voice"),
        ("Few children participate in their reviews.", "child-voice"),
        ("Children say they feel listened to by their workers.", "child-voice"),
        ("Young people know how to contact independent advocates.", "child-voice"),
        ("Child in need review meetings are held regularly.", "planning-review"),
        ("Referrals receive a timely response from the duty team.", "timeliness"),
        ("Some children stay in neglectful homes longer than they should.", "timeliness"),
        ("The partnership board has agreed new priorities.", "safeguarding-partnership"),
    ],
)
def test_cues_added_in_1_6(text, slug) -> None:
    assert slug in {t.slug for t in classify(text)}
