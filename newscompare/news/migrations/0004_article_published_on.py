from django.db import migrations, models


def days_from_utc(apps, schema_editor):
    # Rows stored before this field kept only the UTC instant: its UTC day is the best
    # there is (re-ingesting the article gives the outlet's own day).
    Article = apps.get_model("news", "Article")
    for article in Article.objects.exclude(published_at=None).only("id", "published_at"):
        Article.objects.filter(pk=article.pk).update(published_on=article.published_at.date())


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_article_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_on",
            field=models.DateField(
                blank=True,
                help_text="The day it was published, in the outlet's own time zone.",
                null=True,
            ),
        ),
        migrations.RunPython(days_from_utc, migrations.RunPython.noop),
    ]
