"""French text keeps its punctuation with the word before it: no line starts with « : »."""

from pathlib import Path

import pytest

from playbooks.library.french_typography import french_files, tidy, tidy_po, untidy_spots
from playbooks.library.loader import CONTENT_DIR

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("plain", "typeset"),
    [
        (
            "Bonjour : oui ; non ! Vraiment ?",
            f"Bonjour{NBSP}: oui{NBSP}; non{NBSP}! Vraiment{NBSP}?",
        ),
        ("« pas maintenant »", f"«{NBSP}pas maintenant{NBSP}»"),
        ("**France :** 15", f"**France{NBSP}:** 15"),
        ("{client} : bonjour", f"{{client}}{NBSP}: bonjour"),
    ],
)
def test_french_punctuation_gets_a_non_breaking_space(plain, typeset):
    assert tidy(plain) == typeset
    assert tidy(typeset) == typeset


@pytest.mark.parametrize("text", ["https://3114.fr", "à 14:30", "|:---|", "&amp; la suite"])
def test_urls_times_tables_and_entities_are_left_alone(text):
    assert tidy(text) == text


def test_a_catalogue_is_tidied_in_its_translations_only():
    po = 'msgid "Note: one"\nmsgstr "Note : une"\n'
    assert tidy_po(po) == f'msgid "Note: one"\nmsgstr "Note{NBSP}: une"\n'


def test_the_catalogue_header_and_wrapped_entries_are_handled():
    po = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid ""\n"Long: one"\nmsgstr ""\n"Longue : une"\n'
    )
    assert tidy_po(po) == (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        f'msgid ""\n"Long: one"\nmsgstr ""\n"Longue{NBSP}: une"\n'
    )


def test_the_shipped_french_content_is_typeset():
    files = french_files(Path(CONTENT_DIR))
    assert any("playbooks/fr" in str(p) for p in files)
    untidy = {
        p.name: spots for p in files if (spots := untidy_spots(p.read_text(encoding="utf-8")))
    }
    assert not untidy, f"run `manage.py tidy_french`: {untidy}"


def test_the_catalogue_header_is_left_for_gettext_to_parse():
    po = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=(n == 0) ? 0 : 1;\\n"\n\n'
        'msgid ""\n"Long: text"\nmsgstr ""\n"Long: texte"\n'
    )
    tidied = tidy_po(po)
    assert '"Plural-Forms: nplurals=3; plural=(n == 0) ? 0 : 1;\\n"' in tidied
    assert f'"Long{NBSP}: texte"' in tidied
