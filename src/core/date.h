// Civil dates (proleptic Gregorian, no time zone) as a day count since 1970-01-01.
// Domain code never reads a clock: "today" is always passed in as a Date.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace exo {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int days_since_epoch) { return Date(days_since_epoch); }
  // Parses exactly "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  static std::optional<Date> FromYmd(int year, int month, int day);
  int days_since_epoch() const { return days_; }
  std::string ToString() const;  // "YYYY-MM-DD"
  int year() const;
  Date AddDays(int n) const { return Date(days_ + n); }
  friend int DaysBetween(Date from, Date to) { return to.days_ - from.days_; }
  auto operator<=>(const Date&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  constexpr explicit Date(int days) : days_(days) {}
  int days_ = 0;
};

}  // namespace exo
