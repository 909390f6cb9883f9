#include "errors.hpp"
#include "ini_file.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

namespace {

// The message of reading `text` as x.cfg, or "" when it is accepted.
std::string error_of(const std::string& text) {
    return ebm_test::error_of<ebm::IniSyntaxError>([&] { ebm::parse_ini(text, "x.cfg"); });
}

}  // namespace

TEST_CASE("an INI file reads as its sections and entries in order, each with its line", "[ini_file]") {
    const auto file = ebm::parse_ini("# a comment\n\n[train]\nepochs = 7\n  beta=inf  \n[train.warm]\n"
                                     "beta = 1 # warmer\nlist = 0.1, 0.3\n[sweep]\nempty =\n",
                                     "x.cfg");
    CHECK(file.path == "x.cfg");
    REQUIRE(file.sections.size() == 3);
    CHECK(file.sections[0].name == "train");
    CHECK(file.sections[1].name == "train.warm");
    CHECK(file.sections[2].name == "sweep");
    const auto& train = file.sections[0].entries;
    REQUIRE(train.size() == 2);
    CHECK((train[0].key == "epochs" && train[0].value == "7" && train[0].line == 4));
    CHECK((train[1].key == "beta" && train[1].value == "inf" && train[1].line == 5));
    const auto& warm = file.sections[1].entries;
    REQUIRE(warm.size() == 2);
    // A comment ends the value; the spaces inside it stay.
    CHECK((warm[0].value == "1" && warm[0].line == 7));
    CHECK(warm[1].value == "0.1, 0.3");
    CHECK(file.sections[1].line() == 7);
    CHECK(file.sections[2].entries[0].value == "");
    CHECK(file.section("train.warm") == &file.sections[1]);
    CHECK(file.section("generate") == nullptr);
    CHECK(file.at(12) == "x.cfg:12");
}

TEST_CASE("what Boost's reader leaves out: empty sections, header lines; spaces in headers are trimmed", "[ini_file]") {
    CHECK(ebm::parse_ini("", "x.cfg").sections.empty());
    CHECK(ebm::parse_ini("# only a comment\n\n   \n", "x.cfg").sections.empty());
    const auto file = ebm::parse_ini("[empty]\n[ spaced ]\nk = v\n[last]", "x.cfg");
    REQUIRE(file.sections.size() == 1);
    CHECK(file.sections[0].name == "spaced");
    CHECK(file.sections[0].line() == 3);
    // A header repeated right after its own section is the same section.
    const auto again = ebm::parse_ini("[a]\nx = 1\n[a]\ny = 2\n", "x.cfg");
    REQUIRE(again.sections.size() == 1);
    CHECK(again.sections[0].entries.size() == 2);
    // Windows line ends and a last line without one.
    const auto crlf = ebm::parse_ini("[a]\r\nx = 1\r\ny = 2", "x.cfg");
    REQUIRE(crlf.sections.size() == 1);
    CHECK(crlf.sections[0].entries[0].value == "1");
    CHECK((crlf.sections[0].entries[1].value == "2" && crlf.sections[0].entries[1].line == 3));
}

TEST_CASE("malformed files are refused with the file, the line and the fault", "[ini_file]") {
    CHECK(error_of("[a]\nx = 1\nno equals sign\n") ==
          "x.cfg:3: invalid line 'no equals sign' (expected key = value, a [section] header or a # comment)");
    CHECK(error_of("[a\nx = 1\n") == "x.cfg:1: invalid line '[a' (expected key = value, a [section] header or a # comment)");
    CHECK(error_of("\n\nx = 1\n[a]\n") == "x.cfg:3: 'x' comes before any [section] header; put it under one");
    CHECK(error_of("[a]\nx = 1\ny = 2\nx = 3\n") == "x.cfg:4: 'x' is set twice in [a] (first on line 2)");
    CHECK(error_of("[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\n") ==
          "x.cfg:6: section [a] appears again (its first entry is on line 2); give each section once");
    CHECK(error_of("[a]\n = 1\n") == "x.cfg:2: a key is missing before '=' in '= 1'");
    // The same key in two sections is two settings.
    CHECK(error_of("[a]\nx = 1\n[b]\nx = 2\n") == "");
    // The parts of the message, for callers that phrase it their way.
    try {
        ebm::parse_ini("[a]\nbad\n", "y.cfg");
        FAIL("accepted a line without '='");
    } catch (const ebm::IniSyntaxError& error) {
        CHECK(error.path == "y.cfg");
        CHECK(error.line == 2);
        CHECK(error.problem == "invalid line 'bad' (expected key = value, a [section] header or a # comment)");
    }
}

TEST_CASE("long lines and bytes that are not text are read whole and shown short and escaped", "[ini_file]") {
    // A 100 000-byte value is read in full.
    const std::string long_value(100000, '7');
    const auto file = ebm::parse_ini("[a]\nx = " + long_value + "\n", "x.cfg");
    CHECK(file.sections[0].entries[0].value == long_value);
    // A long invalid line is cut in the message: one short line.
    const std::string message = error_of("[a]\n" + std::string(5000, 'y') + "\n");
    CHECK(message == "x.cfg:2: invalid line '" + std::string(60, 'y') +
                         "…' (expected key = value, a [section] header or a # comment)");
    // Non-UTF-8 bytes in a value pass through as they are.
    const auto latin1 = ebm::parse_ini("[a]\nx = caf\xe9\n", "x.cfg");
    CHECK(latin1.sections[0].entries[0].value == "caf\xe9");
    // Control bytes (a binary file) are escaped, NUL included, so the message stays one printable line.
    CHECK(error_of(std::string("[a]\n\x7f" "ELF\x02\x01", 10) + std::string(1, '\0') + "x\n") ==
          "x.cfg:2: invalid line '\\x7fELF\\x02\\x01\\x00x' (expected key = value, a [section] header or a # comment)");
    CHECK(ebm::printable("ab\tc") == "ab\\x09c");
    // A cut never splits a UTF-8 character: "ββ" cut after 3 bytes keeps one β.
    CHECK(ebm::printable("\xce\xb2\xce\xb2", 3) == "\xce\xb2…");
    CHECK(ebm::printable("short", 60) == "short");
}

TEST_CASE("reading a file: a missing file or a folder is named", "[ini_file]") {
    const ebm_test::TempFolder scratch("ini-file");
    const auto& folder = scratch.path;
    const std::string path = scratch.file("c.cfg", "[generate]\nn = 5\n");
    const auto file = ebm::read_ini_file(path, "config file");
    REQUIRE(file.sections.size() == 1);
    CHECK(file.path == path);
    CHECK(file.sections[0].entries[0].value == "5");
    CHECK_THROWS_WITH(ebm::read_ini_file((folder / "none.cfg").string(), "sweep file"),
                      "cannot read sweep file '" + (folder / "none.cfg").string() + "': No such file or directory");
    CHECK_THROWS_WITH(ebm::read_ini_file(folder.string(), "config file"),
                      "'" + folder.string() + "' is a folder, expected a config file");
    CHECK_THROWS_AS(ebm::read_ini_file(folder.string(), "config file"), ebm::UsageError);
}
