"""The admin site for the domain's models: stories (with re-index and merge actions),
articles (with move and split actions), people's story decisions, claims with their members
and reviewers' decisions, index runs and diffs. It lives in web/ because it starts indexing
and records decisions through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm

from newscompare.news import services
from newscompare.news.models import (
    Article,
    Claim,
    ClaimMember,
    ClaimReview,
    IndexDiff,
    IndexRun,
    Outlet,
    Sentence,
    Story,
    StoryDecision,
)
from newscompare.pipeline.placement import after_person_change
from newscompare.pipeline.tasks import enqueue_index


class StoryChoiceForm(ActionForm):
    """The admin's action bar with a story to move into (by slug) and a title for a split."""

    story = forms.CharField(
        required=False, label="story (slug)", widget=forms.TextInput(attrs={"size": 24})
    )
    title = forms.CharField(
        required=False, label="new story's title", widget=forms.TextInput(attrs={"size": 24})
    )


def _after_person_change(model_admin, request, changed, done: str):
    after_person_change(changed)
    model_admin.message_user(
        request, f"{done} {len(changed)} stories re-indexed or queued.", messages.SUCCESS
    )


def _target_story(model_admin, request):
    slug = request.POST.get("story", "").strip()
    story = Story.objects.filter(slug=slug).first() if slug else None
    if story is None:
        model_admin.message_user(
            request, f"No story '{slug}': write the slug of the story to use.", messages.ERROR
        )
    return story


class TouchesStories:
    """An edit or a deletion in the admin touches the stories it changed, as every write in
    news.services does: the story list's order and the dashboard's page cache follow."""

    def story_ids(self, objs) -> set[int]:
        return {getattr(obj, "story_id", obj.pk) for obj in objs}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.touch_stories(self.story_ids([obj]))

    def delete_model(self, request, obj):
        ids = self.story_ids([obj])
        super().delete_model(request, obj)
        services.touch_stories(ids)

    def delete_queryset(self, request, queryset):
        ids = self.story_ids(queryset)
        super().delete_queryset(request, queryset)
        services.touch_stories(ids)


@admin.register(Outlet)
class OutletAdmin(TouchesStories, admin.ModelAdmin):
    search_fields = ["name"]

    def story_ids(self, objs) -> set[int]:
        """A renamed outlet changes the pages of every story with one of its articles."""
        outlets = [o.pk for o in objs]
        return set(Article.objects.filter(outlet__in=outlets).values_list("story_id", flat=True))


@admin.register(Story)
class StoryAdmin(TouchesStories, admin.ModelAdmin):
    list_display = ["title", "slug", "last_activity_at", "created_at"]
    search_fields = ["slug", "title"]
    actions = ["reindex_selected", "merge_selected"]
    action_form = StoryChoiceForm
    ordering = ["-last_activity_at", "-id"]

    @admin.action(
        description="Merge selected stories (into the story named below, else the largest)",
        permissions=["change"],
    )
    def merge_selected(self, request, queryset):
        stories = list(queryset.order_by("id"))
        target = None
        if request.POST.get("story", "").strip():
            target = _target_story(self, request)
            if target is None:
                return
        target = target or max(stories, key=lambda s: (s.articles.count(), -s.pk))
        try:
            changed = services.merge_stories(target, stories, made_by=request.user.get_username())
        except ValueError as exc:
            self.message_user(request, f"Nothing changed: {exc}.", messages.ERROR)
            return
        _after_person_change(self, request, changed, f"Merged into {target.slug}.")

    @admin.action(description="Re-index selected stories", permissions=["change"])
    def reindex_selected(self, request, queryset) -> None:
        runs = [enqueue_index(story) for story in queryset.order_by("id")]
        failed = [r for r in runs if r.state == IndexRun.State.FAILED]
        done = sum(r.state == IndexRun.State.DONE for r in runs)
        self.message_user(
            request,
            f"{len(runs)} stories: {done} indexed, {len(runs) - done - len(failed)} queued"
            + (f", {len(failed)} failed" if failed else ""),
            messages.WARNING if failed else messages.SUCCESS,
        )


@admin.register(Article)
class ArticleAdmin(TouchesStories, admin.ModelAdmin):
    list_display = [
        "external_id",
        "story",
        "outlet",
        "title",
        "published_on",
        "language",
        "pipeline_version",
        "model_id",
        "index_count",
    ]
    list_filter = ["story", "placement", "outlet"]
    search_fields = ["external_id", "title", "url"]
    raw_id_fields = ["story", "outlet"]
    actions = ["move_selected", "split_selected"]
    action_form = StoryChoiceForm

    def get_readonly_fields(self, request, obj=None):
        # An article changes story only through the actions, which record the decision.
        return ["story", "placement"] if obj else []

    @admin.action(description="Move selected articles to the story named below")
    def move_selected(self, request, queryset):
        target = _target_story(self, request)
        if target is None:
            return
        try:
            changed = services.move_articles(
                list(queryset), target, made_by=request.user.get_username()
            )
        except ValueError as exc:
            self.message_user(request, f"Nothing changed: {exc}.", messages.ERROR)
            return
        _after_person_change(self, request, changed, f"Moved to {target.slug}.")

    @admin.action(description="Split selected articles off into a new story (title below)")
    def split_selected(self, request, queryset):
        articles = list(queryset)
        stories = {a.story_id for a in articles}
        if len(stories) != 1:
            self.message_user(request, "Choose articles of one story to split.", messages.ERROR)
            return
        try:
            new, changed = services.split_story(
                articles[0].story,
                articles,
                request.POST.get("title", "").strip(),
                made_by=request.user.get_username(),
            )
        except ValueError as exc:
            self.message_user(request, f"Nothing changed: {exc}.", messages.ERROR)
            return
        _after_person_change(self, request, changed, f"Split off into {new.slug}.")


