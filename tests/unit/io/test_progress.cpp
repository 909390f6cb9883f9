#include "progress.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

TEST_CASE("progress is drawn only on a terminal", "[progress]") {
    ebm::Progress progress("ebm-test", "work");
    CHECK(progress.enabled() == (isatty(STDERR_FILENO) == 1));
    progress.update(1, 2);  // silent (or drawn) without failing either way
    progress.update(2, 2);
    progress.finish();
}
