"""The admin, where team leads edit, review, publish and revert guidance.

Playbooks carry their phrases, boundaries and options inline. Every save is one new
`version`, recorded with who and when (../history.py); a save made from an older version is
refused rather than allowed to overwrite (forms.VersionCheckMixin); status moves go
through ../workflow.py, never through a form field.

playbook.py is the playbook's list and form; revisions.py its history, compare and revert;
files.py its download and upload; items.py the items on their own pages; reference.py
situations, contributions and resources; approvals.py four eyes for resources and rules.
"""

# Importing each module registers its admins with the site.
from . import approvals, items, playbook, reference, revisions  # noqa: F401
