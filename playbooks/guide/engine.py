"""The guide's engine: from structured answers to a response plan, deterministically.

`build_plan(answers, rules)` is a plain function of the answers and the rules
(playbooks/guide/rules.py). How items are chosen and ordered is in scoring.py; where the
client and the reader are sent for help, in referrals.py. What a plan must never do is
written down, and checked over every answer combination, in playbooks/guide/invariants.py.

Each part of a plan that reads only some of the answers is kept with the rules for each
set of those answers (`Rules.memo`): a plan is still a plain function of all of them.
"""

import contextlib

from playbooks.library.choices import Approver, BoundaryKind

from .candidates import load_candidates
from .labels import Labels, vocabulary
from .plan import Answers, FollowUp, FollowUpStep, Plan, Reading, Suggestion
from .referrals import dialable, help_for, safety_card
from .rules import (
    AVOID,
    OFFER,
    SAY,
    PlaybookRule,
    Rules,
    Weights,
    clear_rules_cache,
    get_rules,
    load_rules,
    normalise,
)
from .scoring import MINIMUM, can_grant, first, keep_each, own_best, ranked, scored, varied

__all__ = [
    "Answers",
    "Plan",
    "Rules",
    "build_plan",
    "clear_rules_cache",
    "dialable",
    "get_rules",
    "load_candidates",
    "load_rules",
    "normalise",
    "remembered_plan",
    "safety_card",
    "vocabulary",
]

# Money and contract offers: once a risk is noticed they come after everything else.
COMMERCIAL_APPROVERS = {
    Approver.FINANCE.value,
    Approver.ACCOUNT_DIRECTOR.value,
    Approver.ENGAGEMENT_LEAD.value,
}


def build_plan(answers: Answers, rules: Rules) -> Plan:
    """The response plan for these answers: same answers and rules, same plan.

    Several situations are merged: each item counts once, at its best score; the most
    serious signal leads (the signals are the client's, not a situation's); and the best
    offer and phrase meant for each situation are kept, so "divorce" with "financial
    hardship" still shows a payment option.
    """
    labels = Labels(rules, answers)
    w = rules.weights
    playbooks, entries = scored(answers, rules, labels)
    total = len(rules.situations)

    def pick(section: str, limit: int, choose=first):
        """Suggestions in the section's language; others only to reach the minimum."""
        language = answers.phrase_language if section == SAY else answers.language
        foreign = []
        native = ranked(entries[section], playbooks, language, foreign)
        if len(answers.situations) > 1:
            native = list(native)
            chosen = choose(iter(native), limit)
            chosen = keep_each(chosen, own_best(native, answers.situations, total), limit)
        else:
            chosen = choose(native, limit)
        return chosen + foreign[: max(0, min(MINIMUM[section], limit) - len(chosen))]

    say = pick(SAY, w.max_say, lambda entries, n: varied(entries, n, w.max_per_kind))
    avoid = pick(AVOID, w.max_avoid)
    avoid.sort(key=lambda e: (e[2].kind == BoundaryKind.DO, e[0]))
    offer = pick(OFFER, w.max_offer)
    if answers.at_risk:
        # Money and contract talk waits until the client is safe: it goes last.
        offer.sort(key=lambda e: (e[2].approver in COMMERCIAL_APPROVERS, e[0]))

    store = rules.memo("suggestions", limit=65536)
    say_out = tuple(_suggestion(e, playbooks, answers, w, store) for e in say)
    avoid_out = tuple(_suggestion(e, playbooks, answers, w, store) for e in avoid)
    offer_out = tuple(_suggestion(e, playbooks, answers, w, store) for e in offer)

    safety, refer, for_you = help_for(answers, rules, labels)
    follow_up, read_more = _reading(answers, rules, labels, playbooks, [*say, *avoid, *offer])
    return Plan(
        answers, safety, say_out, avoid_out, offer_out, refer, follow_up, read_more, for_you
    )


def _suggestion(entry, playbooks, answers: Answers, w: Weights, store: dict) -> Suggestion:
    """The suggestion for an entry: it reads only the entry, whether the reader can grant
    its approver's part, and the language, so one is kept for each."""
    _key, score, item, reasons = entry
    grants = can_grant(answers, item.approver, w)
    key = (item.section, item.pk, score, reasons, grants, answers.language)
    found = store.get(key)
    if found is None:
        found = store[key] = _new_suggestion(item, score, reasons, playbooks, grants, answers)
    return found


