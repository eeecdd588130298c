// One name table per enum: the stored and JSON spelling of each enumerator, read both ways.
// A table lists every enumerator once: `inline constexpr EnumName<PlanStatus> kPlanStatusNames[]`.
#pragma once

#include <optional>
#include <string_view>

namespace exo {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

// The name of `value` in `table` ("" when the table misses it: a bug the name tests catch).
template <typename E, size_t N>
constexpr std::string_view NameOf(const EnumName<E> (&table)[N], E value) {
  for (const auto& row : table)
    if (row.value == value) return row.name;
  return {};
}

// The enumerator named `name`, or nullopt.
template <typename E, size_t N>
constexpr std::optional<E> ValueOf(const EnumName<E> (&table)[N], std::string_view name) {
  for (const auto& row : table)
    if (row.name == name) return row.value;
  return std::nullopt;
}

}  // namespace exo
