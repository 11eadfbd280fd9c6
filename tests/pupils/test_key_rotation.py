"""Key rotation re-encrypts pupil records and held transfer packages, and search still works."""

import base64
import datetime as dt

import pytest

from reporting import crypto, keyrotation
from reporting.choices import PersonRole
from reporting.models import Pupil, PupilTransfer
from reporting.pupils.selectors import pupils_matching
from reporting.services import transfers
from reporting.services.pupils import pupil_create, pupil_link_case
from tests.triage.conftest import make_case

pytestmark = pytest.mark.django_db

OLD = "old:" + base64.b64encode(b"o" * 32).decode()
NEW = "new:" + base64.b64encode(b"n" * 32).decode()


def raw(model, pk, field):
    from django.db.models import TextField
    from django.db.models.functions import Cast

    return (
        model.objects.filter(pk=pk)
        .annotate(_raw=Cast(field, TextField()))
        .values_list("_raw", flat=True)
        .get()
    )


def test_rotation_re_encrypts_pupils_and_transfer_packages(
    settings, school, lead, other_school, evidence_root
):
    settings.ENCRYPTION_KEYS = OLD
    pupil = pupil_create(
        school=school,
        actor=lead,
        first_name="Sam",
        last_name="Patel",
        date_of_birth=dt.date(2013, 3, 14),
        upn="A123456789012",
    )
    pupil_link_case(case=make_case(school=school), pupil=pupil, actor=lead, role=PersonRole.TARGET)
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"

    keyrotation.rotate_all()

    for field in ("first_name", "last_name", "date_of_birth", "upn"):
        assert crypto.text_key_id(raw(Pupil, pupil.pk, field)) == "new", field
    assert crypto.text_key_id(raw(PupilTransfer, transfer.pk, "package")) == "new"
    settings.ENCRYPTION_KEYS = NEW  # the old key removed: everything still reads
    again = Pupil.objects.get(pk=pupil.pk)
    assert (again.full_name, again.date_of_birth, again.upn) == (
        "Sam Patel",
        "2013-03-14",
        "A123456789012",
    )
    assert list(pupils_matching(pupils=Pupil.objects.all(), query="patel")) == [again]
    transfers.package_check(base64.b64decode(PupilTransfer.objects.get().package))
