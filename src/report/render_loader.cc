// report::RenderPdf and report::QrPng: the renderer module (report/render/api.h) is loaded on the
// first call, from beside the program (the build: build/exoclinic-render.so), from the installed
// place (<prefix>/bin/exoclinic -> <prefix>/lib/exoclinic/exoclinic-render.so), or from the
// build tree this library was compiled in (the test programs under build/src/...).
#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <vector>

#include "report/pdf.h"
#include "report/qr.h"
#include "report/render/api.h"

namespace exo::report {

namespace {

constexpr const char* kModuleName = "exoclinic-render.so";

struct Loaded {
  const render::Api* api = nullptr;
  std::string error;  // why no module could be used
};

std::vector<std::filesystem::path> Candidates() {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(exe.parent_path() / kModuleName);
    out.push_back(exe.parent_path().parent_path() / "lib" / "exoclinic" / kModuleName);
  }
  out.emplace_back(EXO_RENDER_MODULE);
  return out;
}

Loaded Load() {
  Loaded loaded;
  for (const auto& path : Candidates()) {
    if (access(path.c_str(), R_OK) != 0) continue;
    // Never closed: the renderer keeps its fonts and caches for the life of the process.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      loaded.error += std::string(dlerror()) + "; ";
      continue;
    }
    using Entry = const render::Api* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "ExoRenderApi"));
    const render::Api* api = entry != nullptr ? entry() : nullptr;
    if (api == nullptr || api->version != render::kApiVersion) {
      loaded.error += path.string() + ": not this build's renderer; ";
      continue;
    }
    loaded.api = api;
    return loaded;
  }
  if (loaded.error.empty()) {
    loaded.error = std::string("document renderer ") + kModuleName + " not found (looked in";
    for (const auto& path : Candidates()) loaded.error += " " + path.parent_path().string();
    loaded.error += ")";
  }
  return loaded;
}

const Loaded& Module() {
  static const Loaded kLoaded = Load();
  return kLoaded;
}

Result<std::string> ToResult(std::string bytes, const render::Failure& failure) {
  switch (failure.kind) {
    case render::Failure::Kind::kNone:
      return bytes;
    case render::Failure::Kind::kInvalid:
      return Invalid(failure.field, failure.message_id);
    case render::Failure::Kind::kInternal:
      break;
  }
  return Internal(failure.detail);
}

}  // namespace

Result<std::string> RenderPdf(const Document& doc) {
  const Loaded& m = Module();
  if (m.api == nullptr) return Internal(m.error);
  render::Failure failure;
  std::string bytes = m.api->pdf(doc, &failure);
  return ToResult(std::move(bytes), failure);
}

Result<std::string> QrPng(const std::string& text, int module_px) {
  const Loaded& m = Module();
  if (m.api == nullptr) return Internal(m.error);
  render::Failure failure;
  std::string bytes = m.api->qr_png(text, module_px, &failure);
  return ToResult(std::move(bytes), failure);
}

}  // namespace exo::report
