"""Which story an article belongs to: the pure decision (no database).

An article is reduced to a *fingerprint*: the mean vector of its lead sentences and of all
its sentences (MiniLM, as the pipeline embeds them), the named entities it mentions (all,
and those of the lead), the figures it states, and the years it names. Two fingerprints are
compared by `pair_probability`: a logistic model over seven similarities (two cosines, three
tf-idf cosines over entities and figures, whether the years named conflict or meet),
fitted on pairs of ECB+ dev topics 1-11 and checked on 12-22. Entities carry most of it:
two earthquakes in one region a year apart share the kind of event and the region, but not
the people, the towns hit, the death toll or the year.

Assignment of a batch (`assign`):
1. the batch's own articles are clustered (average linkage on 1 - probability, cut at
   BATCH_LINK, then a few passes moving each article to the cluster it fits best: average
   linkage alone keeps an early wrong merge);
2. each cluster is compared with the stored stories whose centroid is nearest (at most
   CANDIDATES of them, from a matrix of centroids: never with every stored article) as
   a pseudo-article (summed counts, mean vectors), and joins the best one at STORY_JOIN or
   above, or becomes a new story. Stories the same batch started are not candidates: the
   batch's clustering has already kept its clusters apart.
A batch of one article is the one-at-a-time case: step 1 is trivial.
Stories are kept as `Profile`s: sums over their articles' fingerprints, so adding an
article costs one addition.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from .values import entity_keys

VERSION = "grouping-1"

DIM = 384
LEAD_SENTENCES = 3  # the headline and the lead: what the article is about
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
FIGURE_TYPES = ("number", "money", "percent", "duration")

# Logistic model of "same story" over the features of `_features`, in this order:
# lead cosine, mean cosine, entity tf-idf cosine, years conflict, years shared,
# figure tf-idf cosine, lead-entity tf-idf cosine. Fitted (benchmarks/grouping_eval.py
# --fit) on all article pairs within ECB+ dev topics 1-11; topics 12-22 only checked.
WEIGHTS = np.array([4.75, 2.28, 15.54, -0.52, 0.71, 2.66, 8.12])
BIAS = -5.71
BATCH_LINK = 0.45  # average linkage joins clusters whose mean probability is at least this
REFINE_PASSES = 5  # moves of each article to its best cluster after linkage
AREA_LINK = 0.05  # a batch is first cut into areas (about one topic each) at this linkage
STORY_JOIN = 0.40  # a cluster joins a story when its mean probability with the exemplars is this
CANDIDATES = 20  # stories, by centroid cosine, that a cluster is scored against
EXEMPLARS = 8  # member fingerprints a story keeps for scoring new articles


@dataclass(eq=False)
class Fingerprint:
    lead: np.ndarray  # unit vector (zero when the article has no sentence)
    mean: np.ndarray
    entities: Counter = field(default_factory=Counter)
    lead_entities: Counter = field(default_factory=Counter)
    figures: Counter = field(default_factory=Counter)
    years: frozenset = frozenset()
    key: object = None  # the caller's article id

    def to_json(self) -> dict:
        """The countable parts (the vectors are stored as bytes beside it)."""
        return {
            "entities": dict(self.entities),
            "lead_entities": dict(self.lead_entities),
            "figures": dict(self.figures),
            "years": sorted(self.years),
        }

    @classmethod
    def from_parts(cls, lead: np.ndarray, mean: np.ndarray, data: dict, key=None) -> "Fingerprint":
        return cls(
            key=key,
            lead=lead,
            mean=mean,
            entities=Counter(data.get("entities", {})),
            lead_entities=Counter(data.get("lead_entities", {})),
            figures=Counter(data.get("figures", {})),
            years=frozenset(data.get("years", ())),
        )


def fingerprint(
    texts: list[str], sentence_values: list[list[dict]], vectors, key=None
) -> Fingerprint:
    """An article's fingerprint from its content sentences (boilerplate left out), their
    values and their unit vectors, all in reading order."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIM)
    entities, lead_entities, figures = Counter(), Counter(), Counter()
    for position, found in enumerate(sentence_values):
        keys = entity_keys(found)
        entities.update(keys)
        if position < LEAD_SENTENCES:
            lead_entities.update(keys)
        figures.update(
            f"{v['type']}:{v['normalized']}"
            for v in found
            if v["type"] in FIGURE_TYPES and v.get("normalized")
        )
    return Fingerprint(
        lead=_unit(vectors[:LEAD_SENTENCES].sum(0)) if len(vectors) else np.zeros(DIM, "f4"),
        mean=_unit(vectors.sum(0)) if len(vectors) else np.zeros(DIM, "f4"),
        entities=entities,
        lead_entities=lead_entities,
        figures=figures,
        years=frozenset(YEAR.findall(" ".join(texts))),
        key=key,
    )


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return (v / norm).astype(np.float32) if norm else np.zeros(DIM, dtype=np.float32)


