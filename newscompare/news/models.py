"""The domain: outlets publish articles about a story; indexing splits articles into
sentences and groups sentences from different outlets into claims with a verdict."""

import datetime as dt

from django.db import models
from django.urls import reverse

from .verdicts import Verdict


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Story(models.Model):
    class TitleSource(models.TextChoices):
        GIVEN = "given", "given by a person or an import"
        GENERATED = "generated", "the most central headline"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300, blank=True)
    title_source = models.CharField(
        max_length=16, choices=TitleSource.choices, default=TitleSource.GIVEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When an article last joined, left or was indexed: the story list's order.",
    )
    # What the current index was computed from (pipeline.runner.index_inputs_key): a re-index
    # whose inputs hash the same writes nothing. Empty: no index, or one made another way.
    index_key = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Hash of the inputs of the story's current index (article texts and dates, "
        "pipeline version, model).",
    )

    class Meta:
        ordering = ["-created_at", "slug"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("story", args=[self.slug])


class Article(models.Model):
    class Placement(models.TextChoices):
        GIVEN = "given", "story named at import"
        AUTO = "auto", "placed by automatic grouping"
        PERSON = "person", "placed by a person"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="articles")
    # Who put the article in its story. Automatic grouping only ever moves AUTO articles:
    # a person's decision (and a story named at import) is never undone by a later run.
    placement = models.CharField(max_length=8, choices=Placement.choices, default=Placement.GIVEN)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    external_id = models.CharField(max_length=200, help_text="The caller's own id for the article.")
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The database keeps published_at in UTC; the outlet's own calendar day is kept here,
    # since "on Friday" in its text means the Friday before the day it printed.
    published_on = models.DateField(
        null=True, blank=True, help_text="The day it was published, in the outlet's own time zone."
    )
    text = models.TextField()
    text_hash = models.CharField(max_length=64, help_text="sha256 of the normalized text")
    language = models.CharField(max_length=16, blank=True)
    # Articles whose texts are near-duplicates (wire copies) share the wire group of the
    # earliest one; an article alone has its own id here after indexing.
    wire_group = models.IntegerField(null=True, blank=True)
    pipeline_version = models.CharField(
        max_length=100, blank=True, help_text="Version that last indexed it."
    )
    model_id = models.CharField(
        max_length=200, blank=True, help_text="Embedding model that last indexed it."
    )
    index_count = models.PositiveIntegerField(
        default=0, help_text="How many committed indexings included it."
    )
    # The text above is the article's newest version, the one compared; the texts it had
    # before are its ArticleVersion rows (see services.add_article).
    version = models.PositiveIntegerField(default=1, help_text="Number of the current text.")
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the current version appeared (its own date, else when it was imported); "
        "empty for a first version, which published_at dates.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "text_hash"], name="article_text_unique_in_story"
            ),
            models.UniqueConstraint(
                fields=["story", "external_id"], name="article_id_unique_in_story"
            ),
        ]

    def __str__(self):
        return f"{self.external_id}: {self.title or self.text[:60]}"

    @property
    def outlet_name(self) -> str:
        return self.outlet.name if self.outlet_id else "unknown"

    @property
    def reported_at(self) -> dt.datetime | None:
        """When the outlet put out the current text: the version's time, else publication."""
        return self.revised_at or self.published_at


