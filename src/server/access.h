// The one authentication and authorisation point of the HTTP server. Every endpoint is
// registered with the permission it needs; the dispatcher asks the Authenticator who is
// calling, checks the role against the permission table, and audits denials.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "app/actor.h"

namespace exo::server {

enum class Permission {
  kPublic,      // no login needed
  kEvaluateQc,  // run a QC evaluation without storing
  kReadLots,
  kImportLots,
  kReleaseLots,  // release, quarantine
  kRecallLots,   // recall, destroy
};
std::string_view PermissionName(Permission permission);

// True if `role` may do `permission` (table in docs/security.md).
bool RoleAllows(const std::string& role, Permission permission);

// What the dispatcher knows about a request when authenticating it.
struct RequestInfo {
  std::string remote_addr;
  std::map<std::string, std::string> headers;  // lower-case names
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The actor making the request, or nullopt if it is not authenticated.
  virtual std::optional<app::Actor> Authenticate(const RequestInfo& request) const = 0;
};

// Until accounts exist (issue #3): requests from the loopback interface act as the local
// operator with the physician role; anything else is unauthenticated.
class LoopbackAuthenticator final : public Authenticator {
 public:
  std::optional<app::Actor> Authenticate(const RequestInfo& request) const override;
};

}  // namespace exo::server
