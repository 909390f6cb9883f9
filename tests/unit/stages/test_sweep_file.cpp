#include "errors.hpp"
#include "sweep_file.hpp"
#include "sweep_fixtures.hpp"

#include <catch2/catch.hpp>

using Catch::Contains;
using ebm_test::parse_train_sweep;
using ebm_test::train_sweep_header;

namespace {

// The message of reading `text` as the sweep file x.cfg, or "" when it is accepted.
std::string error_of(const std::string& text) {
    return ebm_test::error_of([&] { ebm::parse_sweep(text, "x.cfg"); });
}

}  // namespace

TEST_CASE("a sweep file reads into its settings, its axes in order (zipped lists as one) and its results", "[sweep_file]") {
    const auto sweep = parse_train_sweep("[parameters]\nbeta = 1,inf\n[zip.schedule]\nlr = 0.1, 0.05, 0.01\nepochs = 10,20,40\n"
                                         "[results]\nw = /params/w\nf = /history/heldout_f_inf[-1]\n");
    CHECK(sweep.path == "x.cfg");
    CHECK(sweep.program == "ebm-train");
    CHECK(sweep.out == "sweeps/x");
    CHECK(sweep.base_seed == 5);
    CHECK(sweep.seed_option == "seed");
    CHECK(sweep.config.empty());
    CHECK(sweep.inputs == std::vector<std::pair<std::string, std::string>>{{"data", "d.h5"}});
    REQUIRE(sweep.axes.size() == 2);
    CHECK(sweep.axes[0].zip_group.empty());
    CHECK(sweep.axes[0].parameters[0].values == std::vector<std::string>{"1", "inf"});
    CHECK(sweep.axes[0].line == 8);
    CHECK(sweep.axes[1].zip_group == "schedule");
    REQUIRE(sweep.axes[1].parameters.size() == 2);
    // The spaces around list items are not part of the values.
    CHECK(sweep.axes[1].parameters[0].values == std::vector<std::string>{"0.1", "0.05", "0.01"});
    CHECK(sweep.axes[1].parameters[1].line == 11);
    CHECK(sweep.task_count() == 6);
    const auto parameters = sweep.parameters();
    REQUIRE(parameters.size() == 3);
    CHECK((parameters[0]->name == "beta" && parameters[1]->name == "lr" && parameters[2]->name == "epochs"));
    REQUIRE(sweep.results.size() == 2);
    CHECK((sweep.results[0].name == "w" && sweep.results[0].dataset == "/params/w" && !sweep.results[0].has_row));
    CHECK((sweep.results[1].dataset == "/history/heldout_f_inf" && sweep.results[1].has_row && sweep.results[1].row == -1));
    CHECK(sweep.task_table_path() == "sweeps/x/tasks.txt");
    CHECK(sweep.aggregate_path() == "sweeps/x/table.h5");
}

TEST_CASE("a config without a section reads the program's own; seed-option = none passes no seed", "[sweep_file]") {
    auto sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-infer\nconfig = u.cfg\nout = o\nseed = 5\nseed-option = none\n"
                                  "[parameters]\nz = 8\n", "x.cfg");
    CHECK(sweep.section == "infer");
    CHECK(sweep.seed_option.empty());
    sweep = ebm::parse_sweep("[sweep]\nprogram = ebm-train\nconfig = u.cfg\nsection = train.ztl\nout = o\nseed = 0\n"
                             "seed-option = model-seed\n[parameters]\nbeta = 1\n", "x.cfg");
    CHECK(sweep.section == "train.ztl");
    CHECK(sweep.seed_option == "model-seed");
    // [sweep] may come anywhere in the file.
    sweep = ebm::parse_sweep("[parameters]\nbeta = 1,2\n[sweep]\nprogram = ebm-train\nout = o\nseed = 1\n", "x.cfg");
    CHECK(sweep.task_count() == 2);
}

