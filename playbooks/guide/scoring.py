"""How the guide's engine chooses items: which fit the answers, how they score, in what order.

1. An item is left out when the client shows a signal it must never appear with
   (`exclude_signals`), when one of its tags does not match the answers, or when a risk is
   noticed and it only fits calmer moments (carry on, humour, your own experience, pure
   deadline talk).
2. Each matching tag adds its dimension's weight (and a reason); the item's own weight is
   added on top.
3. Items are ordered by priority (pinned first whenever their tags fit), then score, then
   content order (playbook, then position): never by title, so a retitle cannot reorder.

An entry is `(rank key, score, item, reasons)`: the key comes first so that lists of
entries sort by it without a key function (it ends with the item's pk, so no two entries of
one section tie). Most of the work depends on a few answers only, and is kept with the
rules for each set of them (`Fitting`); what the signals decide is worked out per plan.
"""

import itertools
from dataclasses import dataclass, field

from playbooks.library.choices import Pressure, Stage

from .labels import Labels
from .plan import Answers
from .rules import AVOID, OFFER, SAY, ItemRule, PlaybookRule, Rules, Weights

# A plan draws on other languages' playbooks only to reach these counts.
MINIMUM = {SAY: 3, AVOID: 3, OFFER: 2}


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


def can_grant(answers: Answers, approver: str, w: Weights) -> bool:
    return answers.can_grant and approver in w.self_approvers


def rank_key(item: ItemRule, score: int) -> tuple:
    """Pinned first, then highest score, then content order."""
    return (-item.priority, -score, item.playbook, item.order, item.pk)


@dataclass
class Fitting:
    """One situation's items, in one language's playbooks, whose stage, relationship,
    channel and pressure tags fit, with what those add to their scores: the part of
    matching that does not depend on the signals or the reader's authority.

    `fixed` holds the items that read no signal, `signalled` the others; `ready` keeps the
    fixed items' entries by section, in rank order, for each (at risk, can grant)."""

    playbooks: dict[int, PlaybookRule]
    fixed: list[tuple] = field(default_factory=list)
    signalled: list[tuple] = field(default_factory=list)
    ready: dict = field(default_factory=dict)


def fitting(answers: Answers, rules: Rules, labels: Labels, situation: str, language: str):
    """The Fitting for these answers, worked out once per reading of the rules."""
    key = (
        situation,
        answers.relationship,
        answers.channel,
        answers.pressure,
        language,
        answers.language,
        answers.stage,
    )
    store = rules.memo("fitting", limit=65536)
    found = store.get(key)
    if found is None:
        candidates = rules.candidates(situation)
        found = Fitting(reader_playbooks(candidates.playbooks, language))
        for item in candidates.items:
            if item.playbook in found.playbooks and (
                base := _base(item, answers, rules, labels, situation)
            ):
                needs_grant = item.section == SAY and bool(item.approver) and not item.wording_ask
                entry = (item, *base, _calm_only(item, rules.weights), needs_grant)
                reads_signals = item.signals or item.exclude_signals
                (found.signalled if reads_signals else found.fixed).append(entry)
        store[key] = found
    return found


def _base(item: ItemRule, answers: Answers, rules: Rules, labels: Labels, situation: str):
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


def _entries(fits, answers: Answers, rules: Rules, labels: Labels, sections, out: dict) -> None:
    """Add to `out` (by section) the entries of these fitting items that suit the signals
    noticed and the reader's authority, with their scores and reasons."""
    w = rules.weights
    noticed, at_risk = answers.noticed, answers.at_risk
    self_approvers = w.self_approvers if answers.can_grant else frozenset()
    for item, score, reasons, calm_only, needs_grant in fits:
        if item.section not in sections:
            continue
        if item.exclude_signals and not item.exclude_signals.isdisjoint(noticed):
            continue
        if at_risk and calm_only:
            continue
        grants = item.approver in self_approvers  # can_grant(answers, item.approver, w)
        if needs_grant and not grants:
            continue  # a promise the reader cannot make, with no way to ask instead
        if item.signals:
            matched = [s for s in answers.signals if s in item.signals]
            if not matched:
                continue
            score += w.signal * len(matched)
            reasons = (*reasons, *(labels.signals[s] for s in matched))
        reasons = reasons or (labels.general,)
        if item.section == OFFER and grants:
            score += w.authority
            reasons = (*reasons, labels.authority)
        out[item.section].append((rank_key(item, score), score, item, reasons))


