// ebm-bench: times the workloads the issues name, for `make bench`, which
// runs bench/reference.py (the same computations in PyTorch) beside it,
// alternating the two programs (bench/run.sh).
//
//   map          F∞ and F_β (β = 1) on a 1024 × 1024 grid of y with 4096 latents
//   map-cold     F∞ alone on the same grid
//   map-again    map once more, after map-cold: map-again − map-cold is the F_β
//                pass (both after the process's first map, as the DGEMM is timed warm)
//   dgemm        (run last) the roofline of the F_β pass: an optimised BLAS's product of
//                an (N2 × Z) and a (Z × N1) matrix, the shapes of its
//                factored sum (free_energy_map.hpp); OpenBLAS, opened at run
//                time, so that the benchmark builds without it
//   train        1000 full-batch ZTL steps (energy loss, SGD) on the 24
//                samples of --data
//   train-warm   the same with F_β, β = 1
//   conditional  1000 full-batch ZTL steps (energy loss, Adam) of the
//                conditional model on the horn samples of --horn-data, from
//                the untrained model of --horn-model
// The training workloads run the Trainer, the loop ebm-train runs, recording
// the history once, after the last step (PyTorch records nothing).
//
// Prints one line per workload: "NAME SECONDS POINTS  # CHECK" (POINTS is the
// number of grid points or steps computed; CHECK is a value reference.py
// prints too, or what the line is compared with). --only NAME runs one
// workload; --only scaling-grid and scaling-latents are make bench-scaling's.
#include "data_file.hpp"
#include "ellipse.hpp"
#include "free_energy_map.hpp"
#include "model_file.hpp"
#include "network_model.hpp"
#include "training.hpp"

#include <dlfcn.h>
#include <sys/resource.h>
#include <omp.h>
#include <xtensor/xbuilder.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr std::size_t grid_size = 1024, map_latents = 4096;
constexpr std::int64_t steps = 1000;

