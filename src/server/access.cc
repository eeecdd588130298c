#include "server/access.h"

#include <set>

namespace exo::server {

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
  }
  return "public";
}

bool RoleAllows(const std::string& role, Permission permission) {
  using P = Permission;
  static const std::map<std::string, std::set<Permission>> kTable = {
      {"admin", {P::kEvaluateQc, P::kReadLots}},
      {"physician",
       {P::kEvaluateQc, P::kReadLots, P::kImportLots, P::kReleaseLots, P::kRecallLots}},
      {"nurse", {P::kEvaluateQc, P::kReadLots, P::kImportLots}},
      {"reception", {}},
      {"analyst", {P::kEvaluateQc}},
      {"patient", {}},
  };
  if (permission == P::kPublic) return true;
  const auto it = kTable.find(role);
  return it != kTable.end() && it->second.count(permission) > 0;
}

std::optional<app::Actor> LoopbackAuthenticator::Authenticate(const RequestInfo& request) const {
  const std::string& a = request.remote_addr;
  const bool loopback = a.rfind("127.", 0) == 0 || a == "::1" || a.rfind("::ffff:127.", 0) == 0;
  if (!loopback) return std::nullopt;
  return app::Actor{"local", "physician", 1};
}

}  // namespace exo::server
