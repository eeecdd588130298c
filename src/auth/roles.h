// Roles and what each may do: the one permission table (docs/security.md shows it, and
// tests/access_matrix_test.cc checks it endpoint by endpoint).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace exo::auth {

enum class Role { kAdmin, kPhysician, kNurse, kReception, kAnalyst, kPatient };
inline constexpr Role kAllRoles[] = {Role::kAdmin,     Role::kPhysician, Role::kNurse,
                                     Role::kReception, Role::kAnalyst,   Role::kPatient};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

enum class Permission {
  kPublic,      // no login needed
  kEvaluateQc,  // run a QC evaluation without storing
  kReadLots,
  kImportLots,
  kReleaseLots,         // release, quarantine
  kRecallLots,          // recall, destroy
  kManageUsers,         // users, tokens of others, clinics
  kReadAudit,           // audit verify and export
  kOwnAccount,          // change one's own password, manage one's own API tokens
  kReadPatients,        // demographics and contact details (audited)
  kWritePatients,       // register patients, edit contact details
  kReadClinical,        // screenings, plans, sessions, clinical notes (audited)
  kRecordClinical,      // record intake and screening, sessions, outcomes
  kSignOff,             // sign off screenings, activate plans
  kExportDeidentified,  // de-identified outcome data for statistics
  kManageSettings,      // rule files, prices, closed days
};
inline constexpr Permission kAllPermissions[] = {
    Permission::kPublic,         Permission::kEvaluateQc,    Permission::kReadLots,
    Permission::kImportLots,     Permission::kReleaseLots,   Permission::kRecallLots,
    Permission::kManageUsers,    Permission::kReadAudit,     Permission::kOwnAccount,
    Permission::kReadPatients,   Permission::kWritePatients, Permission::kReadClinical,
    Permission::kRecordClinical, Permission::kSignOff,       Permission::kExportDeidentified,
    Permission::kManageSettings};
std::string_view PermissionName(Permission permission);

bool RoleAllows(Role role, Permission permission);

// True if every permission of `narrower` is also a permission of `wider` (an API token may
// carry a role no wider than its user's).
bool RoleWithin(Role narrower, Role wider);

}  // namespace exo::auth
