from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import PupilSafeUserCreationForm, PupilSafeUserEditForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return PupilSafeUserEditForm if for_update else PupilSafeUserCreationForm
