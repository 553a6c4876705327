"""Playbooks as text files in the admin, through the content loader's format (transfer.py)."""

import io
import zipfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import transfer
from ..content_files import ContentError
from .base import PlaybookPagesMixin, playbook_change_url
from .forms import UploadForm


class PlaybookFilesMixin(PlaybookPagesMixin):
    """A playbook as a text file: download one or a zip of many, upload one to create or update."""

    @admin.action(
        description=gettext_lazy("Download the selected playbooks as text files (zip)"),
        permissions=["view"],
    )
    def download_selected(self, request, queryset):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for playbook in queryset.select_related("translation_of"):
                archive.writestr(
                    f"{playbook.language}/{transfer.file_name(playbook)}",
                    transfer.playbook_text(playbook),
                )
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="playbooks.zip"'
        return response

    def download_view(self, request, object_id):
        playbook = self._playbook_or_404(request, object_id)
        response = HttpResponse(
            transfer.playbook_text(playbook), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{transfer.file_name(playbook)}"'
        return response

    def upload_view(self, request):
        """Create or update a playbook from its text file, through the content loader's parser."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        status = 200
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        if request.method == "POST":
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = transfer.import_playbook(
                        text=transfer.read_upload(upload), name=upload.name, user=request.user
                    )
                except ContentError as error:
                    form.add_error("file", str(error))
                else:
                    return self._uploaded(request, result)
            status = 400
        context = {
            **self._context(request, None, _("Upload a playbook file")),
            "form": form,
            "max_kb": transfer.MAX_BYTES // 1024,
        }
        return TemplateResponse(
            request, "admin/playbooks/playbook/upload.html", context, status=status
        )

    def _uploaded(self, request, result: transfer.Upload) -> HttpResponse:
        playbook = result.playbook
        if result.created:
            self.log_addition(request, playbook, _("Created from an uploaded file."))
            text = _("Created the draft “%(title)s” from the file.")
        elif result.changed:
            self.log_change(request, playbook, _("Updated from an uploaded file."))
            text = _("Updated “%(title)s” from the file; the previous version is in its history.")
        else:
            text = _("The file matches “%(title)s” as it is: nothing changed.")
        self.message_user(request, text % {"title": playbook.title}, messages.SUCCESS)
        if result.sent_to_review:
            self.message_user(
                request,
                _(
                    "Four eyes are required: the playbook is in review until another team lead "
                    "publishes it."
                ),
                messages.WARNING,
            )
        return HttpResponseRedirect(playbook_change_url(playbook.pk))
