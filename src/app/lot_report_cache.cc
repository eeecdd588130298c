#include "app/lot_report_cache.h"

#include <utility>

namespace exo::app {

std::shared_ptr<const std::string> LotReportCache::Find(product::ClinicId clinic,
                                                        product::LotId lot, Lang lang,
                                                        const LotReportInputs& inputs) const {
  const std::lock_guard lock(mu_);
  const auto it = entries_.find(Key{clinic, lot, lang});
  if (it == entries_.end()) return nullptr;
  const LotReportInputs& had = it->second.inputs;
  if (had.rules_version != inputs.rules_version || had.today != inputs.today ||
      had.unusable_state != inputs.unusable_state ||
      had.certificate_json != inputs.certificate_json)
    return nullptr;
  return it->second.text;
}

void LotReportCache::Put(product::ClinicId clinic, product::LotId lot, Lang lang,
                         LotReportInputs inputs, std::shared_ptr<const std::string> text) {
  const std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[Key{clinic, lot, lang}] = Entry{std::move(inputs), std::move(text)};
}

std::shared_ptr<const std::string> LotReportCache::FindLotJson(product::ClinicId clinic,
                                                               product::LotId lot, Lang lang,
                                                               const LotJsonInputs& inputs) const {
  const std::lock_guard lock(mu_);
  const auto it = lot_json_.find(Key{clinic, lot, lang});
  if (it == lot_json_.end() || !(it->second.inputs == inputs)) return nullptr;
  return it->second.text;
}

void LotReportCache::PutLotJson(product::ClinicId clinic, product::LotId lot, Lang lang,
                                LotJsonInputs inputs, std::shared_ptr<const std::string> text) {
  const std::lock_guard lock(mu_);
  if (lot_json_.size() >= kMaxEntries) lot_json_.clear();
  lot_json_[Key{clinic, lot, lang}] = JsonEntry{inputs, std::move(text)};
}

size_t LotReportCache::Size() const {
  const std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace exo::app
