#include "report/page_layout.h"

namespace exo::report {

void ApplyPageLayout(Document& doc, const ClinicIdentity& clinic, std::string_view patient_name,
                     std::string_view document_id, Lang lang, bool synthetic) {
  const auto or_unset = [lang](const std::string& value) {
    return value.empty() ? Message("doc.not_set", lang) : value;
  };
  doc.header_lines = {clinic.name.empty() ? Message("doc.clinic_name_unset", lang) : clinic.name,
                      Message("doc.address", lang, {or_unset(clinic.address)}) + "  " +
                          Message("doc.telephone", lang, {or_unset(clinic.telephone)})};
  if (synthetic) doc.header_lines.push_back(Message("doc.synthetic", lang));
  std::string footer;
  if (!patient_name.empty())
    footer = Message("doc.patient", lang, {std::string(patient_name)}) + " · ";
  footer += std::string(document_id) + " · " + Message("doc.version", lang, {EXO_VERSION});
  doc.footer = std::move(footer);
}

}  // namespace exo::report
