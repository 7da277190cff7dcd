import COpenBLAS

/// Which kernel `conv2d` runs; `automatic` picks Winograd where it applies. Tests force each to compare them.
enum ConvolutionAlgorithm: Sendable {
    case automatic, im2col, winograd
}

/// 3x3, stride 1, padding 1 convolution by Winograd F(2x2, 3x3) (Lavin & Gray 2016).
///
/// Each 2x2 output tile is `Aᵀ [Σ_c (G g Gᵀ) ⊙ (Bᵀ d B)] A` for the 4x4 input tile `d` around it, so the
/// channel sums become 16 independent GEMMs [O x C] x [C x tiles], one per position of the 4x4 transformed
/// tile: 2.25 times fewer multiplications than the direct (im2col) product, and the input transform writes 4
/// floats per pixel and channel where im2col writes 9. Tiles are processed a few tile rows at a time (across
/// images), so the transformed inputs and products stay in the core's L2 cache between the transforms and
/// the GEMMs.
struct WinogradConvolution {
    let batch, channels, outChannels, height, width: Int
    let tilesHigh, tilesWide: Int

    /// Float budget of one block's transformed inputs and products (16 x (C + O) x tiles), about 512 KiB:
    /// about half of the L2 cache, measured in `bench nn`.
    nonisolated(unsafe) static var blockBudget = 131_072

    init(batch: Int, channels: Int, outChannels: Int, height: Int, width: Int) {
        (self.batch, self.channels, self.outChannels, self.height, self.width) = (batch, channels, outChannels, height, width)
        tilesHigh = (height + 1) / 2
        tilesWide = (width + 1) / 2
    }

    /// Whether the convolution has the one shape this algorithm handles.
    static func applies(to geometry: ConvolutionGeometry) -> Bool {
        geometry.kernelHeight == 3 && geometry.kernelWidth == 3 && geometry.stride == 1 && geometry.padding == 1
    }

    /// Tile rows per block (blocks run on over image boundaries, so small images still give wide GEMMs).
    var rowsPerBlock: Int { max(1, Self.blockBudget / (16 * (channels + outChannels) * tilesWide)) }

    /// Width of a tile row's padded input rows: one zero column left, then the image, then zeros up to the
    /// last tile's right edge.
    var paddedWidth: Int { 2 * tilesWide + 2 }

    /// Work per image for `ComputeThreads` (the direct product's size, as the im2col path uses).
    var costPerImage: Int { channels * 9 * height * width }

    /// Floats of one thread's scratch: transformed inputs, products (or output gradients), 4 padded rows and a
    /// zero row.
    var scratchCount: Int { 16 * (channels + outChannels) * rowsPerBlock * tilesWide + 4 * paddedWidth + width }

    // MARK: - Filters

    /// The transformed filters U = G g Gᵀ of `weight` [O, C, 3, 3], laid out [16, O, C] (one GEMM operand per
    /// transformed position).
    static func transformFilters(_ weight: UnsafePointer<Float>, outChannels: Int, channels: Int) -> [Float] {
        let planeStride = outChannels * channels
        var filters = [Float].uninitialized(count: 16 * planeStride)  // all 16 planes written below
        filters.withUnsafeMutableBufferPointer { buffer in
            let target = buffer.baseAddress!
            var rows = [Float](repeating: 0, count: 12)
            for o in 0..<outChannels {
                for c in 0..<channels {
                    let g = weight + (o * channels + c) * 9
                    // g Gᵀ (3 x 4), row by row, then G down each of its columns.
                    for r in 0..<3 {
                        let (a, b, d) = (g[3 * r], g[3 * r + 1], g[3 * r + 2])
                        (rows[4 * r], rows[4 * r + 1], rows[4 * r + 2], rows[4 * r + 3]) = (a, 0.5 * (a + b + d), 0.5 * (a - b + d), d)
                    }
                    for j in 0..<4 {
                        let (a, b, d) = (rows[j], rows[4 + j], rows[8 + j])
                        let column = (a, 0.5 * (a + b + d), 0.5 * (a - b + d), d)
                        let base = target + j * planeStride + o * channels + c
                        base[0] = column.0
                        base[4 * planeStride] = column.1
                        base[8 * planeStride] = column.2
                        base[12 * planeStride] = column.3
                    }
                }
            }
        }
        return filters
    }

