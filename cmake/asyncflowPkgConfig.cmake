# asyncflow_pkg_config(NAME LIBRARY DESCRIPTION REQUIRES EXTRA_LIBS): writes and installs
# NAME.pc for the static or shared LIBRARY (a target's OUTPUT_NAME), requiring the space-separated
# REQUIRES packages, with EXTRA_LIBS after the library on its Libs line.
include_guard(GLOBAL)
include(GNUInstallDirs)

# The C++ runtime a C linker must add for these C++ libraries: the libraries the C++ compiler
# links implicitly that the C compiler would not (libstdc++ and libm with GCC, libc++ with clang).
set(ASYNCFLOW_CXX_RUNTIME_LIBS "")
foreach(lib IN LISTS CMAKE_CXX_IMPLICIT_LINK_LIBRARIES)
  if(lib MATCHES "^(stdc\\+\\+|c\\+\\+|c\\+\\+abi|m)$" AND NOT "-l${lib}" IN_LIST ASYNCFLOW_CXX_RUNTIME_LIBS)
    list(APPEND ASYNCFLOW_CXX_RUNTIME_LIBS "-l${lib}")
  endif()
endforeach()
list(JOIN ASYNCFLOW_CXX_RUNTIME_LIBS " " ASYNCFLOW_CXX_RUNTIME_LIBS)

function(asyncflow_pkg_config name library description requires extra_libs)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(libdir "${CMAKE_INSTALL_LIBDIR}")
  else()
    set(libdir "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  endif()
  if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(includedir "${CMAKE_INSTALL_INCLUDEDIR}")
  else()
    set(includedir "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
  endif()
  # The prefix relative to ${pcfiledir}, so `cmake --install --prefix DIR` needs no rewrite.
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(prefix "${CMAKE_INSTALL_PREFIX}")
  else()
    file(RELATIVE_PATH up /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
    set(prefix "\${pcfiledir}/${up}")
  endif()
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/pkgconfig/${name}.pc CONTENT
"prefix=${prefix}
libdir=${libdir}
includedir=${includedir}

Name: ${name}
Description: ${description}
Version: ${PROJECT_VERSION}
Requires: ${requires}
Libs: -L\${libdir} -l${library} ${extra_libs}
Cflags: -I\${includedir}
")
  install(FILES ${CMAKE_BINARY_DIR}/pkgconfig/${name}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
