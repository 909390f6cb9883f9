// Outputs appear whole or not at all.
//
// A stage writes to a temporary file in the folder of its output, then renames
// it over the output: rename(2) within one file system is atomic, so a reader,
// a killed job or a failed run never sees a partial file, and an earlier result
// at that path survives every failure before the rename.
//
// A run stopped by SIGTERM, SIGINT or SIGHUP (scancel, Ctrl-C, a lost
// terminal) removes its temporary files too: each new AtomicOutput makes sure of
// handlers that unlink every live temporary, then let the signal do what it did
// before (by default: end the process).
// Only SIGKILL (Slurm's after KillWait, the OOM killer) can leave a
// `NAME.tmp.HOST.PID` behind; it is never mistaken for an output, and the next
// run that commits NAME on the same host removes it: on commit, every
// `NAME.tmp.HOST.PID` of this host whose PID is not a live process is deleted.
// The host is in the name because a PID means something only on its own host:
// on a file system shared by a cluster, another node's temporary is left alone
// (it may be a live run there), to be removed by that node's next commit.
// A reused PID only delays a removal; two containers that share a host name
// and a folder but not their PIDs could remove each other's live temporary,
// whose commit then fails with "cannot rename" (never a damaged output).
#pragma once

#include <atomic>
#include <string>

namespace ebm {

class AtomicOutput {
public:
    // Checks that the folder of `final_path` exists and is writable (RunError
    // naming it otherwise) and picks a temporary path beside it.
    explicit AtomicOutput(std::string final_path);
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    // Removes the temporary file unless commit() succeeded.
    ~AtomicOutput();

    const std::string& temporary_path() const { return temporary_path_; }
    const std::string& final_path() const { return final_path_; }
    // fsyncs the temporary file, renames it over the final path, then removes
    // the temporaries of the same path that dead processes of this host left.
    void commit();

private:
    std::string final_path_;
    std::string temporary_prefix_;  // NAME.tmp.HOST. : the temporary without its PID
    std::string temporary_path_;
    bool committed_ = false;
    std::atomic<const char*>* signal_slot_ = nullptr;  // this temporary in the signal handler's table
};

}  // namespace ebm
