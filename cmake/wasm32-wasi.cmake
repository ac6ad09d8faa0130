# Toolchain: wasm32-wasi with Debian's clang 14, lld and wasi-libc, plus libc++ for wasm32
# (Debian packages clang lld wasi-libc libc++-14-dev-wasm32 libc++abi-14-dev-wasm32
# libclang-rt-14-dev-wasm32). A canister imports only `ic0`, so the library is built to need
# nothing from WASI at run time: no exceptions, no threads, no I/O (scripts/wasm32-check proves
# it by linking the library into a module and listing its imports).
#   cmake -S capi -B build/wasm32 --toolchain cmake/wasm32-wasi.cmake   (or: --preset wasm32)
set(CMAKE_SYSTEM_NAME Generic)  # CMake 3.25 has no WASI platform; Generic means static only
set(CMAKE_SYSTEM_PROCESSOR wasm32)

find_program(ASYNCFLOW_WASM_CLANG NAMES clang-14 clang REQUIRED)
find_program(ASYNCFLOW_WASM_CLANGXX NAMES clang++-14 clang++ REQUIRED)
find_program(ASYNCFLOW_WASM_AR NAMES llvm-ar-14 llvm-ar REQUIRED)
find_program(ASYNCFLOW_WASM_RANLIB NAMES llvm-ranlib-14 llvm-ranlib REQUIRED)
set(CMAKE_C_COMPILER ${ASYNCFLOW_WASM_CLANG})
set(CMAKE_CXX_COMPILER ${ASYNCFLOW_WASM_CLANGXX})
set(CMAKE_AR ${ASYNCFLOW_WASM_AR} CACHE FILEPATH "llvm-ar: deterministic archives by default")
set(CMAKE_RANLIB ${ASYNCFLOW_WASM_RANLIB} CACHE FILEPATH "")
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)

# A sysroot that holds only the wasm32 headers and libraries: Debian installs them beside the
# host's (/usr/include/wasm32-wasi), and clang's default search would fall through to
# /usr/include for a header wasm32 lacks.
set(ASYNCFLOW_WASI_SYSROOT ${CMAKE_BINARY_DIR}/wasi-sysroot)
if(NOT EXISTS ${ASYNCFLOW_WASI_SYSROOT}/include/wasm32-wasi)
  file(MAKE_DIRECTORY ${ASYNCFLOW_WASI_SYSROOT}/include ${ASYNCFLOW_WASI_SYSROOT}/lib)
  file(CREATE_LINK /usr/include/wasm32-wasi ${ASYNCFLOW_WASI_SYSROOT}/include/wasm32-wasi SYMBOLIC)
  file(CREATE_LINK /usr/lib/wasm32-wasi ${ASYNCFLOW_WASI_SYSROOT}/lib/wasm32-wasi SYMBOLIC)
endif()
set(CMAKE_SYSROOT ${ASYNCFLOW_WASI_SYSROOT})
set(CMAKE_FIND_ROOT_PATH ${ASYNCFLOW_WASI_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Debian's wasm32 libc++ is built without exceptions (wasm exception handling is not in clang
# 14's WASI target); the C ABI traps instead, which on the IC rolls the message back.
# -ffile-prefix-map keeps build paths out of the objects: two builds anywhere are identical.
set(ASYNCFLOW_WASM_FLAGS "-fno-exceptions -fno-rtti -ffile-prefix-map=${CMAKE_SOURCE_DIR}=. -ffile-prefix-map=${CMAKE_BINARY_DIR}=.")
set(CMAKE_C_FLAGS_INIT "${ASYNCFLOW_WASM_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${ASYNCFLOW_WASM_FLAGS}")
