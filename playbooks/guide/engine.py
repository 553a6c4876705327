"""The guide's engine: from structured answers to a response plan, deterministically.

`build_plan(answers, rules)` is a plain function of the answers and the rules
(playbooks/guide/rules.py). What it must never do is written down, and checked over every
answer combination, in playbooks/guide/invariants.py.

How an item is chosen:
1. It is left out when the client shows a signal it must never appear with
   (`exclude_signals`), when one of its tags does not match the answers, or when a risk is
   noticed and it only fits calmer moments (carry on, humour, your own experience, pure
   deadline talk).
2. Each matching tag adds its dimension's weight (and a reason); the item's own weight is
   added on top.
3. Items are ordered by priority (pinned first whenever their tags fit), then score, then
   content order (playbook, then position): never by title, so a retitle cannot reorder.
"""

import contextlib
import functools
import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import (
    RISK_ORDER,
    Approver,
    BoundaryKind,
    Channel,
    PhraseKind,
    Pressure,
    Relationship,
    ResourceKind,
    Signal,
    Stage,
)

from . import safety as safety_cards
from .plan import (
    Answers,
    FollowUp,
    FollowUpStep,
    Plan,
    Reading,
    Referral,
    Safety,
    Suggestion,
)
from .rules import (
    AVOID,
    OFFER,
    SAY,
    ItemRule,
    PlaybookRule,
    ResourceRule,
    Rules,
    Weights,
    clear_rules_cache,
    get_rules,
    load_candidates,
    load_rules,
    normalise,
)

__all__ = [
    "Answers",
    "Plan",
    "Rules",
    "build_plan",
    "clear_rules_cache",
    "get_rules",
    "load_candidates",
    "load_rules",
    "normalise",
    "remembered_plan",
]

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
# Money and contract offers: once a risk is noticed they come after everything else.
COMMERCIAL_APPROVERS = {
    Approver.FINANCE.value,
    Approver.ACCOUNT_DIRECTOR.value,
    Approver.ENGAGEMENT_LEAD.value,
}

# A plan draws on other languages' playbooks only to reach these counts.
MINIMUM = {SAY: 3, AVOID: 3, OFFER: 2}


FOLLOW_UP_AT_RISK = _(
    "Check in: ask how they are today and whether they reached the support you talked about. "
    "Tell your team lead if you have not heard back."
)


def reader_playbooks(playbooks: dict[int, PlaybookRule], language: str) -> dict[int, PlaybookRule]:
    """Playbooks in the reader's language, and others only where no translation exists.

    A playbook in another language gives way when it has a published translation into the
    reader's language, or translates a published playbook in it, whether or not that
    playbook is among the ones loaded.
    """
    return {
        pk: p
        for pk, p in playbooks.items()
        if p.language == language
        or (language not in p.translated_into and p.original_language != language)
    }


@functools.lru_cache(maxsize=8)
def vocabulary(language: str) -> dict:
    """Every label a plan can show, translated once per language and process."""
    with translation.override(language):
        return {
            "relationship": {v: str(label) for v, label in Relationship.choices},
            "stage": {v: str(label) for v, label in Stage.choices},
            "channel": {v: str(label) for v, label in Channel.choices},
            "pressure": {v: str(label) for v, label in Pressure.choices},
            "signal": {v: str(label) for v, label in Signal.choices},
            "phrase_kind": {v: str(label) for v, label in PhraseKind.choices},
            "boundary_kind": {v: str(label) for v, label in BoundaryKind.choices},
            "approver": {v: str(label) for v, label in Approver.choices},
            "resource_kind": {v: str(label) for v, label in ResourceKind.choices},
            "authority": str(_("you can grant it")),
            "general": str(_("fits every situation")),
            "follow_up_at_risk": str(FOLLOW_UP_AT_RISK),
        }


class _Labels:
    """Labels for reasons, in the answers' language."""

    def __init__(self, rules: Rules, answers: Answers):
        words = self.words = vocabulary(answers.language)
        self.situations = {}
        for slug in answers.situations:
            situation = rules.situation(slug)
            self.situations[slug] = situation.label(answers.language) if situation else slug
        self.situation = " + ".join(self.situations.values())
        self.relationship = words["relationship"][answers.relationship]
        self.stage = words["stage"][answers.stage]
        self.channel = words["channel"][answers.channel]
        self.pressure = words["pressure"][answers.pressure]
        self.signals = {s: words["signal"][s] for s in answers.signals}
        self.authority = words["authority"]
        self.general = words["general"]


