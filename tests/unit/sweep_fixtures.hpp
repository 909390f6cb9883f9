// Shared by the sweep tests (test_sweep_*.cpp): a scratch folder and small
// sweep files.
#pragma once

#include "sweep_file.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace ebm_test {

// A folder of its own for a test case, removed at its end.
struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string& name)
        : path(std::filesystem::temp_directory_path() / ("ebm-test-sweep-" + name)) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    std::string file(const std::string& name, const std::string& text) const {
        const auto full = (path / name).string();
        std::ofstream(full) << text;
        return full;
    }
};

// An ebm-train sweep's [sweep] and [inputs] (lines 1 to 6): what follows is on line 7.
inline const std::string train_sweep_header = "[sweep]\nprogram = ebm-train\nout = sweeps/x\nseed = 5\n[inputs]\ndata = d.h5\n";

// The train sweep with `body` after its header, as the file x.cfg.
inline ebm::Sweep parse_train_sweep(const std::string& body) { return ebm::parse_sweep(train_sweep_header + body, "x.cfg"); }

// An ebm-generate sweep writing into `out`: n and case zipped, sigma on its
// own (2 × 2 tasks), and two results taken by row.
inline std::string generate_sweep_text(const std::string& out) {
    return "[sweep]\nprogram = ebm-generate\nout = " + out + "\nseed = 3\n"
           "[zip.shape]\nn = 5,7\ncase = unconditional,conditional\n[parameters]\nsigma = 0.05,0.1\n"
           "[results]\nfirst_y = /y[0]\nlast_theta = /theta[-1]\n";
}

}  // namespace ebm_test