double seconds(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Seconds of one map over the lecture's window, an n × n grid, Z latents;
// check = F_β[0][n/2][n/2] + F∞[n/2][100n/1024].
double map_seconds(const xt::xtensor<double, 1>& betas, std::size_t n, std::size_t latent_count, double& check) {
    const xt::xtensor<double, 1> y1 = xt::linspace<double>(-3, 3, n), y2 = xt::linspace<double>(-2, 2, n);
    const auto latents = ebm::latent_grid(latent_count);
    return seconds([&] {
        const auto map = ebm::free_energy_map({1.5, 0.35}, latents, betas, y1, y2);
        check = map.f_beta(0, n / 2, n / 2) + map.f_inf(n / 2, n * 100 / 1024);
    });
}

// The map workloads: F∞ and F_β (β = 1), or F∞ alone.
void time_map(const char* name, const xt::xtensor<double, 1>& betas) {
    double check = 0;
    const double time = map_seconds(betas, grid_size, map_latents, check);
    std::printf("%s %.6f %zu  # F_beta(%g)[512,512] + F_inf[512,100] = %.12g\n", name, time, grid_size * grid_size,
                betas(0), check);
}

// The map (F∞ + F_β, β = 1) against grid points (n × n, n = 64 … 1024, 1024
// latents: --only scaling-grid) or against latents (256 … 4096, a 256 × 256
// grid: --only scaling-latents); bench/scaling.sh runs both. A line "scaling
// N Z SECONDS PEAK" each, PEAK the process's peak resident memory in KiB
// after the map: the sizes grow, so it is that map's peak (one sweep a process).
void time_scaling(bool over_latents) {
    const xt::xtensor<double, 1> betas{1.0, std::numeric_limits<double>::infinity()};
    for (const std::size_t size : {64, 128, 256, 512, 1024}) {
        const std::size_t n = over_latents ? 256 : size, latent_count = over_latents ? 4 * size : 1024;
        double check = 0;
        const double time = map_seconds(betas, n, latent_count, check);
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf("scaling %zu %zu %.6f %ld\n", n, latent_count, time, usage.ru_maxrss);
    }
}

// C = A B with A (N2 × Z), B (Z × N1), row-major, through OpenBLAS's
// cblas_dgemm with `threads` threads; nothing printed without OpenBLAS.
void time_dgemm(int threads) {
    void* blas = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (blas == nullptr) {
        std::printf("# dgemm: no libopenblas.so.0 (Debian package libopenblas0), no roofline\n");
        return;
    }
    using Dgemm = void (*)(int, int, int, int, int, int, double, const double*, int, const double*, int, double,
                           double*, int);
    using SetThreads = void (*)(int);
    const auto dgemm = reinterpret_cast<Dgemm>(dlsym(blas, "cblas_dgemm"));
    const auto set_threads = reinterpret_cast<SetThreads>(dlsym(blas, "openblas_set_num_threads"));
    if (dgemm == nullptr || set_threads == nullptr) {
        std::printf("# dgemm: libopenblas.so.0 lacks cblas_dgemm, no roofline\n");
        return;
    }
    set_threads(threads);
    const int rows = int(grid_size), inner = int(map_latents), columns = int(grid_size);
    // Values like the map's exponentials, in (0, 1].
    std::vector<double> a(std::size_t(rows) * inner), b(std::size_t(inner) * columns), c(std::size_t(rows) * columns);
    for (std::size_t n = 0; n < a.size(); ++n) a[n] = 1.0 / double(1 + n % 97);
    for (std::size_t n = 0; n < b.size(); ++n) b[n] = 1.0 / double(1 + n % 89);
    constexpr int row_major = 101, no_transpose = 111;  // CBLAS's enum values
    // Untimed: OpenBLAS starts its threads in its first call.
    dgemm(row_major, no_transpose, no_transpose, 64, 64, 64, 1.0, a.data(), 64, b.data(), 64, 0.0, c.data(), 64);
    const double time = seconds([&] {
        dgemm(row_major, no_transpose, no_transpose, rows, columns, inner, 1.0, a.data(), inner, b.data(), columns,
              0.0, c.data(), columns);
    });
    std::printf("dgemm %.6f %zu  # (%d x %d)(%d x %d), C[512,512] = %.12g\n", time, grid_size * grid_size, rows, inner,
                inner, columns, c[512 * grid_size + 512]);
}

// `steps` full-batch steps of `model` through the Trainer, the history recorded after the last.
double train(const ebm::TrainingSettings& settings, ebm::Model& model, const ebm::TrainingSamples& samples,
             ebm::TrainingState& state) {
    ebm::TrainingSchedule schedule;
    schedule.history_every = steps;
    const ebm::Trainer trainer(settings, model, samples, std::nullopt, schedule);
    return seconds([&] {
        state = trainer.start();  // records the means at epoch 0: one forward pass
        for (std::int64_t step = 0; step < steps; ++step) trainer.run_epoch(state, steps);  // an epoch is a step
    });
}

// The lecture's ellipse: SGD with momentum, at β = +∞ (ZTL) or a finite β.
void time_ellipse(const char* name, const ebm::TrainingSamples& samples, double beta) {
    ebm::TrainingSettings settings;
    settings.optimizer.learning_rate = 0.1;
    settings.optimizer.momentum = 0.9;
    settings.beta = beta;
    ebm::EllipseModel ellipse;
    ebm::TrainingState state;
    const double time = train(settings, ellipse, samples, state);
    std::printf("%s %.6f %lld  # w = (%.9f, %.9f)\n", name, time, static_cast<long long>(steps), ellipse.w().w1,
                ellipse.w().w2);
}

// The conditional model: Adam with the learning rate of
// experiments/conditional.cfg, kept constant; the samples in file order (one
// full batch, not shuffled), as reference.py sums them.
void time_conditional(const std::string& horn_data, const std::string& horn_model) {
    ebm::TrainingSettings settings;
    settings.optimizer.kind = ebm::OptimizerKind::adam;
    settings.optimizer.learning_rate = 0.01;
    settings.shuffle = false;
    const ebm::DataSet horn = ebm::read_data_file(horn_data);
    const auto model = ebm::read_network_model(horn_model);
    ebm::TrainingState state;
    const double time = train(settings, *model, {horn.x, horn.y}, state);
    std::printf("conditional %.6f %lld  # loss(step 1) = %.15g, loss(step %lld) = %.15g, F_inf after = %.15g\n", time,
                static_cast<long long>(steps), state.history.step_loss.front(), static_cast<long long>(steps),
                state.history.step_loss.back(), state.history.train_f_inf.back());
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 2;
    std::string data, horn_data, horn_model, only;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
        if (!std::strcmp(argv[i], "--horn-data")) horn_data = argv[i + 1];
        if (!std::strcmp(argv[i], "--horn-model")) horn_model = argv[i + 1];
        if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];  // one workload, e.g. to profile it
    }
    omp_set_num_threads(threads);
    if (only == "scaling-grid" || only == "scaling-latents") {
        time_scaling(only == "scaling-latents");
        return 0;
    }
    if (data.empty()) {
        std::fprintf(stderr, "usage: ebm-bench --data UNCONDITIONAL.h5 [--threads T] [--horn-data F --horn-model M] [--only WORKLOAD]\n"
                             "       ebm-bench --only scaling-grid|scaling-latents [--threads T]\n");
        return 2;
    }
    const double inf = std::numeric_limits<double>::infinity();
    auto wanted = [&](const char* name) { return only.empty() || only == name; };
    if (wanted("map")) time_map("map", {1.0, inf});
    if (wanted("map-cold")) time_map("map-cold", {inf});
    // The roofline's pair, after the maps above as the DGEMM is timed after an
    // untimed call into a touched output: OpenMP's threads are started and
    // the heap holds the map's pages, so that map-again − map-cold is the F_β
    // pass alone, not the process's first page faults and thread starts.
    if (wanted("map-again")) time_map("map-again", {1.0, inf});
    const ebm::DataSet lecture = ebm::read_data_file(data);
    if (wanted("train")) time_ellipse("train", {lecture.x, lecture.y}, inf);
    if (wanted("train-warm")) time_ellipse("train-warm", {lecture.x, lecture.y}, 1.0);
    if (wanted("conditional") && !horn_data.empty() && !horn_model.empty()) time_conditional(horn_data, horn_model);
    // Last: OpenBLAS's threads keep spinning for a while after a product,
    // which slowed the workloads after it by half.
    if (wanted("dgemm")) time_dgemm(threads);
    return 0;
}
