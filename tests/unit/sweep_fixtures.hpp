// Shared by the sweep tests (test_sweep_*.cpp): small sweep files.
#pragma once

#include "sweep_file.hpp"
#include "test_support.hpp"

#include <string>

namespace ebm_test {

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
