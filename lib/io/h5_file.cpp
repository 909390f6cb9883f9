#include "h5_file.hpp"

#include "errors.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

namespace ebm {

namespace {

// HDF5 prints its own error stack to stderr by default; we report one line instead.
struct SilenceHdf5Errors {
    SilenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const SilenceHdf5Errors silence_hdf5_errors;

// Closes an HDF5 handle when it goes out of scope.
class Handle {
public:
    Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
    ~Handle() {
        if (id_ >= 0) closer_(id_);
    }
    Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    operator hid_t() const { return id_; }
    bool valid() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*closer_)(hid_t);
};

void check(herr_t status, const std::string& what) {
    if (status < 0) throw RunError(what);
}

Handle variable_string_type() {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
}

// Creation property lists with time tracking off: timestamps would make
// every run's file differ.
Handle untimed_group_properties() {
    Handle properties(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
    H5Pset_obj_track_times(properties, false);
    return properties;
}

std::string join(const std::vector<std::size_t>& shape) {
    std::ostringstream out;
    out << "(";
    for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
    out << (shape.size() == 1 ? ",)" : ")");
    return out.str();
}

}  // namespace

// ---------------------------------------------------------------- writer

H5Writer::H5Writer(const std::string& path, const std::string& format, std::int64_t format_version)
    : output_(path) {
    Handle file_properties(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
    H5Pset_obj_track_times(file_properties, false);  // the root group
    file_ = H5Fcreate(output_.temporary_path().c_str(), H5F_ACC_TRUNC, file_properties, H5P_DEFAULT);
    if (file_ < 0) throw RunError("cannot create HDF5 file '" + output_.temporary_path() + "'");
    set_attribute("format", format);
    set_attribute("format_version", format_version);
}

H5Writer::~H5Writer() { close(); }

void H5Writer::close() {
    if (file_ >= 0) H5Fclose(file_);
    file_ = -1;
}

void H5Writer::ensure_parent_groups(const std::string& name) {
    const Handle group_properties = untimed_group_properties();
    for (auto slash = name.find('/', 1); slash != std::string::npos; slash = name.find('/', slash + 1)) {
        const std::string group = name.substr(0, slash);
        if (H5Lexists(file_, group.c_str(), H5P_DEFAULT) > 0) continue;
        Handle created(H5Gcreate2(file_, group.c_str(), H5P_DEFAULT, group_properties, H5P_DEFAULT), H5Gclose);
        if (!created.valid()) throw RunError("cannot create group " + group + " in '" + output_.final_path() + "'");
    }
}

void H5Writer::write_raw(const std::string& name, hid_t memory_type, const void* data,
                         const std::vector<hsize_t>& shape) {
    ensure_parent_groups(name);
    Handle space(H5Screate_simple(int(shape.size()), shape.data(), nullptr), H5Sclose);
    Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_obj_track_times(properties, false);
    const hid_t file_type = memory_type == H5T_NATIVE_DOUBLE ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    Handle dataset(H5Dcreate2(file_, name.c_str(), file_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                   H5Dclose);
    if (!dataset.valid()) throw RunError("cannot create dataset " + name + " in '" + output_.final_path() + "'");
    check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
          "cannot write dataset " + name + " to '" + output_.final_path() + "' (disk full?)");
}

void H5Writer::set_attribute(const std::string& object_path, const std::string& name, const AttributeValue& value) {
    Handle object(H5Oopen(file_, object_path.c_str(), H5P_DEFAULT), H5Oclose);
    if (!object.valid()) throw RunError("no object " + object_path + " to hold attribute " + name);
    if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
    const std::string failure = "cannot write attribute " + name + " to '" + output_.final_path() + "'";

    if (const auto* text = std::get_if<std::string>(&value)) {
        const Handle type = variable_string_type();
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle attribute(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        const char* chars = text->c_str();
        check(attribute.valid() ? H5Awrite(attribute, type, &chars) : -1, failure);
        return;
    }
    const bool is_integer = std::holds_alternative<std::int64_t>(value);
    const hid_t memory_type = is_integer ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE;
    const hid_t file_type = is_integer ? H5T_STD_I64LE : H5T_IEEE_F64LE;
    const auto* numbers = std::get_if<std::vector<double>>(&value);
    const hsize_t length = numbers ? numbers->size() : 1;
    Handle space(numbers ? H5Screate_simple(1, &length, nullptr) : H5Screate(H5S_SCALAR), H5Sclose);
    Handle attribute(H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const void* data = numbers ? static_cast<const void*>(numbers->data())
                       : is_integer ? static_cast<const void*>(&std::get<std::int64_t>(value))
                                    : static_cast<const void*>(&std::get<double>(value));
    check(attribute.valid() ? H5Awrite(attribute, memory_type, data) : -1, failure);
}

void H5Writer::commit() {
    if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0 || H5Fclose(file_) < 0) {
        file_ = -1;
        throw RunError("cannot finish writing '" + output_.final_path() + "' (disk full?)");
    }
    file_ = -1;
    output_.commit();
}

// ---------------------------------------------------------------- reader

H5Reader::H5Reader(const std::string& path) { open(path); }

H5Reader::H5Reader(const std::string& path, const std::string& expected_format, std::int64_t supported_version) {
    open(path);
    if (!has_attribute("/", "format") || !has_attribute("/", "format_version"))
        throw RunError("'" + path + "' is not an ebm file (no format attribute); expected " + expected_format);
    const std::string format = string_attribute("format");
    if (format != expected_format)
        throw RunError("'" + path + "' is an " + format + " file, expected " + expected_format +
                       ": check which file was passed to which option");
    const double version = number_attribute("format_version");
    if (version > double(supported_version))
        throw RunError("'" + path + "' has format_version " + std::to_string(std::int64_t(version)) +
                       ", newer than the " + std::to_string(supported_version) +
                       " this ebm reads: upgrade ebm or regenerate the file");
}

void H5Reader::open(const std::string& path) {
    path_ = path;
    struct stat info;
    if (stat(path.c_str(), &info) != 0) throw RunError("cannot open '" + path + "': no such file");
    if (S_ISDIR(info.st_mode)) throw RunError("'" + path + "' is a folder, expected an HDF5 file");
    if (H5Fis_hdf5(path.c_str()) <= 0) throw RunError("'" + path + "' is not an HDF5 file (or is truncated)");
    file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file_ < 0) throw RunError("cannot open HDF5 file '" + path + "' (damaged or truncated?)");
}

H5Reader::~H5Reader() {
    if (file_ >= 0) H5Fclose(file_);
}

bool H5Reader::has(const std::string& name) const {
    // Check each link along the path: H5Lexists fails on a missing parent.
    for (auto slash = name.find('/', 1);; slash = name.find('/', slash + 1)) {
        const std::string prefix = name.substr(0, slash);
        if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string::npos) return true;
    }
}

std::vector<std::size_t> H5Reader::shape(const std::string& name) const {
    if (!has(name)) throw RunError("'" + path_ + "' has no dataset " + name);
    Handle dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid()) throw RunError("'" + path_ + "': " + name + " is not a dataset");
    Handle space(H5Dget_space(dataset), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(std::max(rank, 0));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    return std::vector<std::size_t>(dims.begin(), dims.end());
}

std::vector<std::size_t> H5Reader::checked_shape(const std::string& name, std::size_t rank) const {
    const auto dims = shape(name);
    if (dims.size() != rank)
        throw RunError("'" + path_ + "': dataset " + name + " has rank " + std::to_string(dims.size()) +
                       " (shape " + join(dims) + "), expected rank " + std::to_string(rank));
    Handle dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
    Handle type(H5Dget_type(dataset), H5Tclose);
    const H5T_class_t type_class = H5Tget_class(type);
    if (type_class != H5T_FLOAT && type_class != H5T_INTEGER)
        throw RunError("'" + path_ + "': dataset " + name + " is not numeric");
    // A small (chunked, unwritten or compressed) file may declare a huge shape:
    // refuse it with the memory it would need rather than die of std::bad_alloc.
    double bytes = sizeof(double);
    for (const auto dim : dims) bytes *= double(dim);
    const double limit = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE)) / 2;
    if (bytes > limit) {
        std::ostringstream message;
        message.precision(3);
        message << "'" << path_ << "': dataset " << name << " of shape " << join(dims) << " would need "
                << bytes / double(1 << 30) << " GiB to read, more than half this machine's memory ("
                << limit / double(1 << 30) << " GiB)";
        throw RunError(message.str());
    }
    return dims;
}

