"""Helpers for admin tests: post a change form the way a browser would."""

from django import forms
from django.urls import reverse


def change_url(playbook) -> str:
    return reverse("admin:playbooks_playbook_change", args=[playbook.pk])


def _value(bound):
    value = bound.field.prepare_value(bound.value())
    if isinstance(bound.field, forms.BooleanField):
        return "on" if value else None
    if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return [str(v) for v in value or []]
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def form_data(response) -> dict:
    """Every field of an admin change form (main form and inlines) as it would be posted."""
    forms_to_post = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms_to_post += [formset.management_form, *formset.forms]
    return _post(forms_to_post)


def _post(forms_to_post) -> dict:
    data = {}
    for form in forms_to_post:
        for bound in form:
            value = _value(bound)
            if value is not None and value != []:
                data[bound.html_name] = value
    return data


def open_form(client, playbook) -> dict:
    response = client.get(change_url(playbook))
    assert response.status_code == 200
    return form_data(response)
