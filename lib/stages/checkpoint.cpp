#include "checkpoint.hpp"

#include "errors.hpp"
#include "h5_file.hpp"

#include <xtensor/xadapt.hpp>

namespace ebm {

namespace {

const std::string buffers = "/state/optimizer/";

xt::xtensor<double, 1> as_array(const std::vector<double>& values) { return xt::adapt(values, {values.size()}); }

std::vector<double> read_values(const H5Reader& file, const std::string& name) {
    const auto values = file.read<1>(name);
    return {values.begin(), values.end()};
}

}  // namespace

void write_checkpoint(const std::string& path, const TrainingState& state, const RunIdentity& identity) {
    H5Writer file(path, checkpoint_format, checkpoint_format_version);
    const TrainingHistory& history = state.history;
    file.write("/state/parameters", as_array(state.parameters));
    file.write("/state/step_loss", as_array(history.step_loss));
    file.write("/state/epoch", as_array(history.epoch));
    file.write("/state/epoch_parameters", as_array(history.parameters));
    file.write("/state/epoch_train_f", as_array(history.train_f));
    file.write("/state/epoch_train_f_inf", as_array(history.train_f_inf));
    file.write("/state/epoch_heldout_f_inf", as_array(history.heldout_f_inf));
    for (const auto& [name, buffer] : state.optimizer.buffers) file.write(buffers + name, as_array(buffer));
    file.set_attribute("optimizer", optimizer_name(state.optimizer.kind));
    file.set_attribute("optimizer_step_count", std::int64_t(state.optimizer.step_count));
    file.set_attribute("epochs_done", state.epochs_done);
    file.set_attribute("steps_done", std::int64_t(state.steps_done));
    file.set_attribute("run_identity", identity.options);
    file.set_attribute("annealing_epochs", identity.annealing_epochs);
    file.commit();
}

TrainingState read_checkpoint(const std::string& path, const RunIdentity& identity, std::int64_t epochs,
                              std::size_t parameter_count) {
    const H5Reader file(path, checkpoint_format, checkpoint_format_version);
    if (file.string_attribute("run_identity") != identity.options)
        throw RunError("checkpoint '" + path + "' was made with other options (see h5dump -a run_identity " + path +
                       "); resume it with those, or start afresh without --resume");
    const auto annealed = std::int64_t(file.number_attribute("annealing_epochs"));
    if (annealed != identity.annealing_epochs)
        throw RunError("checkpoint '" + path + "' anneals the learning rate over " + std::to_string(annealed) +
                       " epochs, this run over " + std::to_string(identity.annealing_epochs) +
                       "; give both runs the same --lr-epochs");
    TrainingState state;
    state.parameters = read_values(file, "/state/parameters");
    if (state.parameters.size() != parameter_count)
        throw RunError("checkpoint '" + path + "' holds " + std::to_string(state.parameters.size()) +
                       " parameters, this model has " + std::to_string(parameter_count));
    TrainingHistory& history = state.history;
    history.step_loss = read_values(file, "/state/step_loss");
    history.epoch = read_values(file, "/state/epoch");
    history.parameters = read_values(file, "/state/epoch_parameters");
    history.train_f = read_values(file, "/state/epoch_train_f");
    history.train_f_inf = read_values(file, "/state/epoch_train_f_inf");
    history.heldout_f_inf = read_values(file, "/state/epoch_heldout_f_inf");
    state.optimizer.kind = optimizer_kind_from_name(file.string_attribute("optimizer"));
    state.optimizer.step_count = std::uint64_t(file.number_attribute("optimizer_step_count"));
    for (const auto& dataset : file.datasets())
        if (dataset.name.rfind(buffers, 0) == 0)
            state.optimizer.buffers[dataset.name.substr(buffers.size())] = read_values(file, dataset.name);
    state.epochs_done = std::int64_t(file.number_attribute("epochs_done"));
    state.steps_done = std::uint64_t(file.number_attribute("steps_done"));
    if (state.epochs_done > epochs)
        throw RunError("checkpoint '" + path + "' is at epoch " + std::to_string(state.epochs_done) +
                       ", past --epochs " + std::to_string(epochs));
    return state;
}

}  // namespace ebm
