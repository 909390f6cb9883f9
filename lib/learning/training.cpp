// Training any energy model; legend in training.hpp.
#include "training.hpp"

#include "free_energy.hpp"
#include "minibatch.hpp"
#include "random_streams.hpp"
#include "rng.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <stdexcept>

namespace ebm {

Trainer::Trainer(const TrainingSettings& settings, Model& model, TrainingSamples samples, std::optional<TrainingSamples> heldout,
                 TrainingSchedule schedule)
    : settings_(settings),
      model_(model),
      samples_(std::move(samples)),
      heldout_(std::move(heldout)),
      schedule_(schedule),
      optimizer_(make_optimizer(settings.optimizer, model.parameter_count())),
      shuffle_seed_(derive_seed(settings.seed, random_stream::shuffle)) {
    check_beta(settings_.beta);
    validate_loss_params(settings_.loss_params);
    if (loss_needs_contrastive(settings_.loss)) {
        validate_contrastive_params(settings_.contrastive);
        const bool one_x = std::all_of(samples_.x.begin(), samples_.x.end(),
                                       [&](double x) { return x == samples_.x(0); });
        if (settings_.contrastive.kind == ContrastiveKind::most_offending && !one_x)
            throw std::invalid_argument(
                "most-offending contrastive samples search the lecture's unconditional y-window, one map for all "
                "samples, which conditional data (several x) do not have; use random-gaussian or random-uniform");
    }
    if (!model_.has_latent_grid() && settings_.beta != zero_temperature_beta)
        throw std::invalid_argument("the " + model_.name() + " model trains at β = inf only: F_β over R^d has no grid");
    if (samples_.y.shape()[0] == 0) throw std::invalid_argument("no training samples");
    if (samples_.x.size() != samples_.y.shape()[0]) throw std::invalid_argument("x and y have different sample counts");
    if (schedule_.history_every < 1) throw std::invalid_argument("history_every must be ≥ 1");
    if (!std::isfinite(schedule_.final_learning_rate))
        throw std::invalid_argument("the final learning rate must be finite (negative: no schedule)");
}

Trainer::ChunkWork* Trainer::chunk_work(std::size_t count) const {
    while (chunks_.size() < count) chunks_.push_back({model_.make_cache(), {}, {}, {}, {}, {}, 0.0});
    return chunks_.data();
}

bool Trainer::worth_threads(std::size_t rows) const {
    return ebm::worth_threads(double(rows) * model_.work_per_row());
}

Trainer::ChunkWork* Trainer::forward_chunks(const TrainingSamples& points, double beta) const {
    const std::size_t n = points.x.size(), chunks = (n + chunk_rows - 1) / chunk_rows;
    ChunkWork* work = chunk_work(chunks);
    for_each_chunk(chunks, [&](std::size_t c) {
        const std::size_t first = c * chunk_rows, rows = std::min(chunk_rows, n - first);
        work[c].free_energy.resize(rows);
        model_.free_energy_forward(work[c].free_energy.data(), *work[c].cache, &points.x(first), &points.y(first, 0),
                                   rows, beta);
    }, worth_threads(n));
    return work;
}

std::vector<double> Trainer::free_energies(const TrainingSamples& points, double beta) const {
    const std::size_t n = points.x.size();
    const ChunkWork* work = forward_chunks(points, beta);
    std::vector<double> result;  // (N)
    for (std::size_t first = 0; first < n; first += chunk_rows) {
        const auto& values = work[first / chunk_rows].free_energy;
        result.insert(result.end(), values.begin(), values.end());
    }
    return result;
}

double Trainer::mean_free_energy(const TrainingSamples& points, double beta) const {
    const std::size_t n = points.x.size();
    const ChunkWork* work = forward_chunks(points, beta);
    double sum = 0;  // in sample order
    for (std::size_t first = 0; first < n; first += chunk_rows)
        for (double value : work[first / chunk_rows].free_energy) sum += value;
    return sum / double(n);
}

void Trainer::record_epoch(TrainingState& state) const {
    TrainingHistory& history = state.history;
    history.epoch.push_back(double(state.epochs_done));
    history.parameters.insert(history.parameters.end(), state.parameters.begin(), state.parameters.end());
    const double train_f = mean_free_energy(samples_, settings_.beta);
    history.train_f.push_back(train_f);
    // At ZTL the trained F is F∞ already.
    history.train_f_inf.push_back(settings_.beta == zero_temperature_beta ? train_f
                                                                          : mean_free_energy(samples_, zero_temperature_beta));
    if (heldout_) history.heldout_f_inf.push_back(mean_free_energy(*heldout_, zero_temperature_beta));
}

TrainingState Trainer::start() const {
    TrainingState state;
    state.parameters = model_.parameters();
    state.optimizer = make_optimizer(settings_.optimizer, state.parameters.size())->state();  // a fresh one
    record_epoch(state);
    return state;
}

xt::xtensor<double, 2> Trainer::free_energy_map(const ContrastiveGrid& grid, double x) const {
    const std::size_t N1 = grid.y1.size(), N2 = grid.y2.size();
    TrainingSamples points{xt::xtensor<double, 1>::from_shape({N1 * N2}), xt::xtensor<double, 2>::from_shape({N1 * N2, 2})};
    for (std::size_t j = 0; j < N2; ++j)
        for (std::size_t i = 0; i < N1; ++i) {
            points.x(j * N1 + i) = x;
            points.y(j * N1 + i, 0) = grid.y1[i];
            points.y(j * N1 + i, 1) = grid.y2[j];
        }
    const auto values = free_energies(points, settings_.beta);
    xt::xtensor<double, 2> map = xt::empty<double>({N2, N1});
    std::copy(values.begin(), values.end(), map.begin());
    return map;
}

double Trainer::batch_loss(const std::vector<std::size_t>& batch, std::uint64_t step,
                                  std::vector<double>& gradient) const {
    const std::size_t P = model_.parameter_count(), B = batch.size();
    const std::size_t chunks = (B + chunk_rows - 1) / chunk_rows;
    const bool contrastive = loss_needs_contrastive(settings_.loss);
    const std::size_t K = contrastive ? settings_.contrastive.count : 0;
    const FreeEnergyFunction unused = [](double, double) -> double {
        throw std::logic_error("random contrastive samples do not read F");
    };
    // most-offending reads one F map per step: every sample has the same x.
    const bool most_offending = contrastive && settings_.contrastive.kind == ContrastiveKind::most_offending;
    ContrastiveGrid grid;
    xt::xtensor<double, 2> map;  // (N2, N1)
    if (most_offending) {
        grid = most_offending_grid(settings_.contrastive);
        map = free_energy_map(grid, samples_.x(0));
    }
    ChunkWork* work = chunk_work(chunks);
    for_each_chunk(chunks, [&](std::size_t c) {
        const std::size_t first = c * chunk_rows, count = std::min(chunk_rows, B - first);
        // Rows: the chunk's samples, then each one's K contrastive samples at its x.
        const std::size_t R = count * (1 + K);
        auto& [cache, x, y, free_energy, dfree_energy, chunk_gradient, chunk_loss] = work[c];
        x.resize(R);
        y.resize(2 * R);
        free_energy.resize(R);
        dfree_energy.resize(R);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t n = batch[first + i];
            x[i] = samples_.x(n);
            y[2 * i] = samples_.y(n, 0);
            y[2 * i + 1] = samples_.y(n, 1);
            if (!contrastive) continue;
            const auto offered =
                most_offending ? most_offending_samples(grid, map, {y[2 * i], y[2 * i + 1]},
                                                        settings_.contrastive.exclusion_radius, K)
                               : pick_contrastive(settings_.contrastive, unused, {y[2 * i], y[2 * i + 1]}, step, n);
            for (std::size_t k = 0; k < K; ++k) {
                const std::size_t row = count + i * K + k;
                x[row] = x[i];
                y[2 * row] = offered[k][0];
                y[2 * row + 1] = offered[k][1];
            }
        }
        model_.free_energy_forward(free_energy.data(), *cache, x.data(), y.data(), R, settings_.beta);
        // The rows are laid out as loss_batch reads them: the samples' F, then each one's K contrastive F's.
        const double loss = loss_batch(settings_.loss, settings_.loss_params, free_energy.data(),
                                       free_energy.data() + count, count, K, dfree_energy.data(),
                                       dfree_energy.data() + count);
        for (std::size_t row = 0; row < R; ++row) dfree_energy[row] /= double(B);  // of the mean loss
        chunk_gradient.assign(P, 0.0);
        model_.free_energy_backward(chunk_gradient.data(), dfree_energy.data(), *cache);
        chunk_loss = loss;
    }, worth_threads(B * (1 + K)));
    gradient.assign(P, 0.0);
    double loss = 0;
    for (std::size_t c = 0; c < chunks; ++c) {
        for (std::size_t p = 0; p < P; ++p) gradient[p] += work[c].gradient[p];
        loss += work[c].loss;
    }
    return loss / double(B);
}