void H5Reader::read_raw(const std::string& name, double* data) const {
    Handle dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
          "cannot read dataset " + name + " from '" + path_ + "' (damaged file?)");
}

bool H5Reader::has_attribute(const std::string& object_path, const std::string& name) const {
    if (object_path != "/" && !has(object_path)) return false;
    return H5Aexists_by_name(file_, object_path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

AttributeValue H5Reader::attribute(const std::string& object_path, const std::string& name) const {
    if (!has_attribute(object_path, name))
        throw RunError("'" + path_ + "' has no attribute " + name + " on " + object_path);
    Handle attribute(H5Aopen_by_name(file_, object_path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                     H5Aclose);
    Handle type(H5Aget_type(attribute), H5Tclose);
    Handle space(H5Aget_space(attribute), H5Sclose);
    const hssize_t count = H5Sget_simple_extent_npoints(space);
    const std::string failure = "cannot read attribute " + name + " of '" + path_ + "'";
    switch (H5Tget_class(type)) {
    case H5T_STRING: {
        if (H5Tis_variable_str(type) > 0) {
            const Handle memory_type = variable_string_type();
            char* chars = nullptr;
            check(H5Aread(attribute, memory_type, &chars), failure);
            std::string text = chars ? chars : "";
            H5free_memory(chars);
            return text;
        }
        std::string text(H5Tget_size(type), '\0');
        Handle memory_type(H5Tcopy(type), H5Tclose);
        check(H5Aread(attribute, memory_type, text.data()), failure);
        return text.substr(0, text.find('\0'));
    }
    case H5T_INTEGER: {
        if (count == 1) {
            std::int64_t number = 0;
            check(H5Aread(attribute, H5T_NATIVE_INT64, &number), failure);
            return number;
        }
        [[fallthrough]];
    }
    case H5T_FLOAT: {
        std::vector<double> numbers(std::max<hssize_t>(count, 0));
        check(H5Aread(attribute, H5T_NATIVE_DOUBLE, numbers.data()), failure);
        if (H5Sget_simple_extent_type(space) == H5S_SCALAR) return numbers.at(0);
        return numbers;
    }
    default:
        throw RunError("attribute " + name + " of '" + path_ + "' has an unsupported type");
    }
}

std::string H5Reader::string_attribute(const std::string& name) const {
    const auto value = attribute("/", name);
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    throw RunError("attribute " + name + " of '" + path_ + "' is not a string");
}

double H5Reader::number_attribute(const std::string& name) const {
    const auto value = attribute("/", name);
    if (const auto* number = std::get_if<double>(&value)) return *number;
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return double(*integer);
    throw RunError("attribute " + name + " of '" + path_ + "' is not a number");
}

std::vector<std::string> H5Reader::attribute_names(const std::string& object_path) const {
    std::vector<std::string> names;
    Handle object(H5Oopen(file_, object_path.c_str(), H5P_DEFAULT), H5Oclose);
    if (!object.valid()) throw RunError("'" + path_ + "' has no object " + object_path);
    H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nullptr,
                [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
                    static_cast<std::vector<std::string>*>(out)->push_back(name);
                    return 0;
                },
                &names);
    return names;
}

std::vector<DatasetInfo> H5Reader::datasets(std::size_t most) const {
    // H5Ovisit walks depth first, calling us before it enters a group, so a
    // positive return stops it at the first object too deep or one too many.
    struct Walk {
        std::size_t most;
        std::vector<std::string> names;
        bool too_deep = false;
    } walk{most, {}, false};
    const herr_t status = H5Ovisit(
        file_, H5_INDEX_NAME, H5_ITER_INC,
        [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
            auto& walk = *static_cast<Walk*>(data);
            const std::string path = std::string("/") + name;
            if (std::size_t(std::count(path.begin(), path.end(), '/')) > deepest_object) {
                walk.too_deep = true;
                return 1;
            }
            if (info->type != H5O_TYPE_DATASET) return 0;
            if (walk.names.size() == walk.most) return 1;
            walk.names.push_back(path);
            return 0;
        },
        &walk);
    if (walk.too_deep)
        throw RunError("'" + path_ + "' has objects nested more than " + std::to_string(deepest_object) +
                       " levels deep, the most ebm reads");
    if (status < 0) throw RunError("cannot list the datasets of '" + path_ + "' (damaged file?)");
    std::vector<DatasetInfo> infos;
    for (const auto& name : walk.names) infos.push_back({name, shape(name)});
    return infos;
}

}  // namespace ebm
