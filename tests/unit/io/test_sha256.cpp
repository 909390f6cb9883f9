#include "errors.hpp"
#include "sha256.hpp"

#include <catch2/catch.hpp>

#include <fstream>

TEST_CASE("SHA-256 of files matches the FIPS 180-2 test vectors", "[sha256]") {
    const std::string path = "test_sha256_input.txt";
    std::ofstream(path, std::ios::binary) << "abc";
    CHECK(ebm::sha256_of_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::ofstream(path, std::ios::binary | std::ios::trunc);
    CHECK(ebm::sha256_of_file(path) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    std::remove(path.c_str());
    CHECK_THROWS_AS(ebm::sha256_of_file(path), ebm::RunError);
}
