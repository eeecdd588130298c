#include "auth/roles.h"

namespace exo::auth {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kPhysician:
      return "physician";
    case Role::kNurse:
      return "nurse";
    case Role::kReception:
      return "reception";
    case Role::kAnalyst:
      return "analyst";
    case Role::kPatient:
      return "patient";
  }
  return "patient";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles)
    if (RoleName(r) == name) return r;
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kPublic:
      return "public";
    case Permission::kEvaluateQc:
      return "qc.evaluate";
    case Permission::kReadLots:
      return "lots.read";
    case Permission::kImportLots:
      return "lots.import";
    case Permission::kReleaseLots:
      return "lots.release";
    case Permission::kRecallLots:
      return "lots.recall";
    case Permission::kManageUsers:
      return "users.manage";
    case Permission::kReadAudit:
      return "audit.read";
    case Permission::kOwnAccount:
      return "account.own";
    case Permission::kReadPatients:
      return "patients.read";
    case Permission::kWritePatients:
      return "patients.write";
    case Permission::kReadClinical:
      return "clinical.read";
    case Permission::kRecordClinical:
      return "clinical.record";
    case Permission::kSignOff:
      return "clinical.sign_off";
    case Permission::kExportDeidentified:
      return "outcomes.export_deidentified";
    case Permission::kManageSettings:
      return "settings.manage";
  }
  return "public";
}

bool RoleAllows(Role role, Permission permission) {
  using P = Permission;
  switch (permission) {
    case P::kPublic:
      return true;
    case P::kOwnAccount:
      return role != Role::kPatient;  // patients use portal links, not accounts
    case P::kEvaluateQc:
      return role == Role::kAdmin || role == Role::kPhysician || role == Role::kNurse ||
             role == Role::kAnalyst;
    case P::kReadLots:
      return role == Role::kAdmin || role == Role::kPhysician || role == Role::kNurse;
    case P::kImportLots:
      return role == Role::kPhysician || role == Role::kNurse;
    case P::kReleaseLots:
    case P::kRecallLots:
      return role == Role::kPhysician;
    case P::kManageUsers:
    case P::kReadAudit:
      return role == Role::kAdmin;
    case P::kReadPatients:
    case P::kWritePatients:
      return role == Role::kPhysician || role == Role::kNurse || role == Role::kReception;
    case P::kReadClinical:
    case P::kRecordClinical:
      return role == Role::kPhysician || role == Role::kNurse;
    case P::kSignOff:
      return role == Role::kPhysician;
    case P::kExportDeidentified:
      return role == Role::kPhysician || role == Role::kAnalyst;
    case P::kManageSettings:
      return role == Role::kAdmin;
  }
  return false;
}

bool RoleWithin(Role narrower, Role wider) {
  for (Permission p : kAllPermissions)
    if (RoleAllows(narrower, p) && !RoleAllows(wider, p)) return false;
  return true;
}

}  // namespace exo::auth
