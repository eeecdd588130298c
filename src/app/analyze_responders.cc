// Use case: responder analysis of a long-format CSV table.
#include "app/analysis.h"

namespace exo::app {

Result<std::vector<stats::ResponderRow>> AnalyzeResponders(const std::string& csv_text,
                                                           const stats::ResponderOptions& o) {
  stats::ReadOptions ro;
  ro.keep = {o.response, o.time, o.patient};
  if (!o.by.empty()) ro.keep.push_back(o.by);
  ro.factors = {o.patient};
  if (!o.by.empty()) ro.factors.push_back(o.by);
  auto data = stats::ParseCsv(csv_text, ro);
  if (!data) return data.error();
  return stats::Responders(*data, o);
}

}  // namespace exo::app
