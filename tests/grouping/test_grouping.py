"""pipeline/grouping.py on made-up events: what belongs together goes together, the same
kind of event in another town a year later does not, and the answer does not depend on
whether the articles come in one batch or one at a time."""

import numpy as np
import pytest

from newscompare.pipeline import embed, grouping, segment, values

from .events import EVENTS, event_of, records


def fingerprint(row):
    text = f"{row['title']}\n{row['text']}"
    content = [s.text for s in segment.segment_text(text) if not s.is_boilerplate]
    found = values.extract_article_values(content, None)
    return grouping.fingerprint(content, found, embed.embed_sentences(content), key=row["id"])


@pytest.fixture(scope="module")
def fps():
    return [fingerprint(r) for r in records()]


def stories_of(fps, placements) -> dict[str, object]:
    return {fp.key: id(p.profile) for fp, p in zip(fps, placements, strict=True)}


def assert_grouped_by_event(where: dict):
    for a in where:
        for b in where:
            same_event = event_of(a) == event_of(b)
            assert (where[a] == where[b]) == same_event, (a, b)


def test_one_batch_is_grouped_by_event(fps):
    placements = grouping.assign(fps, [])
    assert_grouped_by_event(stories_of(fps, placements))
    assert len({p.new_group for p in placements}) == len(EVENTS)


def test_one_article_at_a_time_gives_the_same_stories(fps):
    profiles, where = [], {}
    for fp in fps:
        (placement,) = grouping.assign([fp], profiles)
        if placement.story is None:
            placement.profile.key = len(profiles)
            profiles.append(placement.profile)
        where[fp.key] = placement.profile.key
    assert_grouped_by_event(where)


def test_the_same_kind_of_event_a_year_later_elsewhere_is_another_story(fps):
    floods = [fp for fp in fps if fp.key.startswith("flood")]
    prob = grouping.pair_probability(floods)
    event = [event_of(fp.key) for fp in floods]
    pairs = [(i, j) for i in range(len(floods)) for j in range(len(floods)) if i != j]
    same = [prob[i, j] for i, j in pairs if event[i] == event[j]]
    other = [prob[i, j] for i, j in pairs if event[i] != event[j]]
    assert min(same) > max(other)


def test_a_stored_story_is_matched_through_its_exemplars_only(fps):
    first = [fp for fp in fps if fp.key.endswith("-1") or fp.key.endswith("-2")]
    later = [fp for fp in fps if fp not in first]
    profiles = []
    for p in grouping.assign(first, []):
        if p.profile not in profiles:
            p.profile.key = len(profiles)
            profiles.append(p.profile)
    # Stored profiles come without exemplars; assign asks only for its candidates'.
    asked = []
    for p in profiles:
        p.exemplars_loaded, p.saved = False, p.exemplars
        p.exemplars = []

    def load(candidates):
        asked.extend(candidates)
        for c in candidates:
            c.exemplars = c.saved

    placements = grouping.assign(later, profiles, load)
    assert all(p.story is not None for p in placements)  # every later article found its story
    for fp, p in zip(later, placements, strict=True):
        members = {m.key for m in profiles[p.story].exemplars}
        assert {event_of(k) for k in members} == {event_of(fp.key)}
    assert asked and len(asked) <= len(profiles)


def test_a_profile_is_the_sum_of_its_articles_and_survives_storage(fps):
    p = grouping.Profile(key=1)
    for fp in fps[:3]:
        p.add(fp)
    p.add(fps[1], -1)
    stored = grouping.Profile.from_parts(1, p.lead_sum, p.mean_sum, p.to_json())
    assert stored.count == 2
    assert stored.entities == fps[0].entities + fps[2].entities
    back = grouping.Fingerprint.from_parts(fps[0].lead, fps[0].mean, fps[0].to_json())
    assert back.entities == fps[0].entities and back.years == fps[0].years


def _twin_groups(cosine: float, size: int = 4) -> list[grouping.Fingerprint]:
    """Two made-up groups of identical articles, the groups' vectors at `cosine`, with no
    names, figures or years: only the two vector cosines speak."""
    a = np.zeros(grouping.DIM, dtype=np.float32)
    b = np.zeros(grouping.DIM, dtype=np.float32)
    a[0], b[0], b[1] = 1.0, cosine, np.sqrt(1 - cosine**2)
    return [
        grouping.Fingerprint(lead=v, mean=v, key=f"{name}-{i}")
        for name, v in (("a", a), ("b", b))
        for i in range(size)
    ]


def test_clusters_a_batch_kept_apart_are_not_joined_again_by_that_batch():
    # Groups whose pair probability lies between STORY_JOIN and BATCH_LINK: the batch's
    # clustering keeps them apart, and the later cluster must not then join the story the
    # first one just started (a laxer test, one cluster at a time: how whole topics were
    # chained into one story in a mixed import).
    w = grouping.WEIGHTS[0] + grouping.WEIGHTS[1]
    target = (grouping.STORY_JOIN + grouping.BATCH_LINK) / 2
    cosine = (np.log(target / (1 - target)) - grouping.BIAS) / w
    fps = _twin_groups(float(cosine))
    prob = grouping.pair_probability(fps)
    assert grouping.STORY_JOIN < prob[0, -1] < grouping.BATCH_LINK < prob[0, 1]
    assert_grouped_by_event(stories_of(fps, grouping.assign(fps, [])))


def test_refinement_weighs_an_article_by_the_other_members_only():
    # Made-up probabilities: three articles that belong together, a fourth the linkage
    # left alone though it fits them well, and a fifth that fits nothing. Counting an
    # article's probability with itself kept the fourth alone.
    prob = np.full((5, 5), 0.05)
    prob[:3, :3] = 0.9
    prob[3, :3] = prob[:3, 3] = grouping.BATCH_LINK + 0.1
    prob[4, :3] = prob[:3, 4] = grouping.BATCH_LINK - 0.2
    np.fill_diagonal(prob, 1.0)
    labels = grouping._refine(prob, np.array([0, 0, 0, 1, 2]))
    assert labels[3] == labels[0] and labels[4] not in labels[:4]
