// Generates long-format data for the mixed-model benchmark: patients with 5-10 visits, a
// random intercept and slope, a route factor and two covariates. Deterministic per seed.
// Usage: lmm_gen ROWS OUT.csv [SEED]; progress on stderr.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lmm_gen ROWS OUT.csv [SEED]\n");
    return 2;
  }
  const long rows = std::atol(argv[1]);
  FILE* out = std::fopen(argv[2], "w");
  if (out == nullptr || rows <= 0) return 1;
  std::mt19937_64 rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261124);
  std::normal_distribution<double> n01(0, 1);
  std::uniform_int_distribution<int> visits(5, 10), route(0, 2), age(25, 70);
  const char* routes[] = {"iv", "topical", "microneedle"};
  std::fprintf(out, "patient,time,y,route,age,sleep\n");
  long written = 0, patient = 0;
  while (written < rows) {
    ++patient;
    const int k = static_cast<int>(std::min<long>(visits(rng), rows - written));
    const double b0 = 4 * n01(rng), b1 = 0.8 * n01(rng) - 0.1 * b0;
    const int r = route(rng), a = age(rng);
    const double sleep = 6.5 + n01(rng);
    for (int v = 0; v < k; ++v) {
      const double t = v * 4.0;  // weeks
      const double y = 50 + b0 +
                       (r == 0   ? 1.5
                        : r == 2 ? 0.7
                                 : 0) +
                       0.05 * a + 0.8 * sleep + (0.3 + b1) * t + 2 * n01(rng);
      std::fprintf(out, "p%ld,%g,%.4f,%s,%d,%.1f\n", patient, t, y, routes[r], a, sleep);
    }
    written += k;
    if (patient % 100000 == 0) std::fprintf(stderr, "\rlmm_gen: %ld / %ld rows", written, rows);
  }
  std::fprintf(stderr, "\rlmm_gen: %ld rows, %ld patients      \n", written, patient);
  return std::fclose(out) == 0 ? 0 : 1;
}
