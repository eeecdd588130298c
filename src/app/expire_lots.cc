// Use case: the expiry job. Lots past their expiry date move to `expired` when time passes
// (at the server's start, once a day while it runs, and `exoclinic lot expire`), never inside
// a read.
#include "app/expire_lots.h"

#include <iostream>

#include "app/lot_view.h"

namespace exo::app {

Result<int> ExpireDueLots(const LotServices& s, const store::ClinicStore& clinics) {
  auto all = clinics.ListClinics();
  if (!all) return all.error();
  int changed = 0;
  for (const auto& clinic : *all) {
    auto n = ExpireLotsOf(s, clinic.id);
    if (!n) return n.error();
    changed += *n;
  }
  return changed;
}

DailyLotExpiry::DailyLotExpiry(const LotServices& lots, const store::ClinicStore& clinics)
    : lots_(lots), clinics_(clinics) {}

DailyLotExpiry::~DailyLotExpiry() { Stop(); }

Result<std::optional<int>> DailyLotExpiry::RunIfDue() {
  const Date today = lots_.clock.Today();
  {
    const std::lock_guard<std::mutex> lock(mu_);
    if (last_run_ && *last_run_ == today) return std::optional<int>();
  }
  auto changed = ExpireDueLots(lots_, clinics_);
  if (!changed) return changed.error();
  const std::lock_guard<std::mutex> lock(mu_);
  last_run_ = today;
  return std::optional<int>(*changed);
}

void DailyLotExpiry::Start(std::chrono::milliseconds poll,
                           std::function<void(const Result<std::optional<int>>&)> on_run) {
  Stop();
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, poll, on_run = std::move(on_run)] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      if (wake_.wait_for(lock, poll, [this] { return stopping_; })) break;
      lock.unlock();
      const auto result = RunIfDue();
      if (on_run) on_run(result);
      lock.lock();
    }
  });
}

void DailyLotExpiry::Stop() {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace exo::app