TEST_CASE("$DATA and $EXPERIMENTS stand for their folders; placeholder_form writes a leading folder back", "[sweep_file]") {
    const std::string text = "[sweep]\nprogram = ebm-train\nconfig = $EXPERIMENTS/u.cfg\nsection = train.ztl\n"
                             "out = $DATA/sweeps/x\nseed = 5\n[parameters]\nbeta = 1\n";
    const auto by_default = ebm::parse_sweep(text, "experiments/sweeps/x.cfg");
    CHECK(by_default.config == "$EXPERIMENTS/u.cfg");  // as written
    CHECK(by_default.config_file() == "experiments/u.cfg");
    CHECK(by_default.out_folder() == "data/sweeps/x");
    const auto sweep = ebm::parse_sweep(text, "/my/exp/sweeps/x.cfg", {"/my/data", "/my/exp"});
    CHECK(sweep.config_file() == "/my/exp/u.cfg");
    CHECK(sweep.out_folder() == "/my/data/sweeps/x");
    CHECK(sweep.resolved("$EXPERIMENTS/a-$DATA-$EXPERIMENTS") == "/my/exp/a-/my/data-/my/exp");
    CHECK(sweep.placeholder_form("/my/exp/sweeps/x.cfg") == "$EXPERIMENTS/sweeps/x.cfg");
    CHECK(sweep.placeholder_form("/my/data/d.h5") == "$DATA/d.h5");
    // Only a whole leading folder: neither a longer name nor a folder further in.
    CHECK(sweep.placeholder_form("/my/experiments/x.cfg") == "/my/experiments/x.cfg");
    CHECK(sweep.placeholder_form("/other/my/exp/x.cfg") == "/other/my/exp/x.cfg");
    CHECK(by_default.placeholder_form("experiments/sweeps/x.cfg") == "$EXPERIMENTS/sweeps/x.cfg");
}

TEST_CASE("task outputs are numbered with at least three digits, as many as the last task needs", "[sweep_file]") {
    const auto sweep = parse_train_sweep("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10,11\n");
    CHECK(sweep.output_of(0) == "sweeps/x/task-000.h5");
    CHECK(sweep.output_of(10) == "sweeps/x/task-010.h5");
    const auto big = parse_train_sweep("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10\nlr = 1,2,3,4,5,6,7,8,9,10,11\n");
    CHECK(big.output_of(7) == "sweeps/x/task-007.h5");
    CHECK(big.output_of(109) == "sweeps/x/task-109.h5");
    std::string hundred_and_one = "1";
    for (int value = 2; value <= 101; ++value) hundred_and_one += "," + std::to_string(value);
    const auto bigger = parse_train_sweep("[parameters]\nbeta = 1,2,3,4,5,6,7,8,9,10\nlr = " + hundred_and_one + "\n");
    CHECK(bigger.task_count() == 1010);
    CHECK(bigger.output_of(7) == "sweeps/x/task-0007.h5");
}

