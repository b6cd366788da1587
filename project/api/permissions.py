"""The API's default permission: Django's model permissions for writes, reads for everyone."""

from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's ``DjangoModelPermissionsOrAnonReadOnly`` without building the view's queryset for a
    method that needs no permission.

    DRF's check calls ``view.get_queryset()`` only to learn the model, then asks the user for the
    permissions the method maps to. A read maps to none, so the answer is known without the
    queryset, whose filters (what the caller may see) cost a read, a 304 above all, a query's
    worth of Python for nothing.
    """

    def has_permission(self, request, view):
        if self.perms_map.get(request.method) == []:
            return bool(request.user)  # what DRF's check answers: ``user.has_perms([])`` is True
        return super().has_permission(request, view)
