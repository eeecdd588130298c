// The page layout every document a clinic hands out shares (issue #14): on top of every page the
// clinic's name, address and telephone; at the bottom the patient's name, the document's id, the
// version of the program that made it and "page / pages".
#pragma once

#include <string>
#include <string_view>

#include "core/messages.h"
#include "report/pdf.h"

namespace exo::report {

// Who hands the document out; an empty value is printed as "not set", never made up.
struct ClinicIdentity {
  std::string name, address, telephone;
};

// Sets `doc.header_lines` and `doc.footer` in `lang`. `document_id` is already worded for the
// reader ("同意書（計画 No. 4）"); `patient_name` may be empty (then only the document's id).
// For a fictitious demo patient (`synthetic`) every page also says, under the clinic, that the
// person and the record are demo data.
void ApplyPageLayout(Document& doc, const ClinicIdentity& clinic, std::string_view patient_name,
                     std::string_view document_id, Lang lang, bool synthetic = false);

}  // namespace exo::report