@dataclass(eq=False)
class Profile:
    """A story as grouping sees it: sums over its articles' fingerprints."""

    key: object  # the caller's story id
    count: int = 0
    lead_sum: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.float32))
    mean_sum: np.ndarray = field(default_factory=lambda: np.zeros(DIM, dtype=np.float32))
    entities: Counter = field(default_factory=Counter)
    lead_entities: Counter = field(default_factory=Counter)
    figures: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    # Up to EXEMPLARS member fingerprints (the first placed) that new articles are scored
    # against; the caller keeps their keys when it stores the profile. A stored profile
    # may come without them (exemplars_loaded False): assign asks its loader for them only
    # when the story is a candidate.
    exemplars: list = field(default_factory=list)
    exemplars_loaded: bool = True

    def centroid(self) -> np.ndarray:
        if getattr(self, "_centroid", None) is None:
            self._centroid = _unit(self.lead_sum)
        return self._centroid

    def add(self, fp: Fingerprint, sign: int = 1):
        self._centroid = None
        if sign > 0 and len(self.exemplars) < EXEMPLARS:
            self.exemplars.append(fp)
        elif sign < 0:
            self.exemplars = [e for e in self.exemplars if e is not fp and e.key != fp.key]
        self.count += sign
        self.lead_sum = self.lead_sum + sign * fp.lead
        self.mean_sum = self.mean_sum + sign * fp.mean
        for mine, theirs in (
            (self.entities, fp.entities),
            (self.lead_entities, fp.lead_entities),
            (self.figures, fp.figures),
            (self.years, Counter(fp.years)),
        ):
            for k, n in theirs.items():
                mine[k] += sign * n
                if mine[k] <= 0:
                    del mine[k]

    def as_fingerprint(self) -> Fingerprint:
        return Fingerprint(
            lead=_unit(self.lead_sum),
            mean=_unit(self.mean_sum),
            entities=self.entities,
            lead_entities=self.lead_entities,
            figures=self.figures,
            years=frozenset(self.years),
        )

    def to_json(self) -> dict:
        return {
            "count": self.count,
            "entities": dict(self.entities),
            "lead_entities": dict(self.lead_entities),
            "figures": dict(self.figures),
            "years": dict(self.years),
        }

    @classmethod
    def from_parts(cls, key, lead_sum, mean_sum, data: dict) -> "Profile":
        return cls(
            key=key,
            count=data.get("count", 0),
            lead_sum=np.asarray(lead_sum, dtype=np.float32),
            mean_sum=np.asarray(mean_sum, dtype=np.float32),
            entities=Counter(data.get("entities", {})),
            lead_entities=Counter(data.get("lead_entities", {})),
            figures=Counter(data.get("figures", {})),
            years=Counter(data.get("years", {})),
        )


def merged(fps: list[Fingerprint]) -> Fingerprint:
    profile = Profile(key=None)
    for fp in fps:
        profile.add(fp)
    return profile.as_fingerprint()


# --- similarity -------------------------------------------------------------------------


DENSE_CELLS = 4_000_000  # below this many (articles x keys) cells the tf-idf matrix is dense


