// Renders a QcReport for people (terminal text) and programs (JSON, documented in
// docs/api.md#qc-report). Texts are in the language asked for.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/messages.h"
#include "product/qc_evaluation.h"

namespace exo::product {

nlohmann::json QcReportToJson(const QcReport& report, const QcContext& context, Lang lang);
std::string QcReportToText(const QcReport& report, const QcContext& context, Lang lang);

}  // namespace exo::product