def _new_suggestion(item, score, reasons, playbooks, grants: bool, answers) -> Suggestion:
    words = vocabulary(answers.language)
    playbook = playbooks[item.playbook]
    common = {
        "key": f"{item.section}-{item.pk}",
        "section": item.section,
        "reasons": tuple(reasons),
        "score": score,
        "language": playbook.language,
        "playbook": playbook.slug,
        "priority": item.priority,
        "signals": item.signals,
    }
    approver = words["approver"].get(item.approver, "")
    if item.section == SAY:
        label = words["phrase_kind"].get(item.kind, item.kind)
        you_can = not item.approver or grants
        return Suggestion(
            **common,
            text=item.text if you_can else item.wording_ask,
            kind=item.kind,
            kind_label=str(label),
            approver=item.approver,
            approver_label=str(approver),
            you_can_grant=bool(item.approver) and you_can,
        )
    if item.section == AVOID:
        label = words["boundary_kind"].get(item.kind, item.kind)
        return Suggestion(
            **common, text=item.text, kind=item.kind, kind_label=str(label), why=item.why
        )
    return Suggestion(
        **common,
        text=item.text,
        why=item.when,
        approver=item.approver,
        approver_label=str(approver),
        wording=(item.wording_self if grants else item.wording_ask) or item.text,
        you_can_grant=grants,
    )


def _same_work(pk: int, playbooks: dict[int, PlaybookRule], works: dict) -> frozenset[int]:
    """A playbook with its original and its translations, among those loaded."""
    found = works.get(pk)
    if found is None:
        original = playbooks[pk].translation_of or pk
        found = works[pk] = frozenset(
            p.pk for p in playbooks.values() if p.pk == original or p.translation_of == original
        )
    return found


def _reading(answers: Answers, rules: Rules, labels: Labels, playbooks, chosen):
    """The follow-up and "Read more": they read the playbooks behind the chosen entries, and
    how much each counts, so are kept for each such tally."""
    wanted = (answers.situations, answers.phrase_language, answers.language)
    works = rules.memo("works").setdefault(wanted, {})
    totals: dict[int, int] = {}
    for _key, score, item, _why in chosen:
        for pk in _same_work(item.playbook, playbooks, works):
            totals[pk] = totals.get(pk, 0) + score + 100 * item.priority
    risks = answers.risks
    safety_playbooks = frozenset()
    if risks:
        grades = set(risks)
        safety_playbooks = frozenset(
            pk
            for _k, _s, item, _w in chosen
            if item.signals & grades
            for pk in _same_work(item.playbook, playbooks, works)
        )
    key = (wanted, risks, frozenset(totals.items()), safety_playbooks)
    store = rules.memo("reading")
    found = store.get(key)
    if found is None:
        relevance = _relevance(totals, playbooks, answers)
        follow_up = _follow_up(relevance, safety_playbooks, answers, labels, rules.weights)
        read_more = tuple(
            Reading(
                p.title,
                p.url,
                p.summary,
                p.language,
                tuple(labels.situations[s] for s in answers.situations if s in p.situations),
            )
            for p in relevance[: rules.weights.max_read_more]
        )
        found = store[key] = (follow_up, read_more)
    return found


def _relevance(totals: dict[int, int], playbooks, answers: Answers) -> list[PlaybookRule]:
    """Playbooks for the situations: in the reader's language, then behind the most
    suggestions (a phrase in the client's language counts for the reader's version)."""
    wanted = set(answers.situations)
    candidates = [p for p in playbooks.values() if not wanted.isdisjoint(p.situations)]
    candidates.sort(
        key=lambda p: (
            p.language != answers.language,
            -totals.get(p.pk, 0),
            len(p.situations),
            p.pk,
        )
    )
    return candidates


def _follow_up(relevance, safety_playbooks, answers: Answers, labels: Labels, w: Weights):
    """One dated step per instruction, each date from the same place as its words.

    With a risk, only the playbooks behind the safety suggestions say how to follow up:
    the others' "a note that needs no reply" is for calmer moments.
    """
    steps, seen = [], set()
    if answers.at_risk:
        text = labels.words["follow_up_at_risk"]
        steps.append(FollowUpStep(max(w.unsafe_follow_up_days, 0), text, answers.language))
        relevance = [p for p in relevance if p.pk in safety_playbooks]
    for p in [p for p in relevance if p.follow_up][:2]:
        if (key := p.follow_up_key) not in seen:
            seen.add(key)
            steps.append(FollowUpStep(max(p.follow_up_days, 0), p.follow_up, p.language))
    if not steps:
        return None
    steps.sort(key=lambda s: s.days)  # stable: the safety check-in stays first on its day
    reasons = [labels.situation, *(labels.signals[g] for g in answers.risks)]
    return FollowUp(steps=tuple(steps), reasons=tuple(reasons))


PLANS_REMEMBERED = 512
# Plans already built from the rules in use: answers recur often, and a plan is a pure
# function of answers and rules. It holds structured answers only, never anything typed.
_plans: tuple[object, dict] = (None, {})


def remembered_plan(answers: Answers, rules: Rules) -> Plan:
    """build_plan, kept for the rules in use (a new set of rules starts afresh)."""
    global _plans
    owner, plans = _plans
    if owner is not rules:
        plans = {}
        _plans = (rules, plans)
    plan = plans.get(answers)
    if plan is None:
        plan = build_plan(answers, rules)
        if len(plans) >= PLANS_REMEMBERED:
            # another thread may have dropped the same one first
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del plans[next(iter(plans))]
        plans[answers] = plan
    return plan
