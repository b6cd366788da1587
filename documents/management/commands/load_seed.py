"""Load the seed fixtures built from the seed documents (fixtures/*.json), if any exist."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load every fixture under fixtures/ in one transaction; loading twice changes nothing."

    def handle(self, *args, **options):
        fixture_dir = settings.BASE_DIR / "fixtures"
        fixtures = sorted(str(path) for path in fixture_dir.glob("*.json"))
        if not fixtures:
            self.stdout.write("No seed fixtures under fixtures/ yet; nothing to load.")
            return
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
