# Included right after project() by the `tsan` preset
# (CMAKE_PROJECT_eddy_INCLUDE); other presets never read this file.
# Links absl_tsan.cc, which makes Debian's uninstrumented absl::Mutex visible
# to ThreadSanitizer, into every executable of the build. The linking is
# deferred to the end of the top-level CMakeLists.txt, when every target
# exists; libraries are left alone so the install(EXPORT) set is unchanged.
add_library(eddy_absl_tsan OBJECT ${CMAKE_CURRENT_LIST_DIR}/absl_tsan.cc)
# absl:: targets are resolved at generate time, after dependencies.cmake ran.
target_link_libraries(eddy_absl_tsan PUBLIC absl::synchronization absl::time
                      ${CMAKE_DL_LIBS})

# Appends every target defined in `dir` and its subdirectories to `out`.
function(eddy_tsan_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    eddy_tsan_collect_targets(${subdir} sub_targets)
    list(APPEND targets ${sub_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(eddy_tsan_link_executables)
  eddy_tsan_collect_targets(${CMAKE_SOURCE_DIR} targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_link_libraries(${target} PRIVATE eddy_absl_tsan)
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR}
               CALL eddy_tsan_link_executables)
