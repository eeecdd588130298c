// iCalendar (RFC 5545) for treatment schedules: one all-day VEVENT per session.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/timestamp.h"

namespace exo::report {

struct CalendarEvent {
  std::string uid;  // globally unique, e.g. "plan-3-session-2@exoclinic"
  Date day;
  std::string summary;
  std::string description;
};

// A VCALENDAR with CRLF line endings, escaped text and lines folded at 75 octets (never
// inside a UTF-8 character).
std::string ToICalendar(const std::vector<CalendarEvent>& events, Timestamp stamp);

}  // namespace exo::report
