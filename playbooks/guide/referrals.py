"""Where the guide sends people: the safety card's numbers, referrals for the client, and
support for the reader, chosen from the resources by region, situation and signals."""

import re

from playbooks.library.choices import RISK_ORDER, ResourceKind, Signal

from . import safety as safety_cards
from .labels import Labels, vocabulary
from .plan import Answers, Referral, Safety
from .rules import ResourceRule, Rules

# Which resources serve a client in each region: their own, then wider ones.
REGION_REACH = {
    "us": ("us", "intl"),
    "uk": ("uk", "intl"),
    "ie": ("ie", "eu", "intl"),
    "fr": ("fr", "eu", "intl"),
    "eu": ("eu", "intl"),
    "intl": ("intl",),
}
# Emergency numbers belong on the safety card; the EAP and internal contacts are for the
# reader ("For you"), never among the client's referrals.
FOR_YOU_KINDS = {ResourceKind.EAP.value, ResourceKind.INTERNAL.value}
REFER_KINDS = {k.value for k in ResourceKind} - {ResourceKind.EMERGENCY.value} - FOR_YOU_KINDS
# Grades that call for emergency numbers; distress alone does not.
EMERGENCY_GRADES = {Signal.DANGER.value, Signal.SUICIDAL.value, Signal.ABUSE.value}


def dialable(contact: str) -> str:
    """The phone number a contact starts with ("116 123", "+33 1 23"), digits only."""
    if match := re.match(r"\+?\d[\d\s\-().]{1,}(?![\w.])", contact.strip()):
        digits = re.sub(r"[^\d+]", "", match.group())
        return digits if len(digits.lstrip("+")) >= 2 else ""
    return ""


def referral(r: ResourceRule, answers: Answers, reasons: list[str]) -> Referral:
    kind_label = vocabulary(answers.language)["resource_kind"].get(r.kind, r.kind)
    french = answers.language == "fr"
    return Referral(
        key=f"resource-{r.pk}",
        name=r.name_fr if french and r.name_fr else r.name,
        contact=r.contact,
        url=r.url,
        kind=r.kind,
        kind_label=kind_label,
        description=r.description_fr if french and r.description_fr else r.description,
        language=r.language,
        reasons=tuple(reasons),
        tel=dialable(r.contact),
    )


def resources(rules: Rules, answers: Answers, labels: Labels):
    """Resources that serve the client's region and fit the answers, best first.

    Placeholders (needs_setup) never reach a reader; a lead sees them flagged instead.
    """
    reach = REGION_REACH.get(answers.region, (answers.region, "intl"))
    noticed_all = set(answers.signals)
    w = rules.weights
    scored = []
    for r in rules.resources:
        if r.needs_setup or r.exclude_signals & noticed_all:
            continue
        if r.regions and not (r.regions & set(reach)):
            continue
        if r.situations and r.situations.isdisjoint(answers.situations):
            continue
        noticed = [s for s in answers.signals if s in r.signals]
        if r.signals and not noticed:
            continue
        score, reasons = 0, []
        if r.situations:
            score += w.situation
            reasons.extend(labels.situations[s] for s in answers.situations if s in r.situations)
        score += w.signal * len(noticed)
        reasons.extend(labels.signals[s] for s in noticed)
        nearest = min((reach.index(g) for g in r.regions if g in reach), default=len(reach))
        scored.append(((-r.priority, -score, nearest, r.order, r.pk), r, reasons))
    scored.sort(key=lambda e: e[0])
    return [(r, reasons or [labels.general]) for _key, r, reasons in scored]


def safety(answers: Answers, found, labels: Labels, rules: Rules) -> Safety | None:
    """The safety card for the grades noticed: steps, then the numbers for the client, and
    how to reach them from the reader's own region when that is another."""
    grades = answers.risks
    if not grades:
        return None
    why = [labels.signals[g] for g in grades]
    emergency, crisis, abuse = [], [], []
    for r, _reasons in found:
        if r.kind == ResourceKind.EMERGENCY and EMERGENCY_GRADES & set(grades):
            emergency.append(referral(r, answers, why))
        elif r.kind == ResourceKind.CRISIS_LINE:
            crisis.append(referral(r, answers, why))
        elif Signal.ABUSE.value in grades and Signal.ABUSE.value in r.signals:
            abuse.append(referral(r, answers, why))
    cards = safety_cards.cards(grades, answers.language)
    abroad = None
    if answers.abroad:
        own = tuple(
            referral(r, answers, why)
            for r in rules.resources
            if r.kind == ResourceKind.EMERGENCY
            and not r.needs_setup
            and r.regions & set(REGION_REACH.get(answers.reader_region, ()))
        )
        abroad = safety_cards.abroad(
            client_region=answers.region,
            reader_region=answers.reader_region,
            language=answers.language,
            own_numbers=own,
        )
    return Safety(grades, cards, tuple(emergency), tuple(crisis), tuple(abuse), abroad)


def safety_card(rules: Rules, *, region: str, language: str, reader_region: str = "") -> Safety:
    """Every grade's card and the client's numbers for a region: the page behind
    "Client may be unsafe?", reachable before and without the guide's questions."""
    answers = Answers(
        situation="other",
        relationship="new",
        channel="phone",
        pressure="none",
        signals=RISK_ORDER,
        region=region,
        language=language,
        reader_region=reader_region,
    )
    labels = Labels(rules, answers)
    return safety(answers, resources(rules, answers, labels), labels, rules)


def help_for(answers: Answers, rules: Rules, labels: Labels):
    """The safety card, the client's referrals and the reader's own support.

    They read only the situations, signals, regions and language, so are kept for each
    set of those."""
    key = (answers.situations, answers.signals, answers.region, answers.reader_region)
    store = rules.memo("help")
    found = store.get((key, answers.language))
    if found is None:
        fitting = resources(rules, answers, labels)
        card = safety(answers, fitting, labels, rules)
        on_card = set()
        if card:
            on_card = {r.key for r in (*card.emergency, *card.crisis_lines, *card.abuse_lines)}
        refer = tuple(
            ref
            for r, reasons in fitting
            if r.kind in REFER_KINDS and (ref := referral(r, answers, reasons)).key not in on_card
        )[: rules.weights.max_refer]
        for_you = tuple(
            referral(r, answers, reasons) for r, reasons in fitting if r.kind in FOR_YOU_KINDS
        )
        found = store[(key, answers.language)] = (card, refer, for_you)
    return found
