// The HDF5 layer: self-describing, reproducible files of xtensor arrays.
//
// Every file has root attributes `format` ("ebm/data", "ebm/model", …) and
// `format_version`; readers check both and say how to fix a mismatch. Writers
// turn off object time tracking on every creation property list, so the same
// content gives byte-identical files, and write atomically (AtomicOutput).
// Strings are variable-length UTF-8 so that h5py reads them as str.
#pragma once

#include "atomic_output.hpp"

#include <hdf5.h>
#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace ebm {

using AttributeValue = std::variant<std::int64_t, double, std::string, std::vector<double>>;

class H5Writer {
public:
    H5Writer(const std::string& path, const std::string& format, std::int64_t format_version);
    H5Writer(const H5Writer&) = delete;
    H5Writer& operator=(const H5Writer&) = delete;
    ~H5Writer();

    // `name` is an absolute path such as "/grid/f_inf"; groups are created as needed.
    template <std::size_t N>
    void write(const std::string& name, const xt::xtensor<double, N>& array) {
        write_raw(name, H5T_NATIVE_DOUBLE, array.data(),
                  std::vector<hsize_t>(array.shape().begin(), array.shape().end()));
    }
    template <std::size_t N>
    void write(const std::string& name, const xt::xtensor<std::int64_t, N>& array) {
        write_raw(name, H5T_NATIVE_INT64, array.data(),
                  std::vector<hsize_t>(array.shape().begin(), array.shape().end()));
    }
    // Attribute of the object at `object_path` ("/" for the root, or a written group/dataset).
    void set_attribute(const std::string& object_path, const std::string& name, const AttributeValue& value);
    void set_attribute(const std::string& name, const AttributeValue& value) { set_attribute("/", name, value); }

    // Closes the file and renames it into place; without it nothing appears.
    void commit();

private:
    void write_raw(const std::string& name, hid_t memory_type, const void* data, const std::vector<hsize_t>& shape);
    void ensure_parent_groups(const std::string& name);
    void close();

    AtomicOutput output_;
    hid_t file_ = -1;
};

// What a dataset holds, as listed by H5Reader::datasets().
struct DatasetInfo {
    std::string name;                 // absolute path, e.g. "/grid/f_inf"
    std::vector<std::size_t> shape;   // empty for a scalar
};

class H5Reader {
public:
    // Objects deeper than this many levels ('/a/b' is 2) are refused: ebm's
    // own files go three deep, and groups nested 10⁴ deep kept ebm-plot busy for
    // more than five minutes (each name the walk builds is as long as its path).
    static constexpr std::size_t deepest_object = 32;

    // Opens `path` and checks it is an ebm file of `expected_format` with a
    // format_version no newer than `supported_version` (RunError otherwise).
    H5Reader(const std::string& path, const std::string& expected_format, std::int64_t supported_version);
    // Opens any HDF5 file without checking its format (ebm-plot reads them all).
    explicit H5Reader(const std::string& path);
    H5Reader(const H5Reader&) = delete;
    H5Reader& operator=(const H5Reader&) = delete;
    ~H5Reader();

    const std::string& path() const { return path_; }
    bool has(const std::string& name) const;
    std::vector<std::size_t> shape(const std::string& name) const;

    // Reads a numeric dataset of rank N as doubles (RunError naming the file
    // and dataset if it is missing, of another rank, or not numeric).
    template <std::size_t N>
    xt::xtensor<double, N> read(const std::string& name) const {
        const auto dims = checked_shape(name, N);
        typename xt::xtensor<double, N>::shape_type xshape;
        std::copy(dims.begin(), dims.end(), xshape.begin());
        xt::xtensor<double, N> array(xshape);
        read_raw(name, array.data());
        return array;
    }

    bool has_attribute(const std::string& object_path, const std::string& name) const;
    AttributeValue attribute(const std::string& object_path, const std::string& name) const;
    std::string string_attribute(const std::string& name) const;
    double number_attribute(const std::string& name) const;
    std::vector<std::string> attribute_names(const std::string& object_path) const;
    // The datasets reached from the root by hard links, each once (soft and
    // external links are not followed, so nothing outside the file is read and
    // nothing loops), at most `most` of them: the walk stops there, so a
    // caller refusing more than N asks for N + 1 and a huge file stays quick.
    // RunError naming the file if an object is deeper than deepest_object.
    std::vector<DatasetInfo> datasets(std::size_t most = std::numeric_limits<std::size_t>::max()) const;

private:
    void open(const std::string& path);
    std::vector<std::size_t> checked_shape(const std::string& name, std::size_t rank) const;
    void read_raw(const std::string& name, double* data) const;

    std::string path_;
    hid_t file_ = -1;
};

}  // namespace ebm
