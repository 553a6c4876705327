"""Walk every combination of the guide's answers and report each invariant as a table."""

import time

from django.core.management.base import BaseCommand, CommandError

from playbooks.guide.engine import build_plan, get_rules
from playbooks.guide.invariants import INVARIANTS, Tally, every_answer

REGIONS = {"en": "uk", "fr": "fr"}


class Command(BaseCommand):
    help = (
        "Build the plan for every combination of answers (both languages) from the published "
        "content and check each safety invariant; exits non-zero if any is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", choices=sorted(REGIONS))
        parser.add_argument("--situation", action="append")

    def handle(self, *args, **options):
        rules = get_rules()
        situations = options["situation"] or [s.slug for s in rules.situations]
        tally = Tally()
        started = time.perf_counter()
        for language in options["language"] or sorted(REGIONS):
            for answers in every_answer(situations, language=language, region=REGIONS[language]):
                tally.add(build_plan(answers, rules))
        seconds = time.perf_counter() - started
        self.stdout.write(f"{tally.plans:,} plans in {seconds:.0f} s\n")
        self.stdout.write("| invariant | plans it applied to | broken |")
        self.stdout.write("| --- | ---: | ---: |")
        for i in INVARIANTS:
            broken = len(tally.broken.get(i.name, ()))
            self.stdout.write(
                f"| `{i.name}`: {i.rule} | {tally.applied.get(i.name, 0):,} | {broken} |"
            )
        for name, examples in tally.broken.items():
            self.stderr.write(f"\n{name}:")
            for example in examples:
                self.stderr.write(f"  {example}")
        if tally.broken:
            raise CommandError(f"{len(tally.broken)} invariant(s) broken.")