    /// The weight gradient [O, C, 3, 3] from the gradient of the transformed filters [16, O, C]: Gᵀ dU G, the
    /// adjoint of `transformFilters`.
    static func filterGradient(_ transformed: UnsafePointer<Float>, outChannels: Int, channels: Int) -> [Float] {
        let planeStride = outChannels * channels
        var gradient = [Float].uninitialized(count: planeStride * 9)  // all 9 taps written below
        var rows = [Float](repeating: 0, count: 12)
        for o in 0..<outChannels {
            for c in 0..<channels {
                let u = transformed + o * channels + c
                // dU G (4 x 3), row by row, then Gᵀ down each of its columns.
                for i in 0..<4 {
                    let (a, b, d, e) = (u[(4 * i) * planeStride], u[(4 * i + 1) * planeStride], u[(4 * i + 2) * planeStride],
                                        u[(4 * i + 3) * planeStride])
                    (rows[3 * i], rows[3 * i + 1], rows[3 * i + 2]) = (a + 0.5 * (b + d), 0.5 * (b - d), 0.5 * (b + d) + e)
                }
                for j in 0..<3 {
                    let (a, b, d, e) = (rows[j], rows[3 + j], rows[6 + j], rows[9 + j])
                    let base = (o * channels + c) * 9
                    gradient[base + j] = a + 0.5 * (b + d)
                    gradient[base + 3 + j] = 0.5 * (b - d)
                    gradient[base + 6 + j] = 0.5 * (b + d) + e
                }
            }
        }
        return gradient
    }

    // MARK: - Passes

