"""Feedback's answers to what the library announces (playbooks/library/signals.py)."""

from .recording import count_click, count_view


def count_playbook_view(sender, *, playbook, request, **kwargs) -> None:
    """Today's view of the playbook, and the click when it was opened from search results."""
    count_view(playbook.pk)
    if query := request.GET.get("from_search", ""):
        count_click(query=query, playbook_id=playbook.pk)
