#include "app/error_json.h"

namespace exo::app {

using nlohmann::json;

json ErrorToJson(const Error& error, Lang lang) {
  json fields = json::array();
  for (const auto& f : error.fields)
    fields.push_back({{"field", f.field},
                      {"message", Message(f.message_id, lang, f.args)},
                      {"id", f.message_id}});
  return {{"error",
           {{"code", ErrorCodeName(error.code)},
            {"message", Message(error.message_id, lang, error.args)},
            {"id", error.message_id},
            {"fields", fields}}}};
}

}  // namespace exo::app
