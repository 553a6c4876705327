"""Walk the guide's answers and report each invariant as a table."""

import time

from django.core.management.base import BaseCommand, CommandError

from playbooks.guide.engine import build_plan, get_rules
from playbooks.guide.invariants import INVARIANTS
from playbooks.guide.walk import Tally, every_answer, sampled_answers

REGIONS = {"en": "uk", "fr": "fr"}


class Command(BaseCommand):
    help = (
        "Build the plan for every combination of the core answers (both languages), or for a "
        "random sample of the whole space with --sample N, from the published content, and "
        "check each safety invariant; exits non-zero if any is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", choices=sorted(REGIONS))
        parser.add_argument("--situation", action="append")
        parser.add_argument(
            "--sample",
            type=int,
            metavar="N",
            help="check N random answers over the whole space (several situations, every "
            "region and language) instead of every core combination",
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        rules = get_rules()
        situations = options["situation"] or [s.slug for s in rules.situations]
        unknown = set(situations) - {s.slug for s in rules.situations}
        if unknown:
            raise CommandError(f"No such situation: {', '.join(sorted(unknown))}.")
        tally = Tally()
        started, cpu = time.perf_counter(), time.process_time()
        if options["sample"]:
            answers = sampled_answers(situations, options["sample"], seed=options["seed"])
        else:
            answers = (
                a
                for language in options["language"] or sorted(REGIONS)
                for a in every_answer(
                    situations, language=language, region=REGIONS[language], rules=rules
                )
            )
        for a in answers:
            tally.add(build_plan(a, rules))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        self.stdout.write(f"{tally.plans:,} plans in {seconds:.0f} s ({cpu:.0f} s CPU)\n")
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