def _fixed(found: Fitting, answers: Answers, rules: Rules, labels: Labels, sections) -> dict:
    """The entries of the items that read no signal, by section in rank order: they depend
    only on whether a risk is noticed and whether the reader can grant, so are kept."""
    key = (answers.at_risk, answers.can_grant, sections)
    ready = found.ready.get(key)
    if ready is None:
        ready = {section: [] for section in sections}
        _entries(found.fixed, answers, rules, labels, sections, ready)
        for entries in ready.values():
            entries.sort()
        found.ready[key] = ready
    return ready


def sections_in(answers: Answers, language: str) -> tuple[str, ...]:
    """Which sections come from one language's playbooks: what is said to the client in
    the client's language, the rest in the reader's."""
    sections = ()
    if language == answers.phrase_language:
        sections += (SAY,)
    if language == answers.language:
        sections += (AVOID, OFFER)
    return sections


def scored(answers: Answers, rules: Rules, labels: Labels):
    """Every fitting item's entry by section, in rank order, and the playbooks behind them.

    Several situations are merged: each item counts once, at its best score (the first
    situation's when two tie)."""
    playbooks: dict[int, PlaybookRule] = {}
    merged: dict[str, list] = {SAY: [], AVOID: [], OFFER: []}
    several = len(answers.situations) > 1
    best: dict[str, dict[int, tuple]] = {SAY: {}, AVOID: {}, OFFER: {}}
    for language in dict.fromkeys((answers.phrase_language, answers.language)):
        sections = sections_in(answers, language)
        for situation in answers.situations:
            found = fitting(answers, rules, labels, situation, language)
            playbooks.update(found.playbooks)
            ready = _fixed(found, answers, rules, labels, sections)
            entries = {section: [] for section in sections}
            _entries(found.signalled, answers, rules, labels, sections, entries)
            for section in sections:
                if not several:
                    # One situation: each item once, and one language per section.
                    merged[section] = ready[section] + entries[section]
                    continue
                kept = best[section]
                for entry in (*ready[section], *entries[section]):
                    old = kept.get(entry[2].pk)
                    if old is None or entry[1] > old[1]:
                        kept[entry[2].pk] = entry
    if several:
        merged = {section: list(kept.values()) for section, kept in best.items()}
    for entries in merged.values():
        entries.sort()
    return playbooks, merged


def ranked(entries: list, playbooks: dict[int, PlaybookRule], language: str, foreign: list):
    """The entries in `language`'s playbooks, in rank order, without repeated wordings; the
    others are added to `foreign` as they are passed.

    Lazily: the walk over every answer needs only the first few of a hundred or more. A
    caller that stops early has already taken a full section's worth, and so never needs
    the foreign entries left unread."""
    seen = set()
    for entry in entries:
        item = entry[2]
        key = item.same_as
        if key and key not in seen:
            seen.add(key)
            if playbooks[item.playbook].language == language:
                yield entry
            else:
                foreign.append(entry)


def first(ranked, limit: int) -> list:
    return list(itertools.islice(ranked, limit))


def varied(ranked, limit: int, per_kind: int) -> list:
    """Pinned phrases, then the best others with no more than `per_kind` of one kind until
    other kinds run out, all kept in rank order (the kind never decides what comes first).

    Pinned entries rank before all others, so all are known before the first other one;
    reading stops once enough others are chosen (any later one could only be held back)."""
    pinned, chosen, held_back, counts = [], [], [], {}
    for entry in ranked:
        if entry[2].priority > 0:
            pinned.append(entry)
            continue
        if len(chosen) >= limit - len(pinned):
            break
        kind = entry[2].kind
        if counts.get(kind, 0) < per_kind:
            counts[kind] = counts.get(kind, 0) + 1
            chosen.append(entry)
        else:
            held_back.append(entry)
    picked = (chosen + held_back)[: max(0, limit - len(pinned))]
    picked.sort()
    return (pinned + picked)[:limit]


def own_best(ranked: list, situations: tuple[str, ...], total: int) -> list:
    """For each situation, its best entry meant for it rather than for every situation."""
    reserved = []
    for slug in situations:
        own = [e for e in ranked if slug in e[2].situations and e[2].priority <= 0]
        specific = [e for e in own if len(e[2].situations) < total]
        entry = (specific or own or [None])[0]
        if entry is not None and entry not in reserved:
            reserved.append(entry)
    return reserved


def keep_each(chosen: list, reserved: list, limit: int) -> list:
    """The chosen entries, making room for each situation's own best by dropping the
    lowest-ranked unpinned others; in rank order."""
    missing = [e for e in reserved if e not in chosen]
    if not missing:
        return chosen
    droppable = [e for e in reversed(chosen) if e[2].priority <= 0 and e not in reserved]
    drop = droppable[: max(0, len(chosen) + len(missing) - limit)]
    kept = [e for e in chosen if e not in drop] + missing
    kept.sort()
    return kept[:limit]
