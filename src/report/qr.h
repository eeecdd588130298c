// QR codes (libqrencode) as PNG images, for links printed on documents.
#pragma once

#include <string>

#include "core/result.h"

namespace exo::report {

// A PNG of the QR code for `text` (error correction M, 4-module quiet zone).
Result<std::string> QrPng(const std::string& text, int module_px = 6);

}  // namespace exo::report
