#include "checkpoint.hpp"

#include "errors.hpp"

#include <xtensor/xadapt.hpp>

namespace ebm {

namespace {
const std::string buffers = "/state/optimizer/";
}

void write_training_progress(H5Writer& file, const TrainingProgress& progress) {
    for (const auto& [name, buffer] : progress.optimizer.buffers)
        file.write(buffers + name, xt::xtensor<double, 1>(xt::adapt(buffer, {buffer.size()})));
    file.set_attribute("optimizer", optimizer_name(progress.optimizer.kind));
    file.set_attribute("optimizer_step_count", std::int64_t(progress.optimizer.step_count));
    file.set_attribute("epochs_done", progress.epochs_done);
    file.set_attribute("steps_done", std::int64_t(progress.steps_done));
}

TrainingProgress read_training_progress(const H5Reader& file, std::int64_t epochs) {
    TrainingProgress progress;
    progress.optimizer.kind = optimizer_kind_from_name(file.string_attribute("optimizer"));
    progress.optimizer.step_count = std::uint64_t(file.number_attribute("optimizer_step_count"));
    for (const auto& dataset : file.datasets())
        if (dataset.name.rfind(buffers, 0) == 0)
            progress.optimizer.buffers[dataset.name.substr(buffers.size())] = read_values(file, dataset.name);
    progress.epochs_done = std::int64_t(file.number_attribute("epochs_done"));
    progress.steps_done = std::uint64_t(file.number_attribute("steps_done"));
    if (progress.epochs_done > epochs)
        throw RunError("checkpoint '" + file.path() + "' is at epoch " + std::to_string(progress.epochs_done) +
                       ", past --epochs " + std::to_string(epochs));
    return progress;
}

void check_run_identity(const H5Reader& file, const std::string& run_identity) {
    if (file.string_attribute("run_identity") != run_identity)
        throw RunError("checkpoint '" + file.path() + "' was made with other options (see h5dump -a run_identity " +
                       file.path() + "); resume it with those, or start afresh without --resume");
}

std::vector<double> read_values(const H5Reader& file, const std::string& name) {
    const auto values = file.read<1>(name);
    return {values.begin(), values.end()};
}

}  // namespace ebm