def can_grant(answers: Answers, approver: str, w: Weights) -> bool:
    return answers.can_grant and approver in w.self_approvers


def _fitting(answers: Answers, rules: Rules, labels: _Labels, situation: str, language: str):
    """One situation's items, in one language's playbooks, whose stage, relationship,
    channel and pressure tags fit, with what those add to their scores: the part of matching
    that does not depend on the signals, worked out once per reading of the rules for each
    such set of answers."""
    key = (
        situation,
        answers.relationship,
        answers.channel,
        answers.pressure,
        language,
        answers.language,
        answers.stage,
    )
    found = rules.derived.get(key)
    if found is None:
        candidates = rules.candidates(situation)
        playbooks = reader_playbooks(candidates.playbooks, language)
        found = []
        for item in candidates.items:
            if item.playbook in playbooks and (
                base := _base(item, answers, rules, labels, situation)
            ):
                needs_grant = item.section == SAY and bool(item.approver) and not item.wording_ask
                found.append((item, *base, _calm_only(item, rules.weights), needs_grant))
        rules.derived[key] = found = (playbooks, found)
    return found


def _base(item: ItemRule, answers: Answers, rules: Rules, labels: _Labels, situation: str):
    """The score and reasons from the item's non-signal tags, or None when one rules it out."""
    w = rules.weights
    score, reasons = item.weight, []
    if bonus := _specificity(w.situation, len(item.situations), len(rules.situations)):
        score += bonus
        reasons.append(labels.situations[situation])
    if item.stages:
        if answers.stage not in item.stages:
            return None
        if answers.stage != Stage.FIRST:
            # Content was written for a first disclosure: a line written for a later
            # stage is what that stage needs most, while a first plan stays as it was.
            score += w.stage
            reasons.append(labels.stage)
    for tags, answer, weight, label in (
        (item.relationships, answers.relationship, w.relationship, labels.relationship),
        (item.channels, answers.channel, w.channel, labels.channel),
        (item.pressures, answers.pressure, w.pressure, labels.pressure),
    ):
        if tags:
            if answer not in tags:
                return None
            score += weight
            reasons.append(label)
    return score, tuple(reasons)


def _matching(fitting: list, answers: Answers, rules: Rules, labels: _Labels):
    """The fitting items that also suit the signals noticed, with their scores and reasons."""
    w = rules.weights
    noticed, at_risk = answers.noticed, answers.at_risk
    for item, score, reasons, calm_only, needs_grant in fitting:
        if item.exclude_signals and not item.exclude_signals.isdisjoint(noticed):
            continue
        if at_risk and calm_only:
            continue
        if needs_grant and not can_grant(answers, item.approver, w):
            continue  # a promise the reader cannot make, with no way to ask instead
        if item.signals:
            matched = [s for s in answers.signals if s in item.signals]
            if not matched:
                continue
            score += w.signal * len(matched)
            reasons = (*reasons, *(labels.signals[s] for s in matched))
        yield score, item, reasons or (labels.general,)


def _specificity(weight: int, tagged: int, total: int) -> int:
    """The full weight for an item meant for one situation, none for one meant for all."""
    if total <= 1 or not 0 < tagged < total:
        return 0
    return round(weight * (total - tagged) / (total - 1))


def _calm_only(item: ItemRule, w: Weights) -> bool:
    """Items for calmer moments, which give way once any risk grade is noticed."""
    if item.signals and item.signals <= w.unsafe_leaves_out_signals:
        return True
    deadline_only = item.pressures and Pressure.NONE.value not in item.pressures
    return bool(
        w.unsafe_leaves_out_deadline_talk and deadline_only and item.section in (SAY, AVOID)
    )


def _rank_key(entry) -> tuple:
    score, item, _reasons = entry
    return (-item.priority, -score, item.playbook, item.order, item.pk)


def _ranked(scored: list) -> list:
    """Pinned first, then highest score, then content order; repeated wordings dropped."""
    scored.sort(key=_rank_key)
    seen, unique = set(), []
    for entry in scored:
        key = entry[1].same_as
        if key and key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def _varied(ranked: list, limit: int, per_kind: int) -> list:
    """Pinned phrases, then the best others with no more than `per_kind` of one kind until
    other kinds run out, all kept in rank order (the kind never decides what comes first)."""
    pinned = [e for e in ranked if e[1].priority > 0]
    rest = [e for e in ranked if e[1].priority <= 0]
    chosen, held_back, counts = [], [], {}
    for entry in rest:
        kind = entry[1].kind
        if counts.get(kind, 0) < per_kind:
            counts[kind] = counts.get(kind, 0) + 1
            chosen.append(entry)
        else:
            held_back.append(entry)
    picked = (chosen + held_back)[: max(0, limit - len(pinned))]
    picked.sort(key=_rank_key)
    return (pinned + picked)[:limit]


