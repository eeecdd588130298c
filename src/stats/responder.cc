#include "stats/responder.h"

#include <boost/math/special_functions/beta.hpp>
#include <map>

namespace exo::stats {

Interval ClopperPearson(long x, long n, double alpha) {
  Interval ci;
  if (n <= 0) return ci;
  const double xd = static_cast<double>(x), nd = static_cast<double>(n);
  ci.low = x == 0 ? 0.0 : boost::math::ibeta_inv(xd, nd - xd + 1, alpha / 2);
  ci.high = x == n ? 1.0 : boost::math::ibeta_inv(xd + 1, nd - xd, 1 - alpha / 2);
  return ci;
}

Result<std::vector<ResponderRow>> Responders(const DataTable& data, const ResponderOptions& o) {
  std::vector<FieldError> errors;
  for (const auto& name : {o.response, o.time, o.patient})
    if (data.Find(name) == nullptr) errors.push_back({"column", "err.csv_no_column", {name}});
  if (!o.by.empty() && data.Find(o.by) == nullptr)
    errors.push_back({"column", "err.csv_no_column", {o.by}});
  if (!errors.empty()) return InvalidFields(std::move(errors));
  const Column* y = data.Find(o.response);
  const Column* t = data.Find(o.time);
  if (!y->numeric) return Invalid("column", "err.lmm_not_numeric", {o.response});
  if (!t->numeric) return Invalid("column", "err.lmm_not_numeric", {o.time});
  const Column* p = data.Find(o.patient);
  const Column* by = o.by.empty() ? nullptr : data.Find(o.by);
  const auto text = [](const Column* c, size_t r) -> std::string {
    if (c == nullptr) return "all";
    if (!c->numeric) return c->levels[static_cast<size_t>(c->codes[r])];
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", c->values[r]);
    return buf;
  };
  struct Track {
    double t0 = 0, y0 = 0, t1 = 0, y1 = 0;
    bool seen = false;
    std::string group;
  };
  std::map<std::string, Track> patients;
  for (size_t r = 0; r < data.rows; ++r) {
    Track& k = patients[text(p, r)];
    const double tv = t->values[r], yv = y->values[r];
    if (!k.seen) {
      k = {tv, yv, tv, yv, true, text(by, r)};
      continue;
    }
    if (tv < k.t0) k.t0 = tv, k.y0 = yv, k.group = text(by, r);
    if (tv > k.t1) k.t1 = tv, k.y1 = yv;
  }
  std::map<std::string, ResponderRow> rows;
  for (const auto& [id, k] : patients) {
    if (k.t1 <= k.t0) continue;  // a single visit: no change to judge
    ResponderRow& row = rows[k.group];
    row.group = k.group;
    ++row.patients;
    const double change = k.y1 - k.y0;
    if (o.lower_is_better ? change <= -o.threshold : change >= o.threshold) ++row.responders;
  }
  std::vector<ResponderRow> out;
  for (auto& [g, row] : rows) {
    row.share = static_cast<double>(row.responders) / static_cast<double>(row.patients);
    row.ci = ClopperPearson(row.responders, row.patients);
    out.push_back(row);
  }
  return out;
}

}  // namespace exo::stats
