#include "atomic_output.hpp"
#include "errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <climits>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
std::string contents(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string this_host() {
    char name[HOST_NAME_MAX + 1] = {};
    REQUIRE(gethostname(name, sizeof name - 1) == 0);
    return name;
}

// The temporary a process `pid` of this host writes for `path`.
std::string temporary_of(const std::string& path, pid_t pid) {
    return path + ".tmp." + this_host() + "." + std::to_string(pid);
}

// The PID of a process that has ended (and been reaped): a dead writer.
pid_t dead_pid() {
    const pid_t child = fork();
    if (child == 0) _exit(0);
    int status = 0;
    waitpid(child, &status, 0);
    return child;
}
}  // namespace

TEST_CASE("an output appears only on commit, and a failed one keeps the earlier file", "[atomic_output]") {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-atomic";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string path = (folder / "result.txt").string();
    std::ofstream(path) << "earlier";
    {
        ebm::AtomicOutput output(path);
        CHECK(fs::path(output.temporary_path()).parent_path() == folder);
        std::ofstream(output.temporary_path()) << "half-writ";
        // no commit: as if the run failed here
    }
    CHECK(contents(path) == "earlier");
    CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    {
        ebm::AtomicOutput output(path);
        std::ofstream(output.temporary_path()) << "new";
        output.commit();
    }
    CHECK(contents(path) == "new");
    CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    fs::remove_all(folder);
}

TEST_CASE("an output in a missing or unwritable folder is refused up front", "[atomic_output]") {
    CHECK_THROWS_AS(ebm::AtomicOutput("/nonexistent-folder/x.h5"), ebm::RunError);
    CHECK_THROWS_WITH(ebm::AtomicOutput("/nonexistent-folder/x.h5"), Catch::Contains("/nonexistent-folder"));
    CHECK_THROWS_AS(ebm::AtomicOutput("some-folder/"), ebm::RunError);
}

TEST_CASE("a run killed by SIGTERM leaves no temporary file", "[atomic_output]") {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-atomic-signal";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string path = (folder / "result.h5").string();
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::signal(SIGTERM, SIG_DFL);  // not the test framework's handler
        ebm::AtomicOutput output(path);
        std::ofstream(output.temporary_path()) << "half-writ";
        (void)!write(ready[1], "x", 1);
        pause();  // killed here, mid-run: the destructor never runs
        _exit(0);
    }
    char byte;
    REQUIRE(read(ready[0], &byte, 1) == 1);
    CHECK(fs::exists(temporary_of(path, child)));
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(fs::is_empty(folder));
    close(ready[0]);
    close(ready[1]);
    fs::remove_all(folder);
}

TEST_CASE("a commit removes the temporaries of its output left by dead processes of this host", "[atomic_output]") {
    const fs::path folder = fs::temp_directory_path() / "ebm-test-atomic-stale";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string path = (folder / "result.h5").string();
    const std::string killed = temporary_of(path, dead_pid());
    // Left alone: a live writer (our parent), another host's, another output's,
    // and names that only look like temporaries.
    const std::vector<std::string> kept{
        temporary_of(path, getppid()),
        path + ".tmp.another-host." + std::to_string(dead_pid()),
        temporary_of((folder / "other.h5").string(), dead_pid()),
        temporary_of(path, 0) + "x",
        path + ".tmp." + this_host() + ".",
        path + ".tmp.1234"};  // the old name, without a host: its writer cannot be checked
    for (const auto& name : kept) std::ofstream(name) << "kept";
    std::ofstream(killed) << "half-writ";
    {
        ebm::AtomicOutput output(path);
        CHECK(output.temporary_path() == temporary_of(path, getpid()));
        std::ofstream(output.temporary_path()) << "whole";
        CHECK(fs::exists(killed));  // removed on commit only: a failed run leaves the folder as it was
        output.commit();
    }
    CHECK(contents(path) == "whole");
    CHECK_FALSE(fs::exists(killed));
    for (const auto& name : kept) CHECK(fs::exists(name));
    fs::remove_all(folder);
}
