#include "atomic_output.hpp"

#include "errors.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <limits.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace ebm {

namespace {
std::string folder_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// The temporaries of this process that are not yet committed or removed, for
// the signal handler: a fixed table of pointers, since a handler may neither
// allocate nor lock. A slot holds the c_str() of an AtomicOutput's
// temporary_path_ and is cleared before that string dies.
std::array<std::atomic<const char*>, 64> live_temporaries{};

constexpr std::array<int, 3> cleanup_signals{SIGTERM, SIGINT, SIGHUP};
// What each of cleanup_signals did before our handler: it is restored and the
// signal raised again, so the process still dies (or the program's own handler runs).
std::array<struct sigaction, 3> previous_actions{};

void remove_temporaries_and_die(int signal_number) {
    for (auto& slot : live_temporaries)
        if (const char* path = slot.load()) unlink(path);  // async-signal-safe
    for (std::size_t i = 0; i < cleanup_signals.size(); ++i)
        if (cleanup_signals[i] == signal_number) sigaction(signal_number, &previous_actions[i], nullptr);
    raise(signal_number);  // delivered when this handler returns
}

// Checked on every new output rather than once, since a program (or a test
// framework) may have set its own handlers since: ours runs first, then theirs.
void install_signal_cleanup() {
    static std::mutex installing;
    const std::lock_guard<std::mutex> lock(installing);
    for (std::size_t i = 0; i < cleanup_signals.size(); ++i) {
        struct sigaction current {};
        sigaction(cleanup_signals[i], nullptr, &current);
        if (!(current.sa_flags & SA_SIGINFO) &&
            (current.sa_handler == SIG_IGN || current.sa_handler == remove_temporaries_and_die))
            continue;  // ignored (nohup): stay alive; or already ours
        previous_actions[i] = current;
        struct sigaction action {};
        action.sa_handler = remove_temporaries_and_die;
        sigemptyset(&action.sa_mask);
        sigaction(cleanup_signals[i], &action, nullptr);
    }
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

bool is_live_process(long pid) {
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;  // EPERM: alive, another user's
}

// Deletes each `TEMPORARY_PREFIX + PID` (NAME.tmp.HOST.PID beside the output)
// whose PID is no live process of this host: what runs killed by SIGKILL left.
// Best effort: a temporary that cannot be removed does not fail the run that
// has just succeeded.
void remove_stale_temporaries(const std::string& temporary_prefix) {
    namespace fs = std::filesystem;
    const std::string prefix = temporary_prefix.substr(temporary_prefix.find_last_of('/') + 1);
    std::error_code error;
    for (fs::directory_iterator entry(folder_of(temporary_prefix), error), end; !error && entry != end;
         entry.increment(error)) {
        const std::string name = entry->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        std::error_code ignored;
        if (!is_live_process(std::stol(pid))) fs::remove(entry->path(), ignored);
    }
}

std::atomic<const char*>* register_temporary(const char* path) {
    for (auto& slot : live_temporaries) {
        const char* empty = nullptr;
        if (slot.compare_exchange_strong(empty, path)) return &slot;
    }
    return nullptr;  // more than 64 open outputs: this one is not cleaned up on a signal
}
}  // namespace

AtomicOutput::AtomicOutput(std::string final_path) : final_path_(std::move(final_path)) {
    if (final_path_.empty() || final_path_.back() == '/')
        throw RunError("output path '" + final_path_ + "' names a folder, not a file");
    // Found before any work, not at the final rename.
    struct stat info;
    if (stat(final_path_.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
        throw RunError("output path '" + final_path_ + "' is a folder, not a file");
    const std::string folder = folder_of(final_path_);
    if (access(folder.c_str(), W_OK | X_OK) != 0)
        throw RunError("cannot write to folder '" + folder + "' for output '" + final_path_ +
                       "': " + std::strerror(errno));
    // The process id keeps two runs writing the same output from sharing a
    // temporary file; the last rename wins and both files are whole. With the
    // host, it tells a later run whether the writer is dead (see the header).
    temporary_prefix_ = final_path_ + ".tmp." + host_name() + ".";
    temporary_path_ = temporary_prefix_ + std::to_string(getpid());
    install_signal_cleanup();
    signal_slot_ = register_temporary(temporary_path_.c_str());
}

AtomicOutput::~AtomicOutput() {
    if (signal_slot_) signal_slot_->store(nullptr);
    if (!committed_) std::remove(temporary_path_.c_str());
}

void AtomicOutput::commit() {
    const int fd = open(temporary_path_.c_str(), O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        const std::string reason = std::strerror(errno);
        if (fd >= 0) close(fd);
        throw RunError("cannot flush '" + temporary_path_ + "': " + reason);
    }
    close(fd);
    if (std::rename(temporary_path_.c_str(), final_path_.c_str()) != 0)
        throw RunError("cannot rename '" + temporary_path_ + "' to '" + final_path_ +
                       "': " + std::strerror(errno));
    committed_ = true;
    if (signal_slot_) signal_slot_->store(nullptr);
    signal_slot_ = nullptr;
    remove_stale_temporaries(temporary_prefix_);
}

}  // namespace ebm