def _tfidf_cosines(counters: list[Counter], rows: int) -> np.ndarray:
    """Cosine of log-count x idf vectors of the first `rows` counters with all of them,
    idf over all the counters given."""
    n = len(counters)
    keys = list(chain.from_iterable(counters))
    if not keys:
        return np.zeros((rows, n))
    index = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    cols = np.fromiter(map(index.__getitem__, keys), dtype=np.int64, count=len(keys))
    at = np.repeat(np.arange(n), [len(c) for c in counters])
    counts = list(chain.from_iterable(c.values() for c in counters))
    df = np.bincount(cols, minlength=len(index))
    w = (1 + np.log(np.asarray(counts, dtype=np.float64))) * np.log((n + 1) / (df[cols] + 0.5))
    norm = np.sqrt(np.bincount(at, weights=w * w, minlength=n))
    w = w / np.where(norm > 0, norm, 1.0)[at]
    if n * len(index) <= DENSE_CELLS:
        m = np.zeros((n, len(index)))
        m[at, cols] = w
        return m[:rows] @ m.T
    from scipy import sparse

    m = sparse.csr_matrix((w, (at, cols)), shape=(n, len(index)))
    return (m[:rows] @ m.T).toarray()


def _features(fps: list[Fingerprint], rows: int | None = None) -> np.ndarray:
    """(rows, n, 7) features of the first `rows` fingerprints (all, by default) paired with
    every one; see WEIGHTS."""
    r = len(fps) if rows is None else rows
    lead = np.stack([fp.lead for fp in fps])
    mean = np.stack([fp.mean for fp in fps])
    has_years = np.array([bool(fp.years) for fp in fps])
    years = sorted({y for fp in fps for y in fp.years})
    pos = {y: i for i, y in enumerate(years)}
    y = np.zeros((len(fps), max(1, len(years))), dtype=np.float32)
    for i, fp in enumerate(fps):
        for yr in fp.years:
            y[i, pos[yr]] = 1
    shared = (y[:r] @ y.T) > 0
    conflict = has_years[:r, None] & has_years[None, :] & ~shared
    return np.stack(
        [
            lead[:r] @ lead.T,
            mean[:r] @ mean.T,
            _tfidf_cosines([fp.entities for fp in fps], r),
            conflict.astype(np.float32),
            shared.astype(np.float32),
            _tfidf_cosines([fp.figures for fp in fps], r),
            _tfidf_cosines([fp.lead_entities for fp in fps], r),
        ],
        axis=-1,
    )


def pair_probability(fps: list[Fingerprint], rows: int | None = None) -> np.ndarray:
    """(rows, n) probability that two of the fingerprints report one story (the first
    `rows` of them, all by default, against every one)."""
    if not fps:
        return np.zeros((0, 0))
    logit = _features(fps, rows) @ WEIGHTS + BIAS
    return 1.0 / (1.0 + np.exp(-logit))


# --- assignment ----------------------------------------------------------------------


def cluster_batch(fps: list[Fingerprint], link: float = None, refine: bool = True) -> list[int]:
    """Cluster labels 0..k-1 for a batch, numbered in order of first appearance."""
    n = len(fps)
    if n <= 1:
        return [0] * n
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    prob = pair_probability(fps)
    dist = 1.0 - (prob + prob.T) / 2
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(np.clip(dist, 0, None), checks=False), method="average")
    link = BATCH_LINK if link is None else link
    labels = fcluster(tree, t=1.0 - link, criterion="distance")
    if refine:
        labels = _refine(prob, labels)
    first = {}
    return [first.setdefault(lab, len(first)) for lab in labels]