void Trainer::run_epoch(TrainingState& state, std::int64_t epochs) const {
    const std::size_t n = samples_.x.size();
    const std::size_t batch_size = settings_.batch_size == 0 ? n : std::min(settings_.batch_size, n);
    epoch_order(order_, shuffle_seed_, std::uint64_t(state.epochs_done), n, settings_.shuffle);
    // The optimiser carries nothing but its state: restored from it, with each
    // step's learning rate, it continues exactly where the last one stopped.
    optimizer_->restore(state.optimizer);
    for (std::size_t first = 0; first < n; first += batch_size) {
        batch_.assign(order_.begin() + first, order_.begin() + std::min(n, first + batch_size));
        model_.parameters() = state.parameters;
        const double loss = batch_loss(batch_, state.steps_done, gradient_);
        if (!std::isfinite(loss))
            throw std::runtime_error("training diverged at step " + std::to_string(state.steps_done + 1) +
                                     " (epoch " + std::to_string(state.epochs_done + 1) +
                                     "): the loss is not finite; lower --lr");
        state.history.step_loss.push_back(loss);
        optimizer_->set_learning_rate(learning_rate(state.steps_done, epochs));
        optimizer_->step(state.parameters, gradient_);
        optimizer_->save(state.optimizer);
        ++state.steps_done;
    }
    model_.parameters() = state.parameters;
    ++state.epochs_done;
    if (state.epochs_done % schedule_.history_every == 0 || state.epochs_done == epochs) record_epoch(state);
}

