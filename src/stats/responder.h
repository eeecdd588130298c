// Responder analysis: the share of patients whose change from baseline passes a threshold,
// with an exact (Clopper–Pearson) interval, by group. Pure.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "stats/data.h"

namespace exo::stats {

struct Interval {
  double low = 0, high = 1;
};

// Exact binomial interval for x successes in n trials at level 1 − alpha.
Interval ClopperPearson(long x, long n, double alpha = 0.05);

struct ResponderOptions {
  std::string response;  // e.g. "y"
  std::string time;      // baseline = the earliest time of a patient, latest = the last
  std::string patient;
  std::string by;        // group column (may be empty: everyone)
  double threshold = 0;  // change needed (in the direction below)
  bool lower_is_better = false;
};

struct ResponderRow {
  std::string group;
  long patients = 0;  // with a baseline and a later visit
  long responders = 0;
  double share = 0;
  Interval ci;
};

Result<std::vector<ResponderRow>> Responders(const DataTable& data, const ResponderOptions& o);

}  // namespace exo::stats
