"""Rebuild the blind index (pupil names, report words) after SEARCH_INDEX_KEY changes.

Until it has run, pupils and cases indexed under the old key are not found by
search. Safe to interrupt and run again: it only rebuilds what is still under
another key.
"""

from django.core.management.base import BaseCommand

from reporting.services.search_index import blind_index_rebuild


class Command(BaseCommand):
    help = "Re-make the search digests under the current key, and index cases reported before the index."

    def handle(self, *args, **options):
        done = blind_index_rebuild()
        self.stdout.write(
            f"Re-indexed {done['pupils']} pupil(s) and {done['cases']} case(s) under the current key."
        )
