// Lists stored as comma-separated text (criteria ids, measure ids, seriousness criteria).
#pragma once

#include <string>
#include <vector>

namespace exo::store::sqlite {

inline std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Empty items are dropped: "" is the empty list.
inline std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t comma = s.find(',', start);
    const size_t end = comma == std::string::npos ? s.size() : comma;
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace exo::store::sqlite
