#include "report/ical.h"

namespace exo::report {

namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c != '\r')
      out += c;
  }
  return out;
}

// Folds a content line at 75 octets, continuing with CRLF and a space (RFC 5545 3.1).
std::string Fold(const std::string& line) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size();) {
    size_t len = 1;
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len;
  }
  return out + "\r\n";
}

std::string Compact(Date d) {
  std::string s = d.ToString();
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

}  // namespace

std::string ToICalendar(const std::vector<CalendarEvent>& events, Timestamp stamp) {
  std::string iso = stamp.ToIso8601();  // 2026-11-24T09:30:00Z
  std::string dtstamp;
  for (char c : iso)
    if (c != '-' && c != ':') dtstamp += c;
  std::string out;
  out += Fold("BEGIN:VCALENDAR");
  out += Fold("VERSION:2.0");
  out += Fold("PRODID:-//exoclinic//treatment schedule//EN");
  out += Fold("CALSCALE:GREGORIAN");
  for (const auto& e : events) {
    out += Fold("BEGIN:VEVENT");
    out += Fold("UID:" + e.uid);
    out += Fold("DTSTAMP:" + dtstamp);
    out += Fold("DTSTART;VALUE=DATE:" + Compact(e.day));
    out += Fold("DTEND;VALUE=DATE:" + Compact(e.day.AddDays(1)));
    out += Fold("SUMMARY:" + Escape(e.summary));
    if (!e.description.empty()) out += Fold("DESCRIPTION:" + Escape(e.description));
    out += Fold("END:VEVENT");
  }
  out += Fold("END:VCALENDAR");
  return out;
}

}  // namespace exo::report