@admin.register(StoryDecision)
class StoryDecisionAdmin(admin.ModelAdmin):
    list_display = ["made_at", "kind", "from_slug", "to_slug", "made_by"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in StoryDecision._meta.fields]

    def has_add_permission(self, request):
        return False  # decisions are made by merging, splitting or moving


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "is_boilerplate", "text"]
    list_filter = ["is_boilerplate"]
    raw_id_fields = ["article"]
    exclude = ["embedding"]


class ClaimMemberInline(admin.TabularInline):
    model = ClaimMember
    raw_id_fields = ["sentence"]
    extra = 0


class ClaimReviewInline(admin.StackedInline):
    """The reviewer's decision; saved through services.review_claim, which records the
    claim's members so the decision can follow the claim across re-indexes."""

    model = ClaimReview
    fields = [
        "decision",
        "verdict",
        "note",
        "reviewer",
        "pipeline_verdict",
        "needs_another_look",
        "flag_reason",
        "decided_at",
    ]
    readonly_fields = [
        "reviewer",
        "pipeline_verdict",
        "needs_another_look",
        "flag_reason",
        "decided_at",
    ]
    extra = 1
    max_num = 1
    can_delete = True


@admin.register(Claim)
class ClaimAdmin(TouchesStories, admin.ModelAdmin):
    list_display = [
        "id",
        "story",
        "kind",
        "verdict",
        "reviewed",
        "independent_sources",
        "explanation",
        "pipeline_version",
        "model_id",
    ]
    list_filter = ["verdict", "kind", "story"]
    inlines = [ClaimReviewInline, ClaimMemberInline]

    @admin.display(description="review")
    def reviewed(self, claim) -> str:
        review = getattr(claim, "review", None)
        if review is None:
            return ""
        return f"{review.decision}: {review.verdict}" + (
            " (needs another look)" if review.needs_another_look else ""
        )

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not ClaimReview:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these, as a formset's own save() would set them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for f in formset.forms:
            data = getattr(f, "cleaned_data", None)
            if not data or not f.has_changed():
                continue
            if data.get("DELETE"):
                if f.instance.pk:
                    formset.deleted_objects.append(f.instance)
                    f.instance.delete()
                continue
            existed = bool(f.instance.pk)
            review = services.review_claim(
                form.instance,
                data["decision"],
                data.get("verdict") or "",
                data.get("note", ""),
                request.user.get_username(),
            )
            if existed:
                formset.changed_objects.append((review, f.changed_data))
            else:
                formset.new_objects.append(review)


@admin.register(ClaimReview)
class ClaimReviewAdmin(admin.ModelAdmin):
    list_display = [
        "story",
        "claim",
        "decision",
        "verdict",
        "pipeline_verdict",
        "needs_another_look",
        "flag_reason",
        "reviewer",
        "decided_at",
    ]
    list_filter = ["needs_another_look", "decision", "story"]
    raw_id_fields = ["claim"]
    readonly_fields = ["member_key", "members", "pipeline_verdict", "decided_at"]

    def has_add_permission(self, request) -> bool:
        # Decisions are made on a claim (its page here, or the dashboard), which records
        # its members.
        return False


@admin.register(IndexRun)
class IndexRunAdmin(admin.ModelAdmin):
    list_display = [
        "story",
        "state",
        "progress_done",
        "progress_total",
        "attempts",
        "heartbeat_at",
        "worker",
        "pipeline_version",
        "model_id",
        "sentences_encoded",
        "sentences_cached",
        "created_at",
        "finished_at",
    ]
    list_filter = ["state"]
    readonly_fields = [
        "state",
        "progress_done",
        "progress_total",
        "error",
        "pipeline_version",
        "model_id",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "attempts",
        "task_id",
        "worker",
        "enqueued_at",
        "sentences_encoded",
        "sentences_cached",
    ]


@admin.register(IndexDiff)
class IndexDiffAdmin(admin.ModelAdmin):
    list_display = [
        "story",
        "created_at",
        "previous_pipeline_version",
        "pipeline_version",
        "model_id",
        "unchanged",
    ]
    list_filter = ["story"]
    raw_id_fields = ["run"]
