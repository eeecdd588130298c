// The lot expiry job: every clinic's quarantined and released lots past their expiry date move
// to `expired` (actor "system", each change with its audit entry). It runs when time passes —
// at the server's start, once a day while it serves, and on `exoclinic lot expire` — and never
// inside a read.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "app/lots.h"
#include "store/account_store.h"

namespace exo::app {

// Expires the due lots of every clinic; returns how many lots changed.
Result<int> ExpireDueLots(const LotServices& s, const store::ClinicStore& clinics);

// Runs ExpireDueLots once per calendar day of the services' clock. Thread-safe; the services
// and the clinic store must outlive it.
class DailyLotExpiry {
 public:
  DailyLotExpiry(const LotServices& lots, const store::ClinicStore& clinics);
  ~DailyLotExpiry();
  DailyLotExpiry(const DailyLotExpiry&) = delete;
  DailyLotExpiry& operator=(const DailyLotExpiry&) = delete;

  // Runs the expiry when it has not run yet on the clock's today: how many lots changed, or
  // nullopt when it had already run today. An error leaves the day due.
  Result<std::optional<int>> RunIfDue();

  // Calls RunIfDue every `poll` on a thread of its own (and `on_run` with each result) until
  // Stop or destruction.
  void Start(std::chrono::milliseconds poll,
             std::function<void(const Result<std::optional<int>>&)> on_run);
  void Stop();

 private:
  const LotServices& lots_;
  const store::ClinicStore& clinics_;
  std::mutex mu_;
  std::condition_variable wake_;  // guarded by mu_
  std::optional<Date> last_run_;  // guarded by mu_
  bool stopping_ = false;         // guarded by mu_
  std::thread thread_;
};

}  // namespace exo::app
