"""Keeps the PDF of every transcript in force that has no kept copy yet: those approved before
copies were kept, or one whose rendering failed just after its approval. Running it twice keeps
nothing the second time; a copy once kept never changes.
"""

from django.core.management.base import BaseCommand

from transcripts import services
from transcripts.models import Transcript


class Command(BaseCommand):
    help = "Keeps the PDF of each transcript in force that has none kept yet."

    def handle(self, *args, **options) -> None:
        missing = Transcript.objects.filter(
            state=Transcript.State.APPROVED, issued_pdf__isnull=True
        ).order_by("pk")
        count = 0
        for transcript in missing.iterator():
            services.issued_pdf_keep(transcript=transcript)
            count += 1
        self.stdout.write(f"Kept the PDF of {count} transcript(s).")
