// What a follow-up task is about, in a language (a renderer, not a use case).
#include "app/sessions.h"
#include "core/messages.h"

namespace exo::app {

std::string FollowUpText(const store::FollowUp& f, Lang lang) {
  if (f.days_after) return Message("followup.day_after", lang, {std::to_string(*f.days_after)});
  if (f.kind == store::FollowUpKind::kRecall) return Message("followup.recall", lang, {f.note});
  return f.note;
}

}  // namespace exo::app
