"""A French reader sees a lesson's French text where it has one; the lesson stays the same row,
so answers and completions are shared whatever language it was read in.

Only the objects handed to a template change, in memory: nothing here is ever saved.
"""

from playbooks.library.models import Playbook, reader_language

FIELDS = {
    "Track": ("title", "summary", "next_title"),
    "Lesson": ("title", "body_html"),
    "Question": ("scenario", "prompt"),
    "Option": ("text", "feedback"),
}


def localise(obj):
    """The object with its French fields in place of the English ones, for a French reader."""
    if obj is None or reader_language() != "fr":
        return obj
    fields = FIELDS.get(type(obj).__name__, ())
    for name in fields:
        if value := getattr(obj, f"{name}_fr", ""):
            setattr(obj, name, value)
    if type(obj).__name__ == "Track" and getattr(obj, "title_fr", ""):
        obj.language = "fr"  # templates mark text in another language than the reader's
    return obj


def localise_all(objects):
    return [localise(obj) for obj in objects]


def localise_neighbour(entry: dict | None) -> dict | None:
    """A previous/next lesson as `lesson_neighbours` gives it (a dict with title and title_fr)."""
    if entry and reader_language() == "fr" and entry.get("title_fr"):
        return {**entry, "title": entry["title_fr"]}
    return entry


def reader_playbooks(playbooks: list[Playbook]) -> list[Playbook]:
    """Each linked playbook, or its published translation into the reader's language."""
    language = reader_language()
    if not playbooks or all(p.language == language for p in playbooks):
        return playbooks
    translations = {
        p.translation_of_id: p
        for p in Playbook.objects.published().filter(
            language=language, translation_of__in=[p.pk for p in playbooks]
        )
    }
    return [translations.get(p.pk, p) for p in playbooks]
