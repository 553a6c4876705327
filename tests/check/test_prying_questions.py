"""Any question about an illness, an accident, a family or money is prying; offers are not."""

import pytest

from playbooks.check.matching import Context, check
from playbooks.check.rules import active_rules

pytestmark = pytest.mark.django_db

PRYING = [
    ("en", "I'm so sorry. Did the doctors say how long she has?"),
    ("en", "Are the kids OK with the divorce?"),
    ("en", "Is your husband still in hospital?"),
    ("en", "Was the surgery successful?"),
    ("en", "Has the bank been in touch about the debt?"),
    ("fr", "Les enfants le prennent bien, ce divorce\u00a0?"),
    ("fr", "Votre mari est toujours à l'hôpital\u00a0?"),
    ("fr", "L'opération s'est bien passée\u00a0?"),
    ("fr", "La banque vous a recontactée pour la dette\u00a0?"),
]
OFFERS = [
    ("en", "Would it help if I moved the hospital-day meetings?"),
    ("en", "I've moved Friday. Would you prefer I speak to the bank for you?"),
    ("en", "Is Thursday still OK for a short call?"),
    ("fr", "Voulez-vous que je décale les réunions des jours d'hôpital\u00a0?"),
    ("fr", "Jeudi vous convient toujours pour un court appel\u00a0?"),
]


@pytest.mark.parametrize(("language", "text"), PRYING)
def test_a_question_about_their_private_news_is_prying(language, text):
    assert check(text, active_rules(language), Context(language=language)).categories == {"prying"}


@pytest.mark.parametrize(("language", "text"), OFFERS)
def test_an_offer_or_a_plain_question_is_not(language, text):
    assert check(text, active_rules(language), Context(language=language)).categories == set()


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Can I ask you directly: are you thinking of suicide?"),
     ("fr", "Est-ce que vous pensez au suicide\u00a0?")],
)  # fmt: skip
def test_asking_directly_about_suicide_is_never_prying(language, text):
    context = Context(language=language, signals=frozenset({"suicidal"}))
    assert check(text, active_rules(language), context).categories == set()
