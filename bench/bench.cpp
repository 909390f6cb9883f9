// ebm-bench: times the workloads the issues name, for `make bench`, which
// runs bench/reference.py (the same computations in PyTorch) beside it.
//
//   map          F∞ and F_β (β = 1) on a 1024 × 1024 grid of y with 4096 latents
//   train        1000 full-batch ZTL steps (energy loss, SGD) on the 24 samples
//   conditional  1000 full-batch ZTL steps (energy loss, Adam) of the
//                conditional model on the horn samples of --horn-data, from
//                the untrained model of --horn-model, through the Trainer,
//                the loop ebm-train runs
//
// Prints one line per workload: "NAME SECONDS POINTS  # CHECK" (the best of
// --repeats runs; POINTS is the number of grid points or steps computed;
// CHECK is a value reference.py prints too).
#include "data_file.hpp"
#include "ellipse.hpp"
#include "free_energy_map.hpp"
#include "model_file.hpp"
#include "network_model.hpp"
#include "training.hpp"
#include "sampler.hpp"

#include <omp.h>
#include <xtensor/xbuilder.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <string>

namespace {

double best_seconds(int repeats, const std::function<void()>& work) {
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

}  // namespace

int main(int argc, char* argv[]) {
    int repeats = 3, threads = 2;
    std::string horn_data, horn_model;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--repeats")) repeats = std::stoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--horn-data")) horn_data = argv[i + 1];
        if (!std::strcmp(argv[i], "--horn-model")) horn_model = argv[i + 1];
    }
    omp_set_num_threads(threads);

    const auto y1 = xt::linspace<double>(-3, 3, 1024), y2 = xt::linspace<double>(-2, 2, 1024);
    const xt::xtensor<double, 1> axis1 = y1, axis2 = y2;
    const auto latents = ebm::latent_grid(4096);
    const xt::xtensor<double, 1> betas{1.0, std::numeric_limits<double>::infinity()};
    double checksum = 0;
    const double map_seconds = best_seconds(repeats, [&] {
        const auto map = ebm::free_energy_map({1.5, 0.35}, latents, betas, axis1, axis2);
        checksum = map.f_beta(0, 512, 512) + map.f_inf(512, 100);
    });
    std::printf("map %.6f %d  # F_beta(1)[512,512] + F_inf[512,100] = %.12g\n", map_seconds, 1024 * 1024, checksum);

    ebm::TrainingSettings settings;
    settings.optimizer.learning_rate = 0.1;
    settings.optimizer.momentum = 0.9;
    const auto lecture = ebm::sample_horn(ebm::HornShape{}, 24, 1, 0.0);
    ebm::EllipseParams trained{0, 0};
    const double train_seconds = best_seconds(repeats, [&] {
        ebm::EllipseModel ellipse;
        const ebm::Trainer trainer(settings, ellipse, {lecture.x, lecture.y}, std::nullopt);
        ebm::TrainingState state = trainer.start();
        for (int step = 0; step < 1000; ++step) trainer.run_epoch(state, 1000);  // full batch: an epoch is a step
        trained = ellipse.w();
    });
    std::printf("train %.6f 1000  # w = (%.9f, %.9f)\n", train_seconds, trained.w1, trained.w2);
    if (horn_data.empty() || horn_model.empty()) return 0;  // no horn files: the conditional workload is skipped

    // Adam with the learning rate of experiments/conditional.cfg, kept
    // constant; the samples in file order (one full batch, not shuffled), as
    // reference.py sums them.
    settings = ebm::TrainingSettings{};
    settings.optimizer.kind = ebm::OptimizerKind::adam;
    settings.optimizer.learning_rate = 0.01;
    settings.shuffle = false;
    const std::int64_t steps = 1000;
    ebm::TrainingSchedule extras;
    extras.history_every = steps;  // the means are recorded once, after the last step
    ebm::DataSet horn = ebm::read_data_file(horn_data);
    const auto model = ebm::read_network_model(horn_model);
    const std::vector<double> untrained = model->parameters();
    ebm::TrainingState state;
    const double conditional_seconds = best_seconds(repeats, [&] {
        model->parameters() = untrained;
        const ebm::Trainer trainer(settings, *model, {horn.x, horn.y}, std::nullopt, extras);
        state = trainer.start();  // records the means at epoch 0 (one forward pass, not timed apart)
        for (std::int64_t step = 0; step < steps; ++step) trainer.run_epoch(state, steps);
    });
    std::printf("conditional %.6f %lld  # loss(step 1) = %.15g, loss(step %lld) = %.15g, F_inf after = %.15g\n",
                conditional_seconds, static_cast<long long>(steps), state.history.step_loss.front(), static_cast<long long>(steps),
                state.history.step_loss.back(), state.history.train_f_inf.back());
    return 0;
}
