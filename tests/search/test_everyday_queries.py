"""Searches in people's own words find the right situation's playbook in the top three.

The queries are written from the situations (what a colleague would type mid-call), not
from the playbooks' text; several found nothing before the vocabulary and the any-word
fallback (docs: shared/reviews/ux.md, problem 1). Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.db import connection

from playbooks.library.models import Playbook
from playbooks.search.backends import search

from ..factories import make_playbook

pytestmark = pytest.mark.django_db

# The playbook each situation starts from, per reader language (content/vocabulary.toml).
START = {
    "en": {
        "bereavement": "bereavement",
        "illness": "serious-illness",
        "family-emergency": "family-emergency",
        "mental-health": "mental-health-crisis-and-safety",
        "burnout": "burnout",
        "financial-hardship": "financial-hardship",
        "relationship-breakdown": "relationship-breakdown",
        "disaster": "disaster-or-displacement",
        "job-loss": "job-loss",
    },
    "fr": {
        "bereavement": "quand-un-proche-du-client-est-decede",
        "illness": "quand-le-client-ou-un-proche-est-gravement-malade",
        "family-emergency": "quand-une-urgence-familiale-appelle-le-client-ailleurs",
        "mental-health": "crise-de-sante-mentale-et-mise-en-securite",
        "burnout": "quand-un-client-est-en-epuisement-professionnel",
        "financial-hardship": "difficultes-financieres",
        "relationship-breakdown": "separation-ou-divorce",
        "disaster": "catastrophe-ou-deplacement",
        "job-loss": "perte-d-emploi",
    },
}

ENGLISH = [
    ("mother died", "bereavement"),
    ("my mom passed away", "bereavement"),
    ("client's dad died last week", "bereavement"),
    ("parent died", "bereavement"),
    ("her husband passed away", "bereavement"),
    ("funeral next week", "bereavement"),
    ("lost his wife", "bereavement"),
    ("grieving client", "bereavement"),
    ("condolences", "bereavement"),
    ("funral", "bereavement"),
    ("miscarriage", "bereavement"),
    ("sick", "illness"),
    ("hospital", "illness"),
    ("diagnosed with cancer", "illness"),
    ("wife has cancer", "illness"),
    ("chemo", "illness"),
    ("dad in hospital after a stroke", "illness"),
    ("surgery next month", "illness"),
    ("hopsital", "illness"),
    ("kid rushed to A&E", "family-emergency"),
    ("family emergency", "family-emergency"),
    ("had to leave suddenly, childcare", "family-emergency"),
    ("school called about her son", "family-emergency"),
    ("panic attack", "mental-health"),
    ("client said he wants to kill himself", "mental-health"),
    ("suicidal", "mental-health"),
    ("depressed and anxious", "mental-health"),
    ("she can't cope", "mental-health"),
    ("burnt out", "burnout"),
    ("exhausted and overworked", "burnout"),
    ("signed off with stress", "burnout"),
    ("can't pay the invoice", "financial-hardship"),
    ("company going bankrupt", "financial-hardship"),
    ("budget cuts", "financial-hardship"),
    ("debt", "financial-hardship"),
    ("divorce", "relationship-breakdown"),
    ("going through a divorce", "relationship-breakdown"),
    ("split up with her partner", "relationship-breakdown"),
    ("husband left her", "relationship-breakdown"),
    ("house flooded", "disaster"),
    ("fire at the office", "disaster"),
    ("earthquake", "disaster"),
    ("evacuated because of the war", "disaster"),
    ("laid off", "job-loss"),
    ("made redundant", "job-loss"),
    ("lost his job", "job-loss"),
    ("got fired", "job-loss"),
    ("redundent", "job-loss"),
]

FRENCH = [
    ("sa mère est décédée", "bereavement"),
    ("son père est mort", "bereavement"),
    ("décès de sa maman", "bereavement"),
    ("obsèques", "bereavement"),
    ("enterrement vendredi", "bereavement"),
    ("en deuil", "bereavement"),
    ("condoléances", "bereavement"),
    ("perdu son mari", "bereavement"),
    ("fausse couche", "bereavement"),
    ("malade", "illness"),
    ("à l'hôpital", "illness"),
    ("cancer du sein", "illness"),
    ("chimio", "illness"),
    ("sa femme est hospitalisée", "illness"),
    ("opéré du coeur", "illness"),
    ("diagnostic grave", "illness"),
    ("urgence familiale", "family-emergency"),
    ("a dû partir en urgence", "family-emergency"),
    ("son fils aux urgences", "family-emergency"),
    ("problème de garde d'enfant", "family-emergency"),
    ("crise de panique", "mental-health"),
    ("idées noires", "mental-health"),
    ("il parle de suicide", "mental-health"),
    ("déprimée", "mental-health"),
    ("ne tient plus le coup", "mental-health"),
    ("burn out", "burnout"),
    ("épuisé", "burnout"),
    ("surmenage", "burnout"),
    ("au bout du rouleau", "burnout"),
    ("problèmes d'argent", "financial-hardship"),
    ("faillite", "financial-hardship"),
    ("factures impayées", "financial-hardship"),
    ("coupes budgétaires", "financial-hardship"),
    ("divorce", "relationship-breakdown"),
    ("séparation", "relationship-breakdown"),
    ("sa femme l'a quitté", "relationship-breakdown"),
    ("garde alternée", "relationship-breakdown"),
    ("inondation", "disaster"),
    ("incendie chez lui", "disaster"),
    ("tremblement de terre", "disaster"),
    ("évacués à cause de la guerre", "disaster"),
    ("licencié", "job-loss"),
    ("perdu son emploi", "job-loss"),
    ("plan social", "job-loss"),
    ("au chômage", "job-loss"),
    ("licenciment", "job-loss"),
]


def top_three(query: str, language: str) -> list[str]:
    return [hit.slug for hit in search(query, language=language)[:3]]


@pytest.mark.parametrize(("language", "queries"), [("en", ENGLISH), ("fr", FRENCH)])
def test_everyday_queries_find_the_situations_playbook_in_the_top_three(language, queries):
    assert len(queries) >= 40
    misses = [
        (query, situation, found)
        for query, situation in queries
        if START[language][situation] not in (found := top_three(query, language))
    ]
    passed = len(queries) - len(misses)
    print(f"{language}: {passed} of {len(queries)} everyday queries pass")
    assert not misses, f"{passed} of {len(queries)} pass; misses: {misses}"


def test_the_words_point_to_a_situation_the_page_names(manager_client):
    response = manager_client.get("/search/", {"q": "my mom passed away"})
    page = response.content.decode()
    assert "Looks like: Bereavement" in page
    assert "/guide/?situation=bereavement" in page


def test_words_shared_by_two_situations_decide_nothing_alone(manager_client):
    # "wife" is a family word of several situations; it names no situation by itself.
    assert "Looks like" not in manager_client.get("/search/", {"q": "wife"}).content.decode()


def test_a_mistyped_word_is_respelt_or_its_look_alike_titles_offered(manager_client):
    make_playbook(title="Quimbleton guidance", summary="Plain.")
    page = manager_client.get("/search/", {"q": "quimbletan"}).content.decode()
    if connection.vendor == "sqlite":  # from the index's own words
        assert "Did you mean" in page and "?q=quimbleton" in page
    else:  # titles by trigram similarity (pg_trgm)
        assert "Quimbleton guidance" in page


def test_when_no_playbook_has_every_word_the_ones_with_most_come_first():
    results = search("funeral zzqqxv", language="en")
    assert results.count() >= 1
    assert results.any_word
    assert all("funeral" in (str(h.title) + str(h.snippet)).lower() for h in results[:1])


def test_a_playbook_and_its_translation_are_found_and_counted_once():
    twins = set(
        Playbook.objects.filter(language="fr", translation_of__isnull=False).values_list(
            "slug", flat=True
        )
    )
    results = search("client", language="en")
    found = {hit.slug for hit in results[: results.count()]}
    assert found and not found & twins
    french_only = set(
        Playbook.objects.filter(language="fr", translation_of__isnull=True).values_list(
            "slug", flat=True
        )
    )
    assert found - french_only  # English ones, and French ones with no English twin
