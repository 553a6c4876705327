from django.core.management.base import BaseCommand, CommandError

from playbooks.check.corpus import catch_rate, evaluate, load_corpus
from playbooks.check.rules import active_rules
from playbooks.library.choices import Language


def _names(values) -> str:
    return ", ".join(sorted(values)) or "—"


class Command(BaseCommand):
    help = "Run the message checker's rules over the example drafts and print a table."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=Language.values, action="append")
        parser.add_argument("--failures", action="store_true", help="Only the rows that fail.")
        parser.add_argument(
            "--corpus",
            default="corpus",
            help="The drafts file: <name>.<language>.toml beside the rules (default: corpus).",
        )
        parser.add_argument(
            "--match", default="", help="Only the drafts whose id contains this (e.g. held)."
        )

    def handle(self, *args, language=None, failures=False, corpus="corpus", match="", **options):
        failed = 0
        for lang in language or Language.values:
            try:
                drafts = load_corpus(lang, name=corpus)
            except FileNotFoundError:
                raise CommandError(f"No drafts file {corpus}.{lang}.toml.") from None
            drafts = [d for d in drafts if match in d.id]
            outcomes = evaluate(drafts, active_rules(lang))
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
            self.stdout.write(f"Catch rate: {catch_rate(outcomes)}")
            failed += bad
        if failed:
            raise CommandError(f"{failed} draft(s) do not match what a lead expects.")