def dialable(contact: str) -> str:
    """The phone number a contact starts with ("116 123", "+33 1 23"), digits only."""
    if match := re.match(r"\+?\d[\d\s\-().]{1,}(?![\w.])", contact.strip()):
        digits = re.sub(r"[^\d+]", "", match.group())
        return digits if len(digits.lstrip("+")) >= 2 else ""
    return ""


def _referral(r: ResourceRule, answers: Answers, reasons: list[str]) -> Referral:
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


def _resources(rules: Rules, answers: Answers, labels: _Labels):
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


def _safety(answers: Answers, resources, labels: _Labels, rules: Rules) -> Safety | None:
    """The safety card for the grades noticed: steps, then the numbers for the client, and
    how to reach them from the reader's own region when that is another."""
    grades = answers.risks
    if not grades:
        return None
    why = [labels.signals[g] for g in grades]
    emergency, crisis, abuse = [], [], []
    for r, _reasons in resources:
        if r.kind == ResourceKind.EMERGENCY and EMERGENCY_GRADES & set(grades):
            emergency.append(_referral(r, answers, why))
        elif r.kind == ResourceKind.CRISIS_LINE:
            crisis.append(_referral(r, answers, why))
        elif Signal.ABUSE.value in grades and Signal.ABUSE.value in r.signals:
            abuse.append(_referral(r, answers, why))
    cards = safety_cards.cards(grades, answers.language)
    abroad = None
    if answers.abroad:
        own = tuple(
            _referral(r, answers, why)
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
    labels = _Labels(rules, answers)
    return _safety(answers, _resources(rules, answers, labels), labels, rules)


def _sections(answers: Answers, language: str) -> set[str]:
    """Which sections come from one language's playbooks: what is said to the client in
    the client's language, the rest in the reader's."""
    sections = set()
    if language == answers.phrase_language:
        sections.add(SAY)
    if language == answers.language:
        sections.update((AVOID, OFFER))
    return sections


def _own_best(ranked: list, situations: tuple[str, ...], total: int) -> list:
    """For each situation, its best entry meant for it rather than for every situation."""
    reserved = []
    for slug in situations:
        own = [e for e in ranked if slug in e[1].situations and e[1].priority <= 0]
        specific = [e for e in own if len(e[1].situations) < total]
        entry = (specific or own or [None])[0]
        if entry is not None and entry not in reserved:
            reserved.append(entry)
    return reserved


def _keep_each(chosen: list, reserved: list, limit: int) -> list:
    """The chosen entries, making room for each situation's own best by dropping the
    lowest-ranked unpinned others; in rank order."""
    missing = [e for e in reserved if e not in chosen]
    if not missing:
        return chosen
    droppable = [e for e in reversed(chosen) if e[1].priority <= 0 and e not in reserved]
    drop = droppable[: max(0, len(chosen) + len(missing) - limit)]
    kept = [e for e in chosen if e not in drop] + missing
    kept.sort(key=_rank_key)
    return kept[:limit]


def build_plan(answers: Answers, rules: Rules) -> Plan:
    """The response plan for these answers: same answers and rules, same plan.

    Several situations are merged: each item counts once, at its best score; the most
    serious signal leads (the signals are the client's, not a situation's); and the best
    offer and phrase meant for each situation are kept, so "divorce" with "financial
    hardship" still shows a payment option.
    """
    labels = _Labels(rules, answers)
    w = rules.weights
    playbooks: dict[int, PlaybookRule] = {}
    best: dict[str, dict[int, tuple]] = {SAY: {}, AVOID: {}, OFFER: {}}
    for language in dict.fromkeys((answers.phrase_language, answers.language)):
        sections = _sections(answers, language)
        for situation in answers.situations:
            found, fitting = _fitting(answers, rules, labels, situation, language)
            playbooks.update(found)
            for score, item, reasons in _matching(fitting, answers, rules, labels):
                if item.section not in sections:
                    continue
                if item.section == OFFER and can_grant(answers, item.approver, w):
                    score += w.authority
                    reasons = (*reasons, labels.authority)
                kept = best[item.section].get(item.pk)
                if kept is None or score > kept[0]:
                    best[item.section][item.pk] = (score, item, reasons)
    scored = {section: list(entries.values()) for section, entries in best.items()}
    total = len(rules.situations)

    def pick(section: str, limit: int, choose=lambda entries, n: entries[:n]):
        """Suggestions in the section's language; others only to reach the minimum."""
        language = answers.phrase_language if section == SAY else answers.language
        ranked = _ranked(scored[section])
        native = [e for e in ranked if playbooks[e[1].playbook].language == language]
        foreign = [e for e in ranked if playbooks[e[1].playbook].language != language]
        chosen = choose(native, limit)
        if len(answers.situations) > 1:
            chosen = _keep_each(chosen, _own_best(native, answers.situations, total), limit)
        return chosen + foreign[: max(0, min(MINIMUM[section], limit) - len(chosen))]

    say = pick(SAY, w.max_say, lambda entries, n: _varied(entries, n, w.max_per_kind))
    avoid = pick(AVOID, w.max_avoid)
    avoid.sort(key=lambda e: (e[1].kind == BoundaryKind.DO, *_rank_key(e)))
    offer = pick(OFFER, w.max_offer)
    if answers.at_risk:
        # Money and contract talk waits until the client is safe: it goes last.
        offer.sort(key=lambda e: (e[1].approver in COMMERCIAL_APPROVERS, *_rank_key(e)))

    words = labels.words
    say_out = tuple(_suggestion(e, playbooks, answers, w, words) for e in say)
    avoid_out = tuple(_suggestion(e, playbooks, answers, w, words) for e in avoid)
    offer_out = tuple(_suggestion(e, playbooks, answers, w, words) for e in offer)

    resources = _resources(rules, answers, labels)
    safety = _safety(answers, resources, labels, rules)
    on_card = set()
    if safety:
        on_card = {r.key for r in (*safety.emergency, *safety.crisis_lines, *safety.abuse_lines)}
    refer = tuple(
        ref
        for r, reasons in resources
        if r.kind in REFER_KINDS and (ref := _referral(r, answers, reasons)).key not in on_card
    )[: w.max_refer]
    for_you = tuple(
        _referral(r, answers, reasons) for r, reasons in resources if r.kind in FOR_YOU_KINDS
    )

    relevance = _playbook_relevance([*say, *avoid, *offer], playbooks, answers)
    follow_up = _follow_up(relevance, [*say, *avoid, *offer], playbooks, answers, labels, w)
    read_more = tuple(
        Reading(
            p.title,
            p.url,
            p.summary,
            p.language,
            tuple(labels.situations[s] for s in answers.situations if s in p.situations),
        )
        for p in relevance[: w.max_read_more]
    )
    return Plan(
        answers, safety, say_out, avoid_out, offer_out, refer, follow_up, read_more, for_you
    )


def _suggestion(entry, playbooks, answers: Answers, w: Weights, words: dict) -> Suggestion:
    score, item, reasons = entry
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
        you_can = not item.approver or can_grant(answers, item.approver, w)
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
    you_can = can_grant(answers, item.approver, w)
    return Suggestion(
        **common,
        text=item.text,
        why=item.when,
        approver=item.approver,
        approver_label=str(approver),
        wording=(item.wording_self if you_can else item.wording_ask) or item.text,
        you_can_grant=you_can,
    )


def _playbook_relevance(chosen, playbooks, answers: Answers):
    """Playbooks for the situations: in the reader's language, then behind the most
    suggestions (a phrase in the client's language counts for the reader's version)."""
    totals: dict[int, int] = {}
    for score, item, _why in chosen:
        for pk in _same_work(item.playbook, playbooks):
            totals[pk] = totals.get(pk, 0) + score + 100 * item.priority
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


def _same_work(pk: int, playbooks: dict[int, PlaybookRule]) -> set[int]:
    """A playbook with its original and its translations, among those loaded."""
    original = playbooks[pk].translation_of or pk
    return {p.pk for p in playbooks.values() if p.pk == original or p.translation_of == original}


def _follow_up(relevance, chosen, playbooks, answers: Answers, labels, w: Weights):
    """One dated step per instruction, each date from the same place as its words.

    With a risk, only the playbooks behind the safety suggestions say how to follow up:
    the others' "a note that needs no reply" is for calmer moments.
    """
    steps, seen = [], set()
    if answers.at_risk:
        text = labels.words["follow_up_at_risk"]
        steps.append(FollowUpStep(max(w.unsafe_follow_up_days, 0), text, answers.language))
        safety_playbooks = set()
        for _score, item, _why in chosen:
            if item.signals & set(answers.risks):
                safety_playbooks |= _same_work(item.playbook, playbooks)
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
