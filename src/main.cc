// exoclinic: one program for the CLI and the web server.
#include "cli/cli.h"

int main(int argc, char** argv) { return exo::cli::Main(argc, argv); }
