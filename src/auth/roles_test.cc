#include "auth/roles.h"

#include <gtest/gtest.h>

namespace exo::auth {
namespace {

TEST(Roles, NamesRoundTrip) {
  for (Role r : kAllRoles) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_FALSE(ParseRole("root").has_value());
}

TEST(Roles, OnlyPhysiciansReleaseAndRecallLots) {
  for (Role r : kAllRoles) {
    EXPECT_EQ(RoleAllows(r, Permission::kReleaseLots), r == Role::kPhysician) << RoleName(r);
    EXPECT_EQ(RoleAllows(r, Permission::kRecallLots), r == Role::kPhysician) << RoleName(r);
  }
}

TEST(Roles, OnlyAdminsManageUsersAndReadTheAuditLog) {
  for (Role r : kAllRoles) {
    EXPECT_EQ(RoleAllows(r, Permission::kManageUsers), r == Role::kAdmin);
    EXPECT_EQ(RoleAllows(r, Permission::kReadAudit), r == Role::kAdmin);
  }
}

TEST(Roles, ReceptionAndPatientsSeeNoLots) {
  EXPECT_FALSE(RoleAllows(Role::kReception, Permission::kReadLots));
  EXPECT_FALSE(RoleAllows(Role::kPatient, Permission::kReadLots));
  EXPECT_FALSE(RoleAllows(Role::kAnalyst, Permission::kReadLots));
  EXPECT_TRUE(RoleAllows(Role::kAnalyst, Permission::kEvaluateQc));
}

TEST(Roles, TokenRoleMustBeWithinTheUsersRole) {
  EXPECT_TRUE(RoleWithin(Role::kAnalyst, Role::kPhysician));
  EXPECT_TRUE(RoleWithin(Role::kNurse, Role::kPhysician));
  EXPECT_FALSE(RoleWithin(Role::kAdmin, Role::kPhysician));
  EXPECT_FALSE(RoleWithin(Role::kPhysician, Role::kNurse));
  for (Role r : kAllRoles) EXPECT_TRUE(RoleWithin(r, r));
}

}  // namespace
}  // namespace exo::auth