TEST_CASE("bad sweep files are refused with one line naming the file, the line and the fault", "[sweep_file]") {
    const std::string& train = train_sweep_header;  // lines 1-6; the body starts on line 7
    CHECK(error_of(train + "[parameters]\nbeta = 1,2\n") == "");
    // Values.
    CHECK(error_of(train + "[parameters]\nbeta =\n") ==
          "x.cfg:8: parameter 'beta' has an empty value list (expected values like 0.3,1,inf)");
    CHECK(error_of(train + "[zip.schedule]\nlr = 0.1,0.2\nepochs = 1,2,3\n") ==
          "x.cfg:9: [zip.schedule] lists differ in length: lr has 2 values, epochs has 3");
    CHECK(error_of(train + "[parameters]\nbeta = 1,,2\n") == "x.cfg:8: parameter 'beta' has an empty value in its list '1,,2'");
    CHECK(error_of(train + "[parameters]\nbeta = 1,2,\n") == "x.cfg:8: parameter 'beta' has an empty value in its list '1,2,'");
    // Options given twice, or set by the sweep itself.
    CHECK(error_of(train + "[parameters]\nbeta = 1\n[zip.a]\nbeta = 2\n") == "x.cfg:10: option 'beta' is given twice (first on line 8)");
    CHECK(error_of(train + "[parameters]\ndata = a.h5,b.h5\n") == "x.cfg:8: option 'data' is given twice (first on line 6)");
    CHECK(error_of(train + "[parameters]\nout = a,b\n") == "x.cfg:8: 'out' is set by the sweep itself and cannot be a parameter");
    CHECK(error_of(train + "[parameters]\nseed = 1,2\n") ==
          "x.cfg:8: 'seed' is set by the sweep itself, to each task's seed; set seed-option = none to make it a parameter");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\nseed-option = none\n[parameters]\nseed = 1,2\n") == "");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\n[inputs]\nseed = s.h5\n[parameters]\nbeta = 1\n") ==
          "x.cfg:6: 'seed' is set by the sweep itself, to each task's seed; set seed-option = none to make it an input");
    CHECK(error_of(train + "config = c.cfg\n") == "x.cfg:7: 'config' is set by the sweep itself and cannot be an input");
    CHECK(error_of(train + "Data = d.h5\n") == "x.cfg:7: 'Data' cannot be an input; inputs are options naming files, like data");
    CHECK(error_of(train + "heldout =\n") == "x.cfg:7: input 'heldout' names no file");
    CHECK(error_of(train + "[parameters]\nBeta = 1\n") == "x.cfg:8: parameter 'Beta' is not an option name (like beta or batch-size)");
    // Sections.
    CHECK(error_of(train) == "x.cfg: no parameters; list at least one under [parameters] or [zip.NAME]");
    // An empty section is no section (lib/ini_file.hpp): the sweep has no axis from it.
    CHECK(error_of(train + "[zip.empty]\n") == "x.cfg: no parameters; list at least one under [parameters] or [zip.NAME]");
    CHECK(error_of(train + "[params]\nbeta = 1\n") ==
          "x.cfg:8: unknown section [params]; a sweep has [sweep], [inputs], [parameters], [zip.NAME] and [results]");
    CHECK(error_of("[parameters]\nbeta = 1\n") == "x.cfg: no [sweep] section (it names the program, out and seed)");
    // The reader's faults, as lib/ini_file.hpp words them.
    CHECK(error_of(train + "[parameters]\nbeta = 1\n[results]\nw = /params/w\n[parameters]\nlr = 1\n") ==
          "x.cfg:12: section [parameters] appears again (its first entry is on line 8); give each section once");
    CHECK(error_of(train + "[parameters]\nbeta = 1\nbeta = 2\n") == "x.cfg:9: 'beta' is set twice in [parameters] (first on line 8)");
    CHECK(error_of(train + "[parameters]\nbeta 1\n") ==
          "x.cfg:8: invalid line 'beta 1' (expected key = value, a [section] header or a # comment)");
    CHECK(error_of("beta = 1\n") == "x.cfg:1: 'beta' comes before any [section] header; put it under one");
    // [sweep].
    CHECK(error_of("[sweep]\nprogram = ebm-plot\nout = o\nseed = 1\n[parameters]\nw = 1\n") ==
          "x.cfg:2: [sweep] program must be one of ebm-generate|ebm-train|ebm-infer (got 'ebm-plot')");
    CHECK(error_of("[sweep]\nout = o\nseed = 1\n[parameters]\nw = 1\n") ==
          "x.cfg: [sweep] program must be one of ebm-generate|ebm-train|ebm-infer (got '')");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nseed = 1\n[parameters]\nbeta = 1\n") ==
          "x.cfg: [sweep] needs out = FOLDER (where the tasks' outputs go), without a trailing /");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o/\nseed = 1\n[parameters]\nbeta = 1\n") ==
          "x.cfg:3: [sweep] needs out = FOLDER (where the tasks' outputs go), without a trailing /");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\n[parameters]\nbeta = 1\n") ==
          "x.cfg: [sweep] needs seed = N (the base of every task's seed), or seed-option = none");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = -1\n") == "x.cfg:4: seed must be an integer from 0 to 2^63 - 1 (got '-1')");
    CHECK_THAT(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 9223372036854775808\n"), Contains("x.cfg:4: seed must be"));
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\nthrottle = 3\n") ==
          "x.cfg:5: unknown key 'throttle' in [sweep]; it takes program, config, section, out, seed, seed-option");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\nseed-option = Seed\n[parameters]\nbeta = 1\n") ==
          "x.cfg:5: seed-option must be an option name or none (got 'Seed')");
    CHECK(error_of("[sweep]\nprogram = ebm-train\nout = o\nseed = 1\nsection = train.ztl\n[parameters]\nbeta = 1\n") ==
          "x.cfg:5: section = train.ztl needs config = FILE");
    // [results].
    CHECK(error_of(train + "[parameters]\nbeta = 1\n[results]\nw = params/w\n") ==
          "x.cfg:10: result 'w' must name a dataset by its absolute path, like /params/w (got 'params/w')");
    CHECK(error_of(train + "[parameters]\nbeta = 1\n[results]\nw = /params/w[last]\n") ==
          "x.cfg:10: result 'w' = '/params/w[last]': expected /dataset or /dataset[ROW] (e.g. [-1] for the last row)");
    CHECK(error_of(train + "[parameters]\nbeta = 1\n[results]\nW = /params/w\n") ==
          "x.cfg:10: result name 'W' must be lower-case letters, digits and _");
    // Size.
    CHECK(error_of(train + "[parameters]\na = 1,2,3,4,5,6,7,8,9,10\nb = 1,2,3,4,5,6,7,8,9,10\nc = 1,2,3,4,5,6,7,8,9,10\n"
                           "d = 1,2,3,4,5,6,7,8,9,10\ne = 1,2,3,4,5,6,7,8,9,10\nf = 1,2\n") ==
          "x.cfg: more than 100000 tasks; split the sweep");
    CHECK_THROWS_WITH(ebm::read_sweep("/nonexistent/x.cfg"), "cannot read sweep file '/nonexistent/x.cfg': No such file or directory");
    // Every message is one line, even of a file that is not text.
    CHECK(error_of(train + "[parameters]\n\x01\x02\n\n").find('\n') == std::string::npos);
}
