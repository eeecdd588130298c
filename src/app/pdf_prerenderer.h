// Documents rendered as PDF ahead of their use, on worker threads: a batch that knows what it
// will sign next (the demo clinic: each patient's consent, before the patients in front of it
// are treated) submits the documents, and the use case's Render later takes the bytes rendered
// for an equal document, or renders one that was not submitted (or differs) itself. The bytes are
// always report::RenderPdf's for exactly the document asked for; only when it runs changes.
//
// A thread that asks for a document still being rendered by a worker renders another submitted
// one meanwhile, so every core works while the batch waits. Thread safety: Submit and Render may
// be called from any thread; the jobs are guarded by mu_. The destructor stops the workers after
// the render each is in and drops what was never asked for.
#pragma once

#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/pdf_renderer.h"

namespace exo::app {

class PdfPrerenderer final : public PdfRenderer {
 public:
  // `workers` threads (at least one) render the submitted documents in the order submitted.
  explicit PdfPrerenderer(int workers);
  ~PdfPrerenderer() override;
  PdfPrerenderer(const PdfPrerenderer&) = delete;
  PdfPrerenderer& operator=(const PdfPrerenderer&) = delete;

  // Queues `doc` for a worker.
  void Submit(report::Document doc);
  // The PDF of `doc`: a submitted equal document's (waiting for it while helping with the
  // queue), else rendered now on the calling thread.
  [[nodiscard]] Result<std::string> Render(const report::Document& doc) override;

  // How many Render calls took a submitted document, and how many rendered one not submitted.
  int Hits() const;
  int Misses() const;

 private:
  enum class State { kQueued, kRendering, kDone };
  struct Job {
    report::Document doc;
    State state = State::kQueued;
    bool claimed = false;  // a Render call waits for this one
    std::optional<Result<std::string>> pdf;
  };

  void Work();
  // Renders the queued job `job` (unlocking while it runs); `lock` holds mu_.
  void RenderJob(std::unique_lock<std::mutex>& lock, Job& job);
  // The oldest queued job, or null.
  Job* NextQueued();

  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::list<Job> jobs_;    // guarded by mu_; a list, so a job stays put while it is rendered
  bool stopping_ = false;  // guarded by mu_
  int hits_ = 0;           // guarded by mu_
  int misses_ = 0;         // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace exo::app
