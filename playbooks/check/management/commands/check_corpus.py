from django.core.management.base import BaseCommand, CommandError

from playbooks.check.corpus import evaluate, load_corpus
from playbooks.check.rules import active_rules
from playbooks.library.choices import Language


def _names(values) -> str:
    return ", ".join(sorted(values)) or "—"


class Command(BaseCommand):
    help = "Run the message checker's rules over the example drafts and print a table."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=Language.values, action="append")
        parser.add_argument("--failures", action="store_true", help="Only the rows that fail.")

    def handle(self, *args, language=None, failures=False, **options):
        failed = 0
        for lang in language or Language.values:
            outcomes = evaluate(load_corpus(lang), active_rules(lang))
            self.stdout.write(f"\n{lang.upper()}: {len(outcomes)} drafts")
            self.stdout.write(f"{'draft':<14} {'expected':<34} {'raised':<34} result")
            for o in outcomes:
                if failures and o.passed:
                    continue
                notes = []
                if o.missed:
                    notes.append(f"missed {_names(o.missed)}")
                if o.unexpected:
                    notes.append(f"also raised {_names(o.unexpected)}")
                if o.unnoticed:
                    notes.append(f"did not notice {_names(o.unnoticed)}")
                self.stdout.write(
                    f"{o.draft.id:<14} {_names(o.draft.flags):<34} {_names(o.raised):<34} "
                    + ("ok" if o.passed else "FAIL: " + "; ".join(notes))
                )
            bad = sum(not o.passed for o in outcomes)
            good_drafts = [o for o in outcomes if not o.draft.flags]
            quiet = sum(not o.raised for o in good_drafts)
            self.stdout.write(
                f"{len(outcomes) - bad}/{len(outcomes)} pass; "
                f"{quiet}/{len(good_drafts)} good drafts raise nothing"
            )
            failed += bad
        if failed:
            raise CommandError(f"{failed} draft(s) do not match what a lead expects.")
