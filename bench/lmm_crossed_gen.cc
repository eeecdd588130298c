// Generates long-format data for the crossed mixed-model benchmark (issue #18): patients nested
// in 50 clinics, 5-10 visits each, every visit treated from one of 1,000 lots (a patient moves
// through the lots in use, so lots are crossed with patients), a random intercept and slope per
// patient, a random intercept per lot and per clinic, and a covariate x1. Deterministic per seed.
// Usage: lmm_crossed_gen ROWS OUT.csv [SEED]; progress on stderr.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lmm_crossed_gen ROWS OUT.csv [SEED]\n");
    return 2;
  }
  const long rows = std::atol(argv[1]);
  FILE* out = std::fopen(argv[2], "w");
  if (out == nullptr || rows <= 0) return 1;
  constexpr int kClinics = 50, kLots = 1000;
  std::mt19937_64 rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261202);
  std::normal_distribution<double> n01(0, 1);
  std::uniform_int_distribution<int> visits(5, 10), clinic(0, kClinics - 1), lot(0, kLots - 1),
      jitter(0, 2);
  std::vector<double> clinic_effect(kClinics), lot_effect(kLots);
  for (auto& c : clinic_effect) c = 2.0 * n01(rng);
  for (auto& l : lot_effect) l = 1.5 * n01(rng);
  std::fprintf(out, "patient,clinic,lot,weeks,x1,y\n");
  long written = 0, patient = 0;
  while (written < rows) {
    ++patient;
    const int k = static_cast<int>(std::min<long>(visits(rng), rows - written));
    const double b0 = 4 * n01(rng), b1 = 0.3 * n01(rng) - 0.02 * b0;
    const int c = clinic(rng), first_lot = lot(rng);
    for (int v = 0; v < k; ++v) {
      const double weeks = v * 4.0 + jitter(rng);
      const int l = (first_lot + v / 3) % kLots;  // a new lot every third visit
      const double x1 = n01(rng);
      const double y = 50 + b0 + clinic_effect[static_cast<size_t>(c)] +
                       lot_effect[static_cast<size_t>(l)] + (0.3 + b1) * weeks + 0.6 * x1 +
                       2 * n01(rng);
      std::fprintf(out, "p%ld,c%02d,L%04d,%g,%.5f,%.4f\n", patient, c, l, weeks, x1, y);
    }
    written += k;
    if (patient % 100000 == 0)
      std::fprintf(stderr, "\rlmm_crossed_gen: %ld / %ld rows", written, rows);
  }
  std::fprintf(stderr, "\rlmm_crossed_gen: %ld rows, %ld patients      \n", written, patient);
  return std::fclose(out) == 0 ? 0 : 1;
}
