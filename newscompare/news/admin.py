from django.contrib import admin

from .models import Article, Claim, ClaimMember, IndexRun, Outlet, Sentence, Story


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "created_at"]
    search_fields = ["slug", "title"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["external_id", "story", "outlet", "title", "published_at", "language", "pipeline_version"]
    list_filter = ["story", "outlet"]
    search_fields = ["external_id", "title", "url"]
    raw_id_fields = ["story", "outlet"]


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


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["id", "story", "kind", "verdict", "independent_sources", "explanation"]
    list_filter = ["verdict", "kind", "story"]
    inlines = [ClaimMemberInline]


@admin.register(IndexRun)
class IndexRunAdmin(admin.ModelAdmin):
    list_display = ["story", "state", "progress_done", "progress_total", "pipeline_version", "created_at", "finished_at"]
    list_filter = ["state"]