class ArticleVersion(models.Model):
    """An earlier text of an article, kept when the outlet published a changed one (a
    correction or an update). The article row holds the newest text; these hold the ones
    it replaced, so who said what when can be read back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 is the first text seen.")
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    title = models.CharField(max_length=1000, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When this version appeared, as the source dated it."
    )
    superseded_at = models.DateTimeField(
        auto_now_add=True, help_text="When the next version was imported."
    )

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_unique")
        ]

    def __str__(self):
        return f"{self.article.external_id} version {self.number}"


class Sentence(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField()
    char_start = models.PositiveIntegerField()
    char_end = models.PositiveIntegerField()
    text = models.TextField()
    is_boilerplate = models.BooleanField(default=False)
    embedding = models.BinaryField(null=True, blank=True, help_text="float32 vector")

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="sentence_position_unique")
        ]

    def __str__(self):
        return self.text[:80]


class Claim(models.Model):
    class Kind(models.TextChoices):
        NUMBER = "number"
        DATE = "date"
        DURATION = "duration"
        QUOTE = "quote"
        EVENT = "event"
        OTHER = "other"

    # The domain's Verdict enum (verdicts.py) as Django choices: same names, values and order.
    Verdict = models.TextChoices("Verdict", [(v.name, v.value) for v in Verdict])

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="claims")
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the story: diverging claims first."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    explanation = models.TextField(blank=True)
    independent_sources = models.PositiveIntegerField(default=1)
    pipeline_version = models.CharField(max_length=100)
    model_id = models.CharField(
        max_length=200, blank=True, help_text="Embedding model that produced it."
    )
    # Identity of the claim across re-indexes: a hash of its members (article id and the
    # sentence's normalized-text hash), so positions and row ids may change freely.
    member_key = models.CharField(max_length=64, blank=True, db_index=True)
    sentences = models.ManyToManyField(Sentence, through="ClaimMember", related_name="claims")
    # One fact, one row (pipeline/rows.py): a claim that only narrows a wider one (its
    # sentences all inside the other's) is shown nested in the wider claim's row.
    narrows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        help_text="The wider claim whose row this one is nested in.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story", "position"]

    def __str__(self):
        return f"{self.get_verdict_display()} {self.kind} claim #{self.pk}"


class RowJSONField(models.JSONField):
    """A JSONField whose bulk INSERT sends one JSON parameter per row. Django's PostgreSQL
    bulk insert otherwise passes each column as one array (UNNEST), and psycopg escapes every
    quote of every JSON text inside that array in Python: twice the time for claim members.
    Stored, read and migrated exactly as a JSONField."""

    def get_placeholder(self, value, compiler, connection) -> str:
        return "%s"

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs


class ClaimMember(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="members")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="memberships")
    values = RowJSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "sentence"], name="claim_member_unique")
        ]


class IndexRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="index_runs")
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    pipeline_version = models.CharField(max_length=100, blank=True)
    model_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Each claim of the run by a worker bumps attempts; the holder's writes are fenced on
    # its attempt number, so a worker that lost the run can never commit over its successor.
    attempts = models.PositiveIntegerField(default=0)
    task_id = models.CharField(
        max_length=64, blank=True, help_text="Celery task id of the current holder."
    )
    worker = models.CharField(
        max_length=200, blank=True, help_text="host:pid of the current holder."
    )
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a message for it was last sent."
    )
    resends = models.PositiveIntegerField(
        default=0, help_text="Messages re-sent since it was last queued."
    )
    sentences_encoded = models.PositiveIntegerField(default=0)
    sentences_cached = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.story} {self.state} {self.progress_done}/{self.progress_total}"

    @property
    def percent(self) -> int:
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class EmbeddingCache(models.Model):
    """Sentence vectors by embedding model and normalized-text hash: re-indexing text the
    model has already seen costs a lookup, not an encode. Rows are written as soon as a
    batch is encoded, so a crashed run's work is kept for the next attempt."""

    model_id = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField(help_text="float32 vector")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_id", "text_hash"], name="embedding_cache_key")
        ]

    def __str__(self):
        return f"{self.model_id} {self.text_hash[:12]}"


