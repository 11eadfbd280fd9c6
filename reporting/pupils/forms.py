"""Forms of the pupil screens: a pupil's details, linking one to a case, the MIS import, transfers."""

from django import forms
from wagtail.models import Site

from ..choices import PersonRole, YearGroup

YEAR_CHOICES = [("", "Not known"), *[(str(value), label) for value, label in YearGroup.choices]]


class PupilForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    year_group = forms.TypedChoiceField(
        label="Year group", choices=YEAR_CHOICES, coerce=int, empty_value=None, required=False
    )
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example 14/03/2012.",
        widget=forms.DateInput(attrs={"autocomplete": "off"}),
    )
    upn = forms.RegexField(
        label="UPN (optional)",
        regex=r"^\s*[A-Za-z][0-9]{11}[0-9A-Za-z]\s*$",
        required=False,
        error_messages={"invalid": "A UPN is a letter then 12 digits (or 11 digits and a letter)."},
        help_text="The pupil's unique pupil number, from the MIS.",
    )


class LinkPupilForm(forms.Form):
    role = forms.ChoiceField(label="Their part in the case", choices=PersonRole.choices)
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)


class CreateAndLinkForm(PupilForm):
    role = forms.ChoiceField(label="Their part in the case", choices=PersonRole.choices)
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Pupil list (CSV exported from SIMS, Arbor, Bromcom or another MIS)",
        help_text="Columns we read: forename, surname, year, date of birth and UPN.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The preview carries the file (encrypted) in its form, within Django's
        # 2.5 MB request limit; 1 MB is over 10,000 pupils.
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(
                "The file is larger than 1 MB: export only the name, year, date of birth and "
                "UPN columns, or one year group at a time."
            )
        return upload


class TransferForm(forms.Form):
    """Where a pupil's file goes: a school on this deployment, or a file to download."""

    DOWNLOAD = "download"

    destination = forms.ChoiceField(label="New school")
    destination_name = forms.CharField(
        label="Name of the new school (when it does not use this Upstander)",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {str(site.pk): site for site in schools}
        self.fields["destination"].choices = [
            *[(key, site.site_name or site.hostname) for key, site in self.schools.items()],
            (self.DOWNLOAD, "Another school (download an encrypted file)"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("destination") == self.DOWNLOAD and not data.get("destination_name"):
            self.add_error("destination_name", "Give the new school's name, for the record.")
        data["to_school"] = self.schools.get(data.get("destination"))
        return data


class TransferUploadForm(forms.Form):
    file = forms.FileField(label="Child-protection file (.upcp) from the previous school")
    passphrase = forms.CharField(
        label="The words the previous school gave you", max_length=200, strip=True
    )


def other_schools(exclude_id: int):
    return Site.objects.exclude(pk=exclude_id).order_by("site_name")
