"""Permission classes for fields: logged in, assurance level, staff of a department, administrator.

Ownership of an object is checked where the object is loaded (a RowNode's ``may_see`` and each
owner-scoped query) with :func:`owns`; a refused object reads as "not found".
"""

from __future__ import annotations

from typing import Any

from strawberry import relay
from strawberry.permission import BasePermission

from luojiang.api.context import Info
from luojiang.api.relay import node_pk
from luojiang.core.identity.principal import Assurance, Principal

UNAUTHENTICATED = {"code": "UNAUTHENTICATED"}
FORBIDDEN = {"code": "FORBIDDEN"}
ASSURANCE_TOO_LOW = {"code": "ASSURANCE_TOO_LOW"}


def viewer(info: Info) -> Principal | None:
    value = info.context.viewer
    return value if isinstance(value, Principal) else None


def owns(
    principal: Principal | None, *, person_id: int | None = None, enterprise_id: int | None = None
) -> bool:
    """The object belongs to the viewer, or to an enterprise the viewer may act for now."""
    if principal is None:
        return False
    if person_id is not None and person_id == principal.person_id:
        return True
    return enterprise_id is not None and principal.may_act_for(enterprise_id)


class IsAuthenticated(BasePermission):
    message = "Log in first."
    error_extensions = UNAUTHENTICATED

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return viewer(info) is not None


class IsAdministrator(BasePermission):
    message = "Only administrators may do this."
    error_extensions = FORBIDDEN

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = viewer(info)
        return principal is not None and principal.is_admin


class AssuranceAtLeast(BasePermission):
    """``extensions=[PermissionExtension([AssuranceAtLeast(Assurance.L2)])]``: e.g. showing an e-licence."""

    error_extensions = ASSURANCE_TOO_LOW

    def __init__(self, level: Assurance) -> None:
        self.level = level
        self.message = f"This needs real-name level L{int(level)}; verify your identity first."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = viewer(info)
        return principal is not None and principal.has_assurance(self.level)


class StaffOfDepartment(BasePermission):
    """The field's ``argument`` (a Department global ID) names a department where the viewer is staff."""

    message = "Only staff of this department may do this."
    error_extensions = FORBIDDEN

    def __init__(self, argument: str = "department") -> None:
        self.argument = argument

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = viewer(info)
        global_id = kwargs.get(self.argument)
        if principal is None or not isinstance(global_id, relay.GlobalID):
            return False
        department_id = node_pk(global_id, "Department")
        return department_id is not None and principal.is_staff_of(department_id)