class ArticleSegmentation(models.Model):
    """An article's sentences with their values, as the segment and values stages made
    them from its text: re-indexing after a change further down the pipeline (alignment,
    comparison) starts from here instead of splitting and parsing the text again."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="segmentation")
    key = models.CharField(
        max_length=64, help_text="sha256 of the text hash, stage versions and publication date"
    )
    sentences = models.JSONField(default=list)

    def __str__(self):
        return f"{self.article}: {len(self.sentences)} sentences"


class ClaimReview(models.Model):
    """A reviewer's decision on a claim's verdict. It outlives the claim row: after a
    re-index it moves to the claim with the same members, or is flagged for another look."""

    class Decision(models.TextChoices):
        CONFIRM = "confirm"
        OVERRIDE = "override"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="claim_reviews")
    claim = models.OneToOneField(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="review"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    verdict = models.CharField(
        max_length=16,
        choices=Claim.Verdict.choices,
        blank=True,
        help_text="The reviewer's verdict (for a confirmation, the pipeline's).",
    )
    pipeline_verdict = models.CharField(
        max_length=16,
        choices=Claim.Verdict.choices,
        blank=True,
        help_text="What the pipeline said when the reviewer decided.",
    )
    note = models.TextField(blank=True)
    reviewer = models.CharField(max_length=150, blank=True)
    member_key = models.CharField(
        max_length=64, blank=True, help_text="The claim's members when the reviewer decided."
    )
    members = models.JSONField(
        default=list, blank=True, help_text="[[article id, sentence text hash], ...] when decided."
    )
    needs_another_look = models.BooleanField(default=False)
    flag_reason = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["story", "-decided_at"]

    def __str__(self):
        return f"{self.decision} {self.verdict} on {self.story}"

    @property
    def overrides(self) -> bool:
        return self.decision == self.Decision.OVERRIDE and self.verdict != self.pipeline_verdict


class IndexDiff(models.Model):
    """What one indexing changed in a story's claims ("since the last index"); claims are
    matched by their members, so a claim whose members changed is removed plus added."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="index_diffs")
    run = models.OneToOneField(
        IndexRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="diff"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    previous_pipeline_version = models.CharField(max_length=100, blank=True)
    previous_model_id = models.CharField(max_length=200, blank=True)
    pipeline_version = models.CharField(max_length=100)
    model_id = models.CharField(max_length=200)
    added = models.JSONField(default=list)
    removed = models.JSONField(default=list)
    verdict_changed = models.JSONField(default=list)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self):
        return f"{self.story}: +{len(self.added)} -{len(self.removed)} ~{len(self.verdict_changed)}"

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.verdict_changed)


class ArticleFingerprint(models.Model):
    """What story grouping knows of an article (pipeline/grouping.py's Fingerprint): mean
    vectors of its lead and of all its sentences, its entities, figures and years."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="fingerprint")
    version = models.CharField(max_length=40)
    lead = models.BinaryField(help_text="float32 unit vector")
    mean = models.BinaryField(help_text="float32 unit vector")
    data = models.JSONField(default=dict)

    def __str__(self):
        return f"fingerprint of {self.article_id}"


class StoryProfile(models.Model):
    """A story as grouping compares new articles with it: sums over its articles'
    fingerprints and the ids of a few exemplar articles (pipeline/grouping.py's Profile)."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="profile")
    version = models.CharField(max_length=40)
    lead_sum = models.BinaryField(help_text="float32 vector")
    mean_sum = models.BinaryField(help_text="float32 vector")
    data = models.JSONField(default=dict)
    exemplars = models.JSONField(default=list, help_text="article ids")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"profile of {self.story}"


class StoryDecision(models.Model):
    """A person's merge, split or move of articles between stories, as it was made."""

    class Kind(models.TextChoices):
        MERGE = "merge"
        SPLIT = "split"
        MOVE = "move"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    story = models.ForeignKey(
        Story,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_in",
        help_text="Where the articles went.",
    )
    from_story = models.ForeignKey(
        Story,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_out",
        help_text="Where they came from.",
    )
    from_slug = models.CharField(max_length=120, blank=True)
    to_slug = models.CharField(max_length=120, blank=True)
    articles = models.JSONField(default=list, help_text="[[article id, external id], ...]")
    made_by = models.CharField(max_length=150, blank=True)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.from_slug} -> {self.to_slug} ({len(self.articles)} articles)"