    /// `output` [N, O, H, W] = `input` [N, C, H, W] convolved with the transformed `filters` [16, O, C], plus `bias`.
    func forward(input: UnsafePointer<Float>, filters: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>) {
        let (source, kernel, target) = (UncheckedSendable(input), UncheckedSendable(filters), UncheckedSendable(output))
        let biasPointer = UncheckedSendable(bias)
        ComputeThreads.parallelChunks(batch, costPerItem: costPerImage, scratchCount: scratchCount) { _, images, scratch in
            let capacity = rowsPerBlock * tilesWide
            let transformed = scratch, products = transformed + 16 * channels * capacity
            let rows = products + 16 * outChannels * capacity, zeros = rows + 4 * paddedWidth
            zeros.update(repeating: 0, count: width)
            forEachBlock(images) { firstRow, rowCount in
                let tiles = rowCount * tilesWide
                transformInputs(source.value, firstRow: firstRow, rowCount: rowCount, into: transformed, rows: rows, zeros: zeros)
                for position in 0..<16 {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(tiles), Int32(channels),
                                1, kernel.value + position * outChannels * channels, Int32(channels),
                                transformed + position * channels * tiles, Int32(tiles),
                                0, products + position * outChannels * tiles, Int32(tiles))
                }
                for o in 0..<outChannels {
                    for row in 0..<rowCount {
                        let (image, tileRow) = (firstRow + row).quotientAndRemainder(dividingBy: tilesHigh)
                        transformOutputRow(products + o * tiles + row * tilesWide, planeStride: outChannels * tiles,
                                           bias: biasPointer.value?[o] ?? 0, tileRow: tileRow,
                                           into: target.value + (image * outChannels + o) * height * width)
                    }
                }
            }
        }
    }

    /// The gradient of the transformed filters [16, O, C] summed over the batch: for each position, dU =
    /// Σ_tiles (A dY Aᵀ) x (Bᵀ d B)ᵀ, one GEMM per block. Each thread sums its images' blocks in order and the
    /// threads' sums are added in chunk order, so a thread count always gives the same bits.
    func transformedFilterGradient(input: UnsafePointer<Float>, upstream: UnsafePointer<Float>) -> [Float] {
        let planeStride = outChannels * channels
        let chunks = ComputeThreads.chunkCount(batch, costPerItem: costPerImage)
        var partials = [[Float]](repeating: [], count: chunks)
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            let (results, source, gradient) = (UncheckedSendable(partialBuffer.baseAddress!), UncheckedSendable(input),
                                               UncheckedSendable(upstream))
            ComputeThreads.parallelChunks(batch, costPerItem: costPerImage, scratchCount: scratchCount) { chunk, images, scratch in
                let capacity = rowsPerBlock * tilesWide
                let transformed = scratch, upstreamTransformed = transformed + 16 * channels * capacity
                let rows = upstreamTransformed + 16 * outChannels * capacity, zeros = rows + 4 * paddedWidth
                zeros.update(repeating: 0, count: width)
                var sum = [Float](repeating: 0, count: 16 * planeStride)
                sum.withUnsafeMutableBufferPointer { total in
                    forEachBlock(images) { firstRow, rowCount in
                        let tiles = rowCount * tilesWide
                        transformInputs(source.value, firstRow: firstRow, rowCount: rowCount, into: transformed, rows: rows, zeros: zeros)
                        for o in 0..<outChannels {
                            for row in 0..<rowCount {
                                let (image, tileRow) = (firstRow + row).quotientAndRemainder(dividingBy: tilesHigh)
                                transformUpstreamRow(gradient.value + (image * outChannels + o) * height * width, tileRow: tileRow,
                                                     zeros: zeros, into: upstreamTransformed + o * tiles + row * tilesWide,
                                                     planeStride: outChannels * tiles)
                            }
                        }
                        for position in 0..<16 {
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(outChannels), Int32(channels), Int32(tiles),
                                        1, upstreamTransformed + position * outChannels * tiles, Int32(tiles),
                                        transformed + position * channels * tiles, Int32(tiles),
                                        1, total.baseAddress! + position * planeStride, Int32(channels))
                        }
                    }
                }
                results.value[chunk] = sum
            }
        }
        var total = partials[0]
        for partial in partials.dropFirst() { for index in 0..<total.count { total[index] += partial[index] } }
        return total
    }

    /// Calls `body(firstRow, rowCount)` for the blocks of tile rows of `images`, numbering tile rows across
    /// images (row r is tile row r % tilesHigh of image r / tilesHigh).
    private func forEachBlock(_ images: Range<Int>, _ body: (Int, Int) -> Void) {
        let end = images.upperBound * tilesHigh
        var first = images.lowerBound * tilesHigh
        while first < end {
            let count = min(rowsPerBlock, end - first)
            body(first, count)
            first += count
        }
    }

    // MARK: - Tile transforms

    /// Bᵀ d B of every tile and channel in tile rows `firstRow..<firstRow + rowCount`, into `target`
    /// [16, C, tiles] (tiles of the block in row order).
    private func transformInputs(_ input: UnsafePointer<Float>, firstRow: Int, rowCount: Int, into target: UnsafeMutablePointer<Float>,
                                 rows: UnsafeMutablePointer<Float>, zeros: UnsafePointer<Float>) {
        let tiles = rowCount * tilesWide
        for row in 0..<rowCount {
            let (image, tileRow) = (firstRow + row).quotientAndRemainder(dividingBy: tilesHigh)
            for c in 0..<channels {
                transformInputRow(input + (image * channels + c) * height * width, tileRow: tileRow, rows: rows, zeros: zeros,
                                  into: target + c * tiles + row * tilesWide, planeStride: channels * tiles)
            }
        }
    }

    /// The input transforms of one tile row of one channel plane: first Bᵀ down the columns of its four input
    /// rows (zero outside the image), then B along each tile; position p of tile t lands at `target[p * planeStride + t]`.
    @inline(__always)
    private func transformInputRow(_ plane: UnsafePointer<Float>, tileRow: Int, rows: UnsafeMutablePointer<Float>,
                                   zeros: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, planeStride: Int) {
        let top = 2 * tileRow - 1
        func line(_ index: Int) -> UnsafePointer<Float> {
            let y = top + index
            return y >= 0 && y < height ? plane + y * width : zeros
        }
        let (d0, d1, d2, d3) = (line(0), line(1), line(2), line(3))
        let padded = paddedWidth
        let (t0, t1, t2, t3) = (rows, rows + padded, rows + 2 * padded, rows + 3 * padded)
        // Column index p holds input column p - 1.
        t0[0] = 0; t1[0] = 0; t2[0] = 0; t3[0] = 0
        for x in 0..<width {
            let (a, b, c, d) = (d0[x], d1[x], d2[x], d3[x])
            t0[x + 1] = a - c
            t1[x + 1] = b + c
            t2[x + 1] = c - b
            t3[x + 1] = b - d
        }
        for p in (width + 1)..<padded { t0[p] = 0; t1[p] = 0; t2[p] = 0; t3[p] = 0 }
        // B along each tile of the four transformed rows: row i gives positions 4i..<4i + 4.
        @inline(__always) func horizontal(_ line: UnsafePointer<Float>, _ index: Int) {
            let (v0, v1) = (target + 4 * index * planeStride, target + (4 * index + 1) * planeStride)
            let (v2, v3) = (target + (4 * index + 2) * planeStride, target + (4 * index + 3) * planeStride)
            for tile in 0..<tilesWide {
                let (a, b, c, d) = (line[2 * tile], line[2 * tile + 1], line[2 * tile + 2], line[2 * tile + 3])
                v0[tile] = a - c
                v1[tile] = b + c
                v2[tile] = c - b
                v3[tile] = b - d
            }
        }
        horizontal(t0, 0)
        horizontal(t1, 1)
        horizontal(t2, 2)
        horizontal(t3, 3)
    }

    /// Aᵀ M A for one tile row of one output channel, plus the bias, into the 2x2 outputs that lie inside the
    /// image (the last tile row and column are partial when H or W is odd).
    @inline(__always)
    private func transformOutputRow(_ products: UnsafePointer<Float>, planeStride: Int, bias: Float, tileRow: Int,
                                    into plane: UnsafeMutablePointer<Float>) {
        let m = { (position: Int) in products + position * planeStride }
        let top = plane + 2 * tileRow * width
        let secondRow = 2 * tileRow + 1 < height
        let bottom = secondRow ? top + width : top
        let (m0, m1, m2, m3, m4, m5, m6, m7) = (m(0), m(1), m(2), m(3), m(4), m(5), m(6), m(7))
        let (m8, m9, m10, m11, m12, m13, m14, m15) = (m(8), m(9), m(10), m(11), m(12), m(13), m(14), m(15))
        @inline(__always) func outputs(_ t: Int) -> (Float, Float, Float, Float) {
            let s00 = m0[t] + m1[t] + m2[t], s01 = m1[t] - m2[t] - m3[t]
            let s10 = m4[t] + m5[t] + m6[t], s11 = m5[t] - m6[t] - m7[t]
            let s20 = m8[t] + m9[t] + m10[t], s21 = m9[t] - m10[t] - m11[t]
            let s30 = m12[t] + m13[t] + m14[t], s31 = m13[t] - m14[t] - m15[t]
            return (s00 + s10 + s20 + bias, s01 + s11 + s21 + bias, s10 - s20 - s30 + bias, s11 - s21 - s31 + bias)
        }
        let fullTiles = width / 2
        if secondRow {
            for t in 0..<fullTiles {
                let (a, b, c, d) = outputs(t)
                top[2 * t] = a; top[2 * t + 1] = b
                bottom[2 * t] = c; bottom[2 * t + 1] = d
            }
        } else {
            for t in 0..<fullTiles {
                let (a, b, _, _) = outputs(t)
                top[2 * t] = a; top[2 * t + 1] = b
            }
        }
        if fullTiles < tilesWide {
            let (a, _, c, _) = outputs(fullTiles)
            top[2 * fullTiles] = a
            if secondRow { bottom[2 * fullTiles] = c }
        }
    }

    /// A dY Aᵀ for one tile row of one output channel's gradient (zero outside the image), position p of tile t
    /// into `target[p * planeStride + t]`: the adjoint of `transformOutputRow`.
    @inline(__always)
    private func transformUpstreamRow(_ plane: UnsafePointer<Float>, tileRow: Int, zeros: UnsafePointer<Float>,
                                      into target: UnsafeMutablePointer<Float>, planeStride: Int) {
        let top = plane + 2 * tileRow * width
        let bottom = 2 * tileRow + 1 < height ? top + width : zeros
        let v = { (position: Int) in target + position * planeStride }
        let (v0, v1, v2, v3, v4, v5, v6, v7) = (v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7))
        let (v8, v9, v10, v11, v12, v13, v14, v15) = (v(8), v(9), v(10), v(11), v(12), v(13), v(14), v(15))
        @inline(__always) func store(_ t: Int, _ a: Float, _ b: Float, _ c: Float, _ d: Float) {
            // Rows: h0 = (a, a + b, a - b, -b) from the top outputs, h1 likewise from the bottom; then A down the columns.
            let (h00, h01, h02, h03) = (a, a + b, a - b, -b)
            let (h10, h11, h12, h13) = (c, c + d, c - d, -d)
            v0[t] = h00; v1[t] = h01; v2[t] = h02; v3[t] = h03
            v4[t] = h00 + h10; v5[t] = h01 + h11; v6[t] = h02 + h12; v7[t] = h03 + h13
            v8[t] = h00 - h10; v9[t] = h01 - h11; v10[t] = h02 - h12; v11[t] = h03 - h13
            v12[t] = -h10; v13[t] = -h11; v14[t] = -h12; v15[t] = -h13
        }
        let fullTiles = width / 2
        for t in 0..<fullTiles {
            store(t, top[2 * t], top[2 * t + 1], bottom[2 * t], bottom[2 * t + 1])
        }
        if fullTiles < tilesWide {
            store(fullTiles, top[2 * fullTiles], 0, bottom[2 * fullTiles], 0)
        }
    }
}