void Trainer::resume(TrainingState& state, std::int64_t epochs) const {
    TrainingHistory& history = state.history;
    const std::int64_t last = history.epoch.empty() ? 0 : std::int64_t(history.epoch.back());
    if (last == 0 || last % schedule_.history_every == 0 || last == epochs) return;
    history.epoch.pop_back();
    history.parameters.resize(history.parameters.size() - state.parameters.size());
    history.train_f.pop_back();
    history.train_f_inf.pop_back();
    if (!history.heldout_f_inf.empty()) history.heldout_f_inf.pop_back();
}

double Trainer::learning_rate(std::uint64_t step, std::int64_t epochs) const {
    const double initial = settings_.optimizer.learning_rate, last = schedule_.final_learning_rate;
    if (last < 0) return initial;
    const std::size_t n = samples_.x.size();
    const std::size_t batch_size = settings_.batch_size == 0 ? n : std::min(settings_.batch_size, n);
    const double horizon = double(schedule_.anneal_epochs > 0 ? schedule_.anneal_epochs : epochs);
    const double total = horizon * double((n + batch_size - 1) / batch_size);  // T
    const double progress = total > 1 ? std::min(1.0, double(step) / (total - 1)) : 1.0;
    return last + (initial - last) * 0.5 * (1 + std::cos(M_PI * progress));
}

}  // namespace ebm
