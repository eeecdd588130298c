// The command-line adapter: parses arguments (CLI11), calls one use case, renders the result
// as text or JSON in Japanese or English. Exit codes: 0 ok, 1 invalid input, 2 usage,
// 3 not found, 4 conflict (refused transition), 5 other failure.
#pragma once

namespace exo::cli {

int Main(int argc, char** argv);

}  // namespace exo::cli
