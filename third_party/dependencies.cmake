# Dependencies, all from Debian 12 packages (see third_party/README.md).
# Found through the CMake configs the packages ship; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(RocksDB 7.8 CONFIG REQUIRED)      # librocksdb-dev
find_package(absl CONFIG REQUIRED)             # libabsl-dev
find_package(FlatBuffers CONFIG REQUIRED)      # libflatbuffers-dev, flatbuffers-compiler
find_package(nlohmann_json 3.11 CONFIG REQUIRED)  # nlohmann-json3-dev

# Debian's RocksDB exports a static and a shared target. Tests and tools link
# the shared one: linking the 50 MB static archive into every binary costs
# minutes on a 2-core machine.
add_library(eddy_rocksdb INTERFACE)
target_link_libraries(eddy_rocksdb INTERFACE RocksDB::rocksdb-shared)
install(TARGETS eddy_rocksdb EXPORT eddyTargets)

if(EDDY_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)          # libgtest-dev, libgmock-dev
endif()
if(EDDY_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)      # libbenchmark-dev
endif()
