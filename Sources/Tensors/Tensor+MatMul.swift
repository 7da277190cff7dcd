import COpenBLAS

/// Matrix products through `cblas_sgemm`.
extension Tensor {
    /// `a @ b` for [m, k] x [k, n], or batched [..., m, k] x [..., k, n] (same leading dimensions, or `b` 2-D).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.shape.count >= 2 && b.shape.count >= 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        let (aRows, aColumns) = (a.shape[a.shape.count - 2], a.shape[a.shape.count - 1])
        let (bRows, bColumns) = (b.shape[b.shape.count - 2], b.shape[b.shape.count - 1])
        let m = transposeA ? aColumns : aRows, k = transposeA ? aRows : aColumns
        let kB = transposeB ? bColumns : bRows, n = transposeB ? bRows : bColumns
        precondition(k == kB, "matmul: inner dimensions differ for \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "")")
        let batchShape = Array(a.shape.dropLast(2))
        let batch = batchShape.reduce(1, *)
        let sharedB = b.shape.count == 2
        precondition(sharedB || Array(b.shape.dropLast(2)) == batchShape,
                     "matmul: batch dimensions of \(a.shape) and \(b.shape) differ")
        var values = [Float](repeating: 0, count: batch * m * n)
        gemm(a.scalars, b.scalars, into: &values, batch: batch, m: m, n: n, k: k, transposeA: transposeA,
             transposeB: transposeB, aStride: aRows * aColumns, bStride: sharedB ? 0 : bRows * bColumns, accumulate: false)
        return Tensor(shape: batchShape + [m, n], scalars: values, parents: [a, b]) { gradient in
            if a.requiresGradient {
                // dA = dC Bᵀ (or B dCᵀ when A was transposed).
                var gradA = [Float](repeating: 0, count: a.count)
                if transposeA {
                    gemm(b.scalars, gradient, into: &gradA, batch: batch, m: aRows, n: aColumns, k: n, transposeA: transposeB,
                         transposeB: true, aStride: sharedB ? 0 : bRows * bColumns, bStride: m * n, accumulate: false)
                } else {
                    gemm(gradient, b.scalars, into: &gradA, batch: batch, m: aRows, n: aColumns, k: n, transposeA: false,
                         transposeB: !transposeB, aStride: m * n, bStride: sharedB ? 0 : bRows * bColumns, accumulate: false)
                }
                a.accumulateGradient(gradA)
            }
            if b.requiresGradient {
                // dB = Aᵀ dC (or dCᵀ A when B was transposed), summed over the batch when B is shared.
                var gradB = [Float](repeating: 0, count: b.count)
                let outStride = sharedB ? 0 : bRows * bColumns
                if transposeB {
                    gemm(gradient, a.scalars, into: &gradB, batch: batch, m: bRows, n: bColumns, k: m, transposeA: true,
                         transposeB: transposeA, aStride: m * n, bStride: aRows * aColumns, cStride: outStride, accumulate: sharedB)
                } else {
                    gemm(a.scalars, gradient, into: &gradB, batch: batch, m: bRows, n: bColumns, k: m, transposeA: !transposeA,
                         transposeB: false, aStride: aRows * aColumns, bStride: m * n, cStride: outStride, accumulate: sharedB)
                }
                b.accumulateGradient(gradB)
            }
        }
    }

    /// C[i] (m x n) = op(A[i]) (m x k) op(B[i]) (k x n) for each batch item, row-major; `accumulate` adds into C.
    static func gemm(_ a: [Float], _ b: [Float], into c: inout [Float], batch: Int, m: Int, n: Int, k: Int,
                     transposeA: Bool, transposeB: Bool, aStride: Int, bStride: Int, cStride: Int? = nil,
                     accumulate: Bool) {
        let cStride = cStride ?? m * n
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    let (aBase, bBase, cBase) = (UncheckedSendable(aBuffer.baseAddress!), UncheckedSendable(bBuffer.baseAddress!),
                                                 UncheckedSendable(cBuffer.baseAddress!))
                    func multiply(_ items: Range<Int>, into target: UnsafeMutablePointer<Float>, stride: Int) {
                        for item in items {
                            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                        Int32(m), Int32(n), Int32(k), 1,
                                        aBase.value + item * aStride, Int32(transposeA ? m : k),
                                        bBase.value + item * bStride, Int32(transposeB ? k : n),
                                        accumulate ? 1 : 0, target + item * stride, Int32(n))
                        }
                    }
                    if cStride == 0 {
                        // Summing every item into one C (a shared B's gradient): per-chunk partials, added in order.
                        let chunks = ComputeThreads.chunkCount(batch, costPerItem: m * n * k)
                        var partials = [[Float]](repeating: [], count: chunks)
                        partials.withUnsafeMutableBufferPointer { partialBuffer in
                            let results = UncheckedSendable(partialBuffer.baseAddress!)
                            ComputeThreads.parallelChunks(batch, costPerItem: m * n * k) { chunk, items in
                                var sum = [Float](repeating: 0, count: m * n)
                                sum.withUnsafeMutableBufferPointer { multiply(items, into: $0.baseAddress!, stride: 0) }
                                results.value[chunk] = sum
                            }
                        }
                        for partial in partials {
                            for index in 0..<(m * n) { cBase.value[index] += partial[index] }
                        }
                    } else {
                        ComputeThreads.parallelFor(batch, costPerItem: m * n * k) { items in
                            multiply(items, into: cBase.value, stride: cStride)
                        }
                    }
                }
            }
        }
    }
}
