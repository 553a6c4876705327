"""Search's vocabulary for other pages: the guide shows a situation's first phrases."""

from django import template

from playbooks.library.models import reader_language
from playbooks.library.selectors import all_situations

from ..vocabulary import Recognised, start_here_id

register = template.Library()


@register.simple_tag
def first_phrases(request) -> list:
    """The first phrases for the situation chosen in the guide, shown before the other
    questions: a reader mid-call has something to say after one answer."""
    slugs = request.GET.getlist("situation")
    situation = next((s for s in all_situations() if slugs and s.slug == slugs[0]), None)
    if situation is None:
        return []
    start = start_here_id(situation, reader_language())
    return Recognised(situation, start).first_phrases()
