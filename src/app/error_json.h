// Errors as JSON, for the HTTP API and the command line's --format json. Apart from the lot's
// JSON (lot_json.h) so that a program printing an error needs no QC rules (src/exoclinic.cc).
#pragma once

#include <nlohmann/json.hpp>

#include "core/messages.h"
#include "core/result.h"

namespace exo::app {

// An error as {"error": {"code", "message", "id", "fields": [{"field", "message", "id"}]}}; each
// "id" is the message's catalogue key ("err.session_interval"), for a client to tell refusals
// apart without reading the words.
nlohmann::json ErrorToJson(const Error& error, Lang lang);

}  // namespace exo::app
