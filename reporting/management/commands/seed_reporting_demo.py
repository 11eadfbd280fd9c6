from django.core.management.base import BaseCommand

from reporting.demo import seed_reporting_demo


class Command(BaseCommand):
    help = (
        "Give the demo lead their safeguarding roles and second factor, and add a few demo cases."
    )

    def handle(self, *args, **options):
        seed_reporting_demo(stdout=self.stdout)
