// Tests of lib/stages/provenance: make_provenance's file names and digests
// (against sha256sum and the FIPS 180-2 vector of "abc"), and the root
// attributes write_inputs and write_program put into a real HDF5 file.
#include "errors.hpp"
#include "h5_file.hpp"
#include "provenance.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace ebm;

namespace {
void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// The digest as coreutils computes it, independent of OpenSSL.
std::string sha256sum(const fs::path& path) {
    const std::string command = "sha256sum '" + path.string() + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return "popen failed";
    std::array<char, 65> digest{};
    if (std::fread(digest.data(), 1, 64, pipe.get()) != 64) return "sha256sum failed";
    return std::string(digest.data(), 64);
}

// Runs in `folder` until destroyed, even if a check throws.
struct WorkingFolder {
    explicit WorkingFolder(const fs::path& folder) : previous(fs::current_path()) { fs::current_path(folder); }
    ~WorkingFolder() { fs::current_path(previous); }
    fs::path previous;
};
}  // namespace

TEST_CASE("make_provenance hashes each input given, by file name", "[provenance]") {
    const ebm_test::TempFolder scratch("provenance-make");
    const auto& folder = scratch.path;
    const fs::path abc = folder / "abc.txt";
    write_bytes(abc, "abc");
    const fs::path model = folder / "model.h5";
    std::string bytes;
    for (int i = 0; i < 200000; ++i) bytes += char('a' + i % 26);  // longer than one hashing buffer
    write_bytes(model, bytes);

    const Provenance provenance = make_provenance(
        "ebm-infer", {{"data", abc.string()}, {"checkpoint", ""}, {"model", model.string()}}, "beta=inf\n");
    CHECK(provenance.program == "ebm-infer");
    CHECK(provenance.options == "beta=inf\n");
    // The empty path is left out; the others keep their order.
    REQUIRE(provenance.inputs.size() == 2);
    CHECK(provenance.inputs[0].role == "data");
    CHECK(provenance.inputs[1].role == "model");
    // The name alone: no machine path in the output.
    CHECK(provenance.inputs[0].file == "abc.txt");
    CHECK(provenance.inputs[1].file == "model.h5");
    // FIPS 180-2's vector for "abc", and sha256sum for both.
    CHECK(provenance.inputs[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(provenance.inputs[0].sha256 == sha256sum(abc));
    CHECK(provenance.inputs[1].sha256 == sha256sum(model));
}

TEST_CASE("make_provenance of a relative path, an empty file, no inputs", "[provenance]") {
    const ebm_test::TempFolder scratch("provenance-relative");
    const auto& folder = scratch.path;
    write_bytes(folder / "empty.bin", "");
    const Provenance relative = [&] {
        const WorkingFolder inside(folder);
        return make_provenance("ebm-train", {{"config", "empty.bin"}}, "");
    }();
    REQUIRE(relative.inputs.size() == 1);
    CHECK(relative.inputs[0].file == "empty.bin");
    CHECK(relative.inputs[0].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(relative.inputs[0].sha256 == sha256sum(folder / "empty.bin"));
    CHECK(make_provenance("ebm-generate", {}, "").inputs.empty());
    CHECK(make_provenance("ebm-generate", {{"data", ""}}, "").inputs.empty());
}

TEST_CASE("make_provenance of a missing file is a RunError naming it", "[provenance]") {
    const ebm_test::TempFolder scratch("provenance-missing");
    const auto& folder = scratch.path;
    const std::string absent = (folder / "absent.h5").string();
    CHECK_THROWS_AS(make_provenance("ebm-infer", {{"data", absent}}, ""), RunError);
    CHECK_THROWS_WITH(make_provenance("ebm-infer", {{"data", absent}}, ""), Catch::Contains("absent.h5"));
}

TEST_CASE("write_inputs writes <role>_file and <role>_sha256 of each input", "[provenance]") {
    const ebm_test::TempFolder scratch("provenance-inputs");
    const auto& folder = scratch.path;
    const fs::path abc = folder / "abc.txt";
    write_bytes(abc, "abc");
    const std::string out = (folder / "out.h5").string();
    {
        H5Writer file(out, "ebm/test", 1);
        write_inputs(file, make_provenance("ebm-infer", {{"data", abc.string()}, {"checkpoint", ""}}, "x=1\n"));
        // Written as given, whatever the strings.
        write_inputs(file, Provenance{"ebm-train", {{"model", "m.h5", "0123abcd"}}, ""});
        file.commit();
    }
    const H5Reader file(out);
    CHECK(file.string_attribute("data_file") == "abc.txt");
    CHECK(file.string_attribute("data_sha256") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(file.string_attribute("model_file") == "m.h5");
    CHECK(file.string_attribute("model_sha256") == "0123abcd");
    // Nothing for the empty path, and no program attributes from write_inputs.
    auto names = file.attribute_names("/");
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"data_file", "data_sha256", "format", "format_version", "model_file",
                                            "model_sha256"});
}

TEST_CASE("write_program writes the program, its version and its options", "[provenance]") {
    const ebm_test::TempFolder scratch("provenance-program");
    const auto& folder = scratch.path;
    const fs::path data = folder / "data.h5";
    write_bytes(data, "not really hdf5");
    const std::string out = (folder / "out.h5").string();
    const std::string options = "epochs=200\nlr=0.1\nmodel=ellipse\n";
    {
        H5Writer file(out, "ebm/test", 1);
        write_program(file, make_provenance("ebm-train", {{"data", data.string()}}, options));
        file.commit();
    }
    const H5Reader file(out);
    CHECK(file.string_attribute("program") == "ebm-train");
    CHECK(file.string_attribute("options") == options);
    const std::string version = file.string_attribute("program_version");
    CHECK(version == EBM_VERSION);
    // CMake's project version: MAJOR.MINOR[.PATCH[.TWEAK]].
    CHECK(std::regex_match(version, std::regex(R"(\d+\.\d+(\.\d+){0,2})")));
    // No inputs from write_program.
    auto names = file.attribute_names("/");
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"format", "format_version", "options", "program", "program_version"});
}
