// Build tool: reads i18n/messages.toml and writes a C++ source holding every key with its
// Japanese and English text (internal/catalogue.h), so the program needs no data file at run
// time. Refuses (exit 1, naming the key) a key that is not a table of exactly `ja` and `en`
// strings, so a text missing in one language never builds.
#include <toml++/toml.h>

#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace {

std::string CppLiteral(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"sv";  // the length known at compile time: no strlen at start-up
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: catalogue_embed messages.toml out.cc\n";
    return 2;
  }
  toml::table doc;
  try {
    doc = toml::parse_file(argv[1]);
  } catch (const toml::parse_error& e) {
    std::cerr << argv[1] << ":" << e.source().begin.line << ": " << e.description() << "\n";
    return 1;
  }
  std::map<std::string, std::pair<std::string, std::string>> entries;
  for (const auto& [key, node] : doc) {
    const auto* t = node.as_table();
    const auto ja = t ? (*t)["ja"].value<std::string>() : std::nullopt;
    const auto en = t ? (*t)["en"].value<std::string>() : std::nullopt;
    if (!ja || !en || t->size() != 2) {
      std::cerr << argv[1] << ": key \"" << key.str()
                << "\" needs exactly two strings, ja and en\n";
      return 1;
    }
    entries[std::string(key.str())] = {*ja, *en};
  }
  std::ofstream out(argv[2]);
  out << "// Generated from i18n/messages.toml by catalogue_embed; do not edit.\n"
         "#include \"core/internal/catalogue.h\"\n\nnamespace exo::internal {\n\n"
         "using namespace std::string_view_literals;\n\n"
         // constexpr: the table is in the program's read-only data, with no code run at start.
         "extern constexpr CatalogueEntry kCatalogue[] = {\n";
  for (const auto& [key, texts] : entries) {
    out << "    {" << CppLiteral(key) << ", " << CppLiteral(texts.first) << ", "
        << CppLiteral(texts.second) << "},\n";
  }
  out << "};\nextern const size_t kCatalogueSize = " << entries.size()
      << ";\n\n}  // namespace exo::internal\n";
  return out ? 0 : 1;
}