def _refine(prob: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Move each article to the cluster its mean probability with the *other* members is
    highest for. Its probability with itself is left out: counted, it tied every article to
    its cluster (a singleton fitted its own at about 1 and never moved). An article alone
    stays alone unless another cluster fits it at BATCH_LINK, the bar of the linkage."""
    others = prob.copy()
    np.fill_diagonal(others, 0.0)
    for _ in range(REFINE_PASSES):
        ks = np.unique(labels)
        fit = np.empty((len(labels), len(ks)))
        for col, k in enumerate(ks):
            member = labels == k
            n_others = member.sum() - member  # the cluster's members besides the article
            mean = others[:, member].sum(1) / np.maximum(n_others, 1)
            fit[:, col] = np.where(n_others > 0, mean, BATCH_LINK)
        new = ks[fit.argmax(1)]
        if (new == labels).all():
            break
        labels = new
    return labels


@dataclass
class Placement:
    """Where a batch article goes: `story` is a stored Profile's key, or None for a new
    story numbered `new_group` (articles sharing it start one story together)."""

    story: object = None
    new_group: int | None = None
    profile: "Profile | None" = None  # the story's profile, with the batch's articles added


def _groups(labels: list[int]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(i)
    return list(groups.values())


def assign(
    batch: list[Fingerprint], profiles: list[Profile], load_exemplars=None
) -> list[Placement]:
    """Place each article of the batch in a stored story or in a new one (see module doc).
    `load_exemplars(profiles)` fills the exemplars of stored profiles that lack them; the
    profiles given are updated with the articles placed in them."""
    stories = [p for p in profiles if p.count > 0]
    # Stories started by this batch: one per cluster the batch's own clustering left apart.
    # A cluster never joins one of them: comparing it with a young story's first few
    # exemplars, one cluster after another, is a laxer test than the clustering already
    # passed on the whole batch, and chained clusters (and topics) the clustering had kept
    # apart into one story.
    new_stories: list[Profile] = []
    # The stored stories' centroids, one row each, kept up to date as clusters join them.
    centroids = np.stack([p.centroid() for p in stories]) if stories else np.zeros((0, DIM))
    row = {id(p): i for i, p in enumerate(stories)}
    out = [Placement() for _ in batch]
    for area in _areas(batch, list(range(len(batch)))):
        area_fps = [batch[i] for i in area]
        for members in _groups(cluster_batch(area_fps)):
            fps = [area_fps[i] for i in members]
            story = _best_story(fps, stories, centroids, load_exemplars)
            if story is None:
                story = Profile(key=None)
                new_stories.append(story)
            for fp in fps:
                story.add(fp)
            if id(story) in row:
                centroids[row[id(story)]] = story.centroid()
            placement = (
                Placement(new_group=new_stories.index(story), profile=story)
                if story in new_stories
                else Placement(story=story.key, profile=story)
            )
            for i in members:
                out[area[i]] = placement
    return out


def _areas(batch: list[Fingerprint], idx: list[int]) -> list[list[int]]:
    """The batch cut into areas (about one topic each), recursively: idf over a whole
    mixed batch makes a topic's shared names rare, and so binds its events together; within
    a topic the same names are common and what tells the events apart stands out."""
    parts = _groups(cluster_batch([batch[i] for i in idx], link=AREA_LINK, refine=False))
    if len(parts) == 1:
        return [idx]
    return [area for part in parts for area in _areas(batch, [idx[i] for i in part])]


def _best_story(
    fps: list[Fingerprint], stories: list[Profile], centroids: np.ndarray, load_exemplars
) -> Profile | None:
    """The story the cluster joins: the candidate (nearest centroids, one row of
    `centroids` per story) whose exemplars it matches best on average, if that is
    STORY_JOIN or more."""
    if not stories:
        return None
    near = centroids @ merged(fps).lead
    candidates = [stories[i] for i in np.argsort(-near)[:CANDIDATES]]
    unloaded = [p for p in candidates if not p.exemplars_loaded]
    if unloaded and load_exemplars is not None:
        load_exemplars(unloaded)
        for p in unloaded:
            p.exemplars_loaded = True
    # As in _areas: score against all candidates, keep those in the cluster's area, and
    # score again among those only, until the set stands still.
    while candidates:
        fit = _mean_fit(fps, candidates)
        near = [c for c, f in zip(candidates, fit, strict=True) if f >= AREA_LINK]
        if len(near) == len(candidates):
            break
        candidates = near
    if not candidates:
        return None
    best = int(np.argmax(fit))
    return candidates[best] if fit[best] >= STORY_JOIN else None


def _mean_fit(fps: list[Fingerprint], candidates: list[Profile]) -> list[float]:
    """Mean pair probability of the cluster's articles with each candidate's exemplars."""
    pool = list(fps)
    spans = []
    for story in candidates:
        spans.append((len(pool), len(pool) + len(story.exemplars)))
        pool.extend(story.exemplars)
    prob = pair_probability(pool, rows=len(fps))
    return [float(prob[:, a:b].mean()) if b > a else 0.0 for a, b in spans]


def central_exemplar(profile: Profile):
    """Key of the exemplar nearest the story's centroid (its title comes from it), or None."""
    if not profile.exemplars:
        return None
    near = np.stack([fp.lead for fp in profile.exemplars]) @ _unit(profile.lead_sum)
    return profile.exemplars[int(np.argmax(near))].key
