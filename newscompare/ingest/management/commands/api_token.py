"""python manage.py api_token USERNAME [--name NAME]: a new token for the upload API.
The key is printed once; only its hash is stored. (The admin's API tokens page does the same.)"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newscompare.ingest.api import UPLOAD_PERMISSION
from newscompare.ingest.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for uploading articles; prints the key once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="what the token is for, e.g. 'nightly import'"
        )

    def handle(self, *args, **opts) -> None:
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"no user named {opts['username']}")
        if not (user.is_active and user.is_staff and user.has_perm(UPLOAD_PERMISSION)):
            raise CommandError(
                f"{user} may not upload articles (needs to be active staff with the "
                f"'{UPLOAD_PERMISSION}' permission)"
            )
        _, key = ApiToken.issue(user, opts["name"])
        self.stdout.write(key)
