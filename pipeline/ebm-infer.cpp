// ebm-infer: inference (ž by six methods) and free energies (F∞, F_β, ⟨E⟩) of an ellipse model.
#include "cli.hpp"
#include "infer_stage.hpp"

int main(int argc, char* argv[]) {
    return ebm::run_main("ebm-infer", [&] {
        if (const auto options = ebm::parse_infer_options(argc, argv)) ebm::run_infer(*options);
    });
}
