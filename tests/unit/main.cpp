// The one Catch2 main of the unit tests; each other file here tests one lib/ file.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
