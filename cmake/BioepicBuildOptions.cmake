# One INTERFACE target that carries the language level, warnings and Qt safety defines.
# Every target of the project links it; nothing is set directory-wide.
add_library(bioepic_build_options INTERFACE)
target_compile_features(bioepic_build_options INTERFACE cxx_std_20)
set_target_properties(bioepic_build_options PROPERTIES INTERFACE_CXX_EXTENSIONS OFF)

target_compile_definitions(bioepic_build_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_KEYWORDS
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    BIOEPIC_VERSION="${PROJECT_VERSION}"
    BIOEPIC_QTKEYCHAIN_VERSION="${Qt6Keychain_VERSION}")

target_compile_options(bioepic_build_options INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-qual
    -Werror=switch -Werror=return-type -Werror=uninitialized
    # the same warning, spelled per compiler (clang builds the sanitizer and fuzzer runs)
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>)

# scripts/test (and so CI) builds with BIOEPIC_WERROR=ON: a new warning in the project's own code
# fails the build there. Off by default so that a newer compiler's new warning never stops a user.
option(BIOEPIC_WERROR "Treat warnings in the project's own code as errors" OFF)
if(BIOEPIC_WERROR)
    target_compile_options(bioepic_build_options INTERFACE -Werror)
endif()

# Hardening the binaries get everywhere: stack canaries, checked libc calls where the size is
# known (needs optimisation, so not in Debug), a read-only relocation table, bound at start.
target_compile_options(bioepic_build_options INTERFACE -fstack-protector-strong)
target_compile_definitions(bioepic_build_options INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
target_link_options(bioepic_build_options INTERFACE -Wl,-z,relro,-z,now)

# Fuzzing (tests/fuzz, clang only): every target is built with libFuzzer's coverage feedback.
option(BIOEPIC_FUZZ "Build the libFuzzer targets of tests/fuzz (clang)" OFF)
if(BIOEPIC_FUZZ)
    target_compile_options(bioepic_build_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

if(BIOEPIC_SANITIZE)
    list(JOIN BIOEPIC_SANITIZE "," _bioepic_sanitizers)
    target_compile_options(bioepic_build_options INTERFACE
        -fsanitize=${_bioepic_sanitizers} -fno-omit-frame-pointer)
    target_link_options(bioepic_build_options INTERFACE -fsanitize=${_bioepic_sanitizers})
endif()

# lld links the programs of a full build about three times faster than GNU ld (the sanitizer
# build's 45: 22 s → 7 s on 2 cores), the same hardening flags. Where the compiler cannot use it,
# GNU ld links as before.
include(CheckLinkerFlag)
check_linker_flag(CXX "-fuse-ld=lld" BIOEPIC_HAVE_LLD)
if(BIOEPIC_HAVE_LLD)
    target_link_options(bioepic_build_options INTERFACE -fuse-ld=lld)
endif()
