"""What the library announces, so that the apps built on it can join in without the library
importing them (Django's own `user_logged_in` works the same way).

Each feature app connects its receivers in `AppConfig.ready()`.
"""

from django.dispatch import Signal

# A reader opened a published playbook; sent once the page is rendered, with `playbook` and
# `request`. Feedback counts the view and any click from search; search logs the query of a
# result opened while it was being typed.
playbook_viewed = Signal()

# load_content() has loaded the library's files from `directory`; sent inside the same
# transaction, with `report` (a LoadReport). Onboarding, check and search load their own files.
content_loaded = Signal()

# export_content() has written the library's files to `directory`; the apps add their own.
content_exported = Signal()

# A situation's playbooks are being listed for a reader of `language` at content `version`.
# A receiver may answer with the id of the playbook to show first ("Start here"): search
# keeps that choice beside the situation's everyday words. The first answer that is not
# None wins; with no answer the list is simply by title.
start_here_wanted = Signal()


def start_here(situation, language: str, *, version: int | None = None) -> int | None:
    """The id of the playbook a situation's list starts from, if an app names one."""
    responses = start_here_wanted.send(
        sender=type(situation), situation=situation, language=language, version=version
    )
    return next((answer for _, answer in responses if answer is not None), None)
