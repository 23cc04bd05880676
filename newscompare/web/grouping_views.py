"""People decide last: merge two stories, split one, move articles between stories, from
the story page (htmx forms that post back into their own fragment; without JavaScript the
same forms post and the page redraws). Every change is a recorded decision that automatic
grouping never undoes (news.services), and every story it changed is re-indexed through
the IndexRun path, whose progress the fragment shows."""

from django import forms
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, render

from newscompare.news import services
from newscompare.news.models import Article, IndexRun, Story, StoryDecision
from newscompare.pipeline.placement import after_person_change
from newscompare.web import present

DECIDE_PERMISSION = "news.add_storydecision"


class ArticlesForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(), widget=forms.CheckboxSelectMultiple, label="Articles"
    )
    action = forms.ChoiceField(choices=[("move", "move"), ("split", "split")])
    to_story = forms.ModelChoiceField(
        queryset=Story.objects.none(), required=False, label="Move them to"
    )
    title = forms.CharField(max_length=300, required=False, label="or split them off as")

    def __init__(self, story: Story, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].queryset = story.articles.order_by("external_id")
        self.fields["articles"].label_from_instance = lambda a: (
            f"{a.title or present.shorten(' '.join(a.text.split()), 80)} "
            f"({a.outlet_name}, {a.external_id})"
        )
        self.fields["to_story"].queryset = other_stories(story)

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("to_story"):
            self.add_error("to_story", "Choose the story to move them to.")
        return data


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(
        queryset=Story.objects.none(), label="Merge into this story", empty_label="— a story —"
    )

    def __init__(self, story: Story, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = other_stories(story)


def other_stories(story: Story):
    return Story.objects.exclude(pk=story.pk).order_by("title", "slug")


def story_grouping(request, slug):
    """The story's articles with the move/split form and the merge form; POST applies one."""
    story = get_object_or_404(Story, slug=slug)
    can_decide = request.user.has_perm(DECIDE_PERMISSION)
    articles_form, merge_form, done, status = ArticlesForm(story), MergeForm(story), "", 200
    if request.method == "POST":
        if not can_decide:
            return HttpResponseForbidden("Sign in as an editor to merge, split or move stories.")
        who = request.user.get_username()
        try:
            if "merge" in request.POST:
                merge_form = MergeForm(story, request.POST)
                if merge_form.is_valid():
                    other = merge_form.cleaned_data["other"]
                    changed = services.merge_stories(story, [other], made_by=who)
                    done = f"Merged “{other}” into this story."
                    merge_form = MergeForm(story)
            else:
                articles_form = ArticlesForm(story, request.POST)
                if articles_form.is_valid():
                    chosen = list(articles_form.cleaned_data["articles"])
                    if articles_form.cleaned_data["action"] == "split":
                        new, changed = services.split_story(
                            story, chosen, articles_form.cleaned_data["title"], made_by=who
                        )
                        done = f"Split {len(chosen)} article(s) off into “{new.title}”."
                    else:
                        target = articles_form.cleaned_data["to_story"]
                        changed = services.move_articles(chosen, target, made_by=who)
                        done = f"Moved {len(chosen)} article(s) to “{target}”."
                    articles_form = ArticlesForm(story)
        except ValueError as exc:
            done, status = f"Nothing changed: {exc}.", 400
        else:
            if done:
                after_person_change(changed)
                story.refresh_from_db()
        if not done and status == 200:
            status = 422
    return render(
        request,
        "_fragments/story_grouping.html",
        grouping_context(story, articles_form, merge_form, can_decide, done, show_runs=True),
        status=status,
    )


def grouping_context(
    story, articles_form=None, merge_form=None, can_decide=False, done="", show_runs=False
):
    """The fragment's context. The story page shows its run in its own progress bar, so
    only the fragment's answer to a change lists the runs it started (show_runs)."""
    decisions = StoryDecision.objects.filter(story=story) | StoryDecision.objects.filter(
        from_story=story
    )
    return {
        "story": story,
        "articles_form": articles_form or ArticlesForm(story),
        "merge_form": merge_form or MergeForm(story),
        "can_decide": can_decide,
        "done": done,
        "decisions": decisions.order_by("-made_at", "-id")[:10],
        "runs": IndexRun.objects.filter(
            story=story, state__in=[IndexRun.State.QUEUED, IndexRun.State.RUNNING]
        )
        if show_runs
        else [],
    }
