// Dates and times as people read them: an instant shown in the clinic's time zone (from the
// system tz database) and the reader's language. JSON and stored data keep UTC ISO 8601
// (timestamp.h); only text for people goes through here.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/messages.h"
#include "core/timestamp.h"

namespace exo {

inline constexpr std::string_view kDefaultTimeZone = "Asia/Tokyo";

// True when `zone` names a zone of the system tz database ("Asia/Tokyo", "UTC").
bool IsKnownTimeZone(std::string_view zone);

// The calendar day of `t` in `zone`; an unknown zone counts as UTC.
Date LocalDate(Timestamp t, std::string_view zone);

// "2026年12月1日 15:14" (ja) or "Dec 1, 2026, 3:14 PM" (en), in `zone`. An unknown zone renders
// in UTC with " UTC" appended, so a wrong setting is visible rather than silently shifted.
std::string FormatLocalDateTime(Timestamp t, std::string_view zone, Lang lang);

// "2026-12-01 15:14" in `zone`: for CSV cells a spreadsheet reads as a date and time.
std::string FormatLocalSortable(Timestamp t, std::string_view zone);

// "2026年12月1日" (ja) or "Dec 1, 2026" (en).
std::string FormatDate(Date d, Lang lang);

// The day of `t` in `zone`, formatted as FormatDate does.
std::string FormatLocalDate(Timestamp t, std::string_view zone, Lang lang);

}  // namespace exo
