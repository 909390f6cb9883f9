#include "atomic_output.hpp"

#include "errors.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ebm {

namespace {
std::string folder_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}
}  // namespace

AtomicOutput::AtomicOutput(std::string final_path) : final_path_(std::move(final_path)) {
    if (final_path_.empty() || final_path_.back() == '/')
        throw RunError("output path '" + final_path_ + "' names a folder, not a file");
    const std::string folder = folder_of(final_path_);
    if (access(folder.c_str(), W_OK | X_OK) != 0)
        throw RunError("cannot write to folder '" + folder + "' for output '" + final_path_ +
                       "': " + std::strerror(errno));
    // The process id keeps two runs writing the same output from sharing a
    // temporary file; the last rename wins and both files are whole.
    temporary_path_ = final_path_ + ".tmp." + std::to_string(getpid());
}

AtomicOutput::~AtomicOutput() {
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
}

}  // namespace ebm
