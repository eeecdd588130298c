#include "core/rule_labels.h"

#include <mutex>
#include <shared_mutex>

namespace exo {

namespace {

struct Registry {
  std::shared_mutex mu;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> kinds;
};

Registry& Labels() {
  static Registry* registry = new Registry();  // never destroyed: read until exit
  return *registry;
}

}  // namespace

void SetRuleLabels(std::string_view kind, std::map<std::string, std::string> ja_by_id) {
  Registry& r = Labels();
  std::map<std::string, std::string, std::less<>> labels(ja_by_id.begin(), ja_by_id.end());
  std::unique_lock lock(r.mu);
  r.kinds[std::string(kind)] = std::move(labels);
}

std::optional<std::string> RuleLabelJa(std::string_view kind, std::string_view id) {
  Registry& r = Labels();
  std::shared_lock lock(r.mu);
  const auto k = r.kinds.find(kind);
  if (k == r.kinds.end()) return std::nullopt;
  const auto it = k->second.find(id);
  if (it == k->second.end()) return std::nullopt;
  return it->second;
}

}  // namespace exo
