"""Settings → Schools → Add a school: the whole of a new school in one form (admins only).

Thin: the form validates, themes.onboarding.school_create does the work (the same as
`manage.py add_school`), then the admin lands on the new school's safeguarding team.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .admin_forms import SchoolAddForm
from .onboarding import school_create


def school_add(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = SchoolAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = school_create(
                actor=request.user,
                name=data["name"],
                hostname=data["hostname"],
                port=data["port"],
                theme=data["theme"],
                dsl=data["dsl"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"{made.site.site_name} is set up: its site, home page, help page, branding, "
                "groups and moderation workflow, with its designated safeguarding lead. "
                "Appoint the rest of its team here.",
            )
            return redirect("reporting_triage:team", school_id=made.site.pk)
    response = TemplateResponse(
        request,
        "themes/admin/school_add.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
    response["Cache-Control"] = "no-store, private"
    return response
