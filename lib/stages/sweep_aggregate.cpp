#include "sweep_aggregate.hpp"

#include "cli.hpp"
#include "errors.hpp"
#include "h5_file.hpp"
#include "provenance.hpp"
#include "sha256.hpp"
#include "sweep_run.hpp"
#include "sweep_tasks.hpp"

#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <vector>

namespace ebm {

namespace {

// A parameter is stored as numbers when every value reads as one number.
bool is_number(const std::string& text) {
    try {
        parse_number_list(text, "value");
        return text.find(',') == std::string::npos;
    } catch (const UsageError&) {
        return false;
    }
}

}  // namespace

void aggregate_sweep(const Sweep& sweep, const std::string& executable, const std::string& out) {
    const std::size_t count = sweep.task_count();
    const auto not_done = tasks_not_done(task_states(sweep, executable));
    if (!not_done.empty())
        throw RunError("tasks " + index_ranges(not_done) + " of '" + sweep.path + "' are not done (missing or stale, see `ebm-sweep status " +
                       sweep.path + "`): run them first");

    // Each result's values task by task: a scalar or a row of K numbers each.
    std::vector<std::vector<double>> values(sweep.results.size());
    std::vector<std::size_t> widths(sweep.results.size(), 0);
    std::string task_files;
    for (std::size_t index = 0; index < count; ++index) {
        const std::string path = sweep.output_of(index);
        const H5Reader file(path);
        for (std::size_t r = 0; r < sweep.results.size(); ++r) {
            const SweepResult& result = sweep.results[r];
            const auto where = "'" + path + "' (result " + result.name + ")";
            if (!file.has(result.dataset)) throw RunError(where + " has no dataset " + result.dataset);
            const auto shape = file.shape(result.dataset);
            std::vector<double> row;
            if (shape.size() == 1) {
                const auto data = file.read<1>(result.dataset);
                row.assign(data.begin(), data.end());
            } else if (shape.size() == 2) {
                const auto data = file.read<2>(result.dataset);
                row.assign(data.begin(), data.end());
            } else {
                throw RunError(where + ": " + result.dataset + " has rank " + std::to_string(shape.size()) +
                               "; a result must be a vector or a matrix (one row taken with [ROW])");
            }
            if (result.has_row) {
                const std::int64_t rows = std::int64_t(shape[0]);
                const std::int64_t picked = result.row < 0 ? rows + result.row : result.row;
                if (picked < 0 || picked >= rows)
                    throw RunError(where + ": row " + std::to_string(result.row) + " is outside the " +
                                   std::to_string(rows) + " rows of " + result.dataset);
                const std::size_t row_size = shape.size() == 2 ? shape[1] : 1;
                row = std::vector<double>(row.begin() + picked * row_size, row.begin() + (picked + 1) * row_size);
            } else if (shape.size() == 2) {
                throw RunError(where + ": " + result.dataset + " is a matrix; take one row with " + result.dataset + "[ROW]");
            }
            if (index == 0) widths[r] = row.size();
            if (row.size() != widths[r])
                throw RunError(where + ": " + result.dataset + " has " + std::to_string(row.size()) + " values, task 0's had " +
                               std::to_string(widths[r]));
            values[r].insert(values[r].end(), row.begin(), row.end());
        }
        task_files += file_name(path) + " " + sha256_of_file(path) + "\n";
    }

    H5Writer table(out, sweep_table_format, sweep_table_format_version);
    xt::xtensor<std::int64_t, 1> task_index = xt::empty<std::int64_t>({count});
    xt::xtensor<std::int64_t, 1> seeds = xt::empty<std::int64_t>({count});
    for (std::size_t index = 0; index < count; ++index) {
        task_index(index) = std::int64_t(index);
        seeds(index) = std::int64_t(task_seed(sweep.base_seed, index));
    }
    table.write("/task", task_index);
    // With seed-option = none no task got a derived seed: there is none to list.
    if (!sweep.seed_option.empty()) table.write("/seed", seeds);
    std::string parameter_names;
    for (const auto* parameter : sweep.parameters()) {
        parameter_names += (parameter_names.empty() ? "" : ",") + parameter->name;
        const std::string name = "/parameters/" + parameter->name;
        const bool numeric = std::all_of(parameter->values.begin(), parameter->values.end(), is_number);
        xt::xtensor<double, 1> numbers = xt::empty<double>({count});
        xt::xtensor<std::int64_t, 1> levels = xt::empty<std::int64_t>({count});
        for (std::size_t index = 0; index < count; ++index) {
            const SweepTask task = sweep_task(sweep, index);
            const auto& value = std::find_if(task.parameters.begin(), task.parameters.end(),
                                             [&](const auto& entry) { return entry.first == parameter->name; })->second;
            if (numeric) numbers(index) = parse_number_list(value, parameter->name).front();
            else
                levels(index) = std::find(parameter->values.begin(), parameter->values.end(), value) - parameter->values.begin();
        }
        if (numeric) table.write(name, numbers);
        else {
            table.write(name, levels);
            std::string list;
            for (const auto& value : parameter->values) list += (list.empty() ? "" : ",") + value;
            table.set_attribute(name, "values", list);
        }
    }
    std::string result_names;
    for (std::size_t r = 0; r < sweep.results.size(); ++r) {
        const SweepResult& result = sweep.results[r];
        result_names += (result_names.empty() ? "" : ",") + result.name;
        const std::string name = "/results/" + result.name;
        if (widths[r] == 1) table.write(name, xt::xtensor<double, 1>(xt::adapt(values[r], {count})));
        else table.write(name, xt::xtensor<double, 2>(xt::adapt(values[r], {count, widths[r]})));
        table.set_attribute(name, "dataset", result.dataset + (result.has_row ? "[" + std::to_string(result.row) + "]" : ""));
    }
    // The sweep file (and its config) are the inputs; the command is the options.
    const Provenance provenance = make_provenance("ebm-sweep", {{"sweep", sweep.path}, {"config", sweep.config_file()}},
                                                  "aggregate " + file_name(sweep.path));
    write_inputs(table, provenance);
    table.set_attribute("stage", sweep.program);
    if (!sweep.config.empty()) table.set_attribute("section", sweep.section);
    table.set_attribute("base_seed", std::int64_t(sweep.base_seed));
    table.set_attribute("seed_option", sweep.seed_option.empty() ? std::string("none") : sweep.seed_option);
    table.set_attribute("task_count", std::int64_t(count));
    table.set_attribute("parameter_names", parameter_names);
    table.set_attribute("result_names", result_names);
    table.set_attribute("task_table", task_table_text(sweep));
    table.set_attribute("task_files", task_files);
    write_program(table, provenance);
    table.commit();
}

}  // namespace ebm
