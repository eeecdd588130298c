#include "app/pdf_prerenderer.h"

#include <algorithm>
#include <utility>

namespace exo::app {

PdfPrerenderer::PdfPrerenderer(int workers) {
  for (int i = 0; i < std::max(workers, 1); ++i) workers_.emplace_back([this] { Work(); });
}

PdfPrerenderer::~PdfPrerenderer() {
  {
    const std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void PdfPrerenderer::Submit(report::Document doc) {
  {
    const std::lock_guard lock(mu_);
    jobs_.push_back(Job{std::move(doc)});
  }
  changed_.notify_all();
}

PdfPrerenderer::Job* PdfPrerenderer::NextQueued() {
  for (Job& job : jobs_)
    if (job.state == State::kQueued) return &job;
  return nullptr;
}

void PdfPrerenderer::RenderJob(std::unique_lock<std::mutex>& lock, Job& job) {
  job.state = State::kRendering;
  lock.unlock();
  Result<std::string> pdf = report::RenderPdf(job.doc);  // job.doc is not touched meanwhile
  lock.lock();
  job.pdf = std::move(pdf);
  job.state = State::kDone;
  changed_.notify_all();
}

void PdfPrerenderer::Work() {
  std::unique_lock lock(mu_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || NextQueued() != nullptr; });
    if (stopping_) return;
    RenderJob(lock, *NextQueued());
  }
}

Result<std::string> PdfPrerenderer::Render(const report::Document& doc) {
  std::unique_lock lock(mu_);
  const auto it = std::find_if(jobs_.begin(), jobs_.end(),
                               [&doc](const Job& j) { return !j.claimed && j.doc == doc; });
  if (it == jobs_.end()) {
    ++misses_;
    lock.unlock();
    return report::RenderPdf(doc);
  }
  ++hits_;
  it->claimed = true;
  while (it->state != State::kDone) {
    if (it->state == State::kQueued) {
      RenderJob(lock, *it);
    } else if (Job* other = NextQueued(); other != nullptr) {
      RenderJob(lock, *other);  // ours is being rendered elsewhere: help with the queue
    } else {
      changed_.wait(lock);
    }
  }
  Result<std::string> pdf = std::move(*it->pdf);
  jobs_.erase(it);
  return pdf;
}

int PdfPrerenderer::Hits() const {
  const std::lock_guard lock(mu_);
  return hits_;
}

int PdfPrerenderer::Misses() const {
  const std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace exo::app
