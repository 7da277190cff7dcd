#!/usr/bin/env bash
# Builds libFuzzer targets for the binary parsers (safetensors, PNG, zarr metadata) with AddressSanitizer and
# runs one of them. Not part of CI: run it by hand, for as long as you like.
#
#   scripts/fuzz/run.sh safetensors 60     # fuzz SafeTensors.decode for 60 s
#   scripts/fuzz/run.sh png 300            # PNGCodec.decode
#   scripts/fuzz/run.sh zarr 60            # ZarrArrayMetadata and ZarrArray reads
#
# A crash leaves crash-<hash> in the working folder (.build/fuzz/<target>/); replay it with
# `ASAN_OPTIONS=detect_leaks=0 .build/fuzz/<target>-fuzzer crash-<hash>`. The corpus grows in .build/fuzz/<target>/corpus, seeded from the
# test fixtures and the shipped checkpoints.
set -euo pipefail
target=${1:?usage: scripts/fuzz/run.sh safetensors|png|zarr [seconds]}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/.build/fuzz
mkdir -p "$out/modules" "$out/$target/corpus"
flags=(-sanitize=fuzzer,address -parse-as-library -O -I "$out/modules")
c_includes=(-I "$root/Sources/CLibraries/CBlosc" -I "$root/Sources/CLibraries/CZlib" -I "$root/Sources/CLibraries/CPNG"
            -I "$root/Sources/CLibraries/CJPEG" -I "$root/Sources/CLibraries/COpenBLAS" -I "$out/modules/CKernels" -I "$out/modules/CVision")

# A Swift module of the package as a static library (module interface in $out/modules).
module() {
    local name=$1; shift
    swiftc "${flags[@]}" "${c_includes[@]}" -emit-library -static -emit-module -module-name "$name" \
        -emit-module-path "$out/modules/$name.swiftmodule" -o "$out/lib$name.a" "$@" 2>&1 | grep -v "warning:" || true
}

# The package's C and C++ leaves, with the module maps SwiftPM would generate.
c_leaf() {
    local name=$1 source=$2 compiler=$3; shift 3
    mkdir -p "$out/modules/$name"
    cp "$root/Sources/CLibraries/$name/include/$name.h" "$out/modules/$name/"
    printf 'module %s {\n    header "%s.h"\n    export *\n}\n' "$name" "$name" > "$out/modules/$name/module.modulemap"
    for file in $source; do
        "$compiler" -O2 -fsanitize=fuzzer-no-link,address -c "$file" -o "$out/$name-$(basename "$file").o" "$@"
    done
}

case $target in
zarr)
    module Validation "$root"/Sources/Validation/*.swift
    module Zarr "$root"/Sources/Zarr/*.swift
    libraries=("$out/libZarr.a" "$out/libValidation.a" -lblosc -lz)
    find "$root/Tests/DataExchangeTests/Fixtures/zarr" -name .zarray | while read -r file; do
        cp "$file" "$out/$target/corpus/$(echo "$file" | md5sum | cut -c1-12)"
    done
    ;;
safetensors)
    c_leaf CKernels "$root/Sources/CLibraries/CKernels/CKernels.c $root/Sources/CLibraries/CKernels/ThreadPool.c" clang \
        -I "$root/Sources/CLibraries/CKernels/include"
    module Validation "$root"/Sources/Validation/*.swift
    module Seeding "$root"/Sources/Seeding/*.swift
    module Tensors "$root"/Sources/Tensors/*.swift
    module NeuralNets $(find "$root/Sources/NeuralNets" -name '*.swift')
    libraries=("$out/libNeuralNets.a" "$out/libTensors.a" "$out/libSeeding.a" "$out/libValidation.a" "$out"/CKernels-*.o -lopenblas)
    cp "$root/Tests/NeuralNetsTests/Fixtures/python.safetensors" "$out/$target/corpus/python"
    ;;
png)
    c_leaf CVision "$root/Sources/CLibraries/CVision/CVision.cpp" clang++ -std=c++17 -I /usr/include/opencv4 \
        -I "$root/Sources/CLibraries/CVision/include"
    module Validation "$root"/Sources/Validation/*.swift
    module Imaging "$root"/Sources/Imaging/*.swift
    libraries=("$out/libImaging.a" "$out/libValidation.a" "$out"/CVision-*.o -lpng16 -ljpeg -lopencv_imgproc -lopencv_core -lstdc++)
    find "$root/Tests/ImagingTests/Fixtures" -name '*.png' | head -20 | while read -r file; do cp "$file" "$out/$target/corpus/"; done
    ;;
*)
    echo "unknown target $target (safetensors, png or zarr)" >&2
    exit 64
    ;;
esac

name=$(case $target in safetensors) echo SafeTensors ;; png) echo PNG ;; zarr) echo ZarrMetadata ;; esac)
swiftc "${flags[@]}" "${c_includes[@]}" "$root/scripts/fuzz/${name}Fuzzer.swift" "${libraries[@]}" -o "$out/$target-fuzzer" \
    2>&1 | grep -v "warning: Cannot export local symbol" || true
cd "$out/$target"
# Foundation's file reading leaks a buffer that LeakSanitizer reports: only crashes and memory errors count here.
ASAN_OPTIONS=detect_leaks=0 "$out/$target-fuzzer" -max_total_time="$seconds" -max_len=65536 -detect_leaks=0 corpus
