import CKernels

/// Which kernel `conv2d` runs; `automatic` picks Winograd where it applies. Tests force each to compare them.
enum ConvolutionAlgorithm: Sendable {
    case automatic, im2col, winograd
    /// Winograd on its portable code (Swift transforms, `cblas_sgemm` products) even where CKernels' AVX-512
    /// code would run.
    case winogradPortable
    /// im2col on its portable code (Swift column copies, `cblas_sgemm` products) even where CKernels' AVX-512
    /// code would run.
    case im2colPortable
    /// The phase-plane convolution (3x3, stride 2, padding 1, AVX-512 CPUs only).
    case strideTwo
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
    /// Whether the tile transforms and products run on CKernels' AVX-512 code (else Swift loops and OpenBLAS).
    let vectorKernels: Bool
    /// Where the 16 per-position products run.
    var products: MatrixProductKernel { vectorKernels ? .automatic : .openBLAS }

    /// Float budget of one block's transformed inputs and products (16 x (C + O) x tiles): 1 MiB, the L2 size of
    /// the machine it was tuned on. One sweep of `bench nn` (shared, noisy machine) gave UNet steps of 0.38, 0.35,
    /// 0.32, 0.33 and 0.38 s at 256 KiB, 512 KiB, 1, 2 and 4 MiB.
    static let blockBudget = 262_144

    init(batch: Int, channels: Int, outChannels: Int, height: Int, width: Int,
         vectorKernels: Bool = VectorMath.avx512KernelsAvailable) {
        (self.batch, self.channels, self.outChannels, self.height, self.width) = (batch, channels, outChannels, height, width)
        self.vectorKernels = vectorKernels
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
    /// transformed position). With `flippedTransposed`, those of the input-gradient convolution instead: filter
    /// (c, o) is weight (o, c) turned by 180°, laid out [16, C, O]. Turning g turns G g Gᵀ by swapping its rows
    /// 0 and 3 and its columns 0 and 3, so no turned copy of the weights is made.
    static func transformFilters(_ weight: UnsafePointer<Float>, outChannels: Int, channels: Int,
                                 flippedTransposed: Bool = false) -> [Float] {
        let (rowsCount, columns) = flippedTransposed ? (channels, outChannels) : (outChannels, channels)
        let planeStride = outChannels * channels
        // Taps of filter (row, column) of the result sit `tapStride` apart from those of its neighbour column.
        let tapStride = flippedTransposed ? 9 * channels : 9
        // Index of transformed position (i, j) in the result.
        @inline(__always) func position(_ i: Int, _ j: Int) -> Int {
            flippedTransposed ? (i == 0 || i == 3 ? 3 - i : i) * 4 + (j == 0 || j == 3 ? 3 - j : j) : i * 4 + j
        }
        var filters = [Float].uninitialized(count: 16 * planeStride)  // all 16 planes written below
        filters.withUnsafeMutableBufferPointer { buffer in
            let target = buffer.baseAddress!
            @inline(__always) func transform<Vector: SIMD>(_ tap: (Int) -> Vector, _ write: (Vector, Int) -> Void)
                where Vector.Scalar == Float {
                let half = Vector(repeating: 0.5)
                // G applied to three values (a row of g, then a column of g Gᵀ).
                @inline(__always) func expand(_ a: Vector, _ b: Vector, _ d: Vector) -> (Vector, Vector, Vector, Vector) {
                    (a, half * (a + b + d), half * (a - b + d), d)
                }
                let (r0, r1, r2) = (expand(tap(0), tap(1), tap(2)), expand(tap(3), tap(4), tap(5)), expand(tap(6), tap(7), tap(8)))
                @inline(__always) func column(_ x: Vector, _ y: Vector, _ z: Vector, _ j: Int) {
                    let values = expand(x, y, z)
                    write(values.0, position(0, j)); write(values.1, position(1, j))
                    write(values.2, position(2, j)); write(values.3, position(3, j))
                }
                column(r0.0, r1.0, r2.0, 0)
                column(r0.1, r1.1, r2.1, 1)
                column(r0.2, r1.2, r2.2, 2)
                column(r0.3, r1.3, r2.3, 3)
            }
            // Rows are independent: split among threads (this runs once per convolution pass, outside the image loop).
            let (sharedWeight, sharedTarget) = (UncheckedSendable(weight), UncheckedSendable(target))
            ComputeThreads.parallelFor(rowsCount, costPerItem: columns * 9 * 4) { rows in
                let (weight, target) = (sharedWeight.value, sharedTarget.value)
                for row in rows {
                    let first = flippedTransposed ? weight + row * 9 : weight + row * channels * 9
                    let line = target + row * columns
                    var columnIndex = 0
                    while columnIndex + 4 <= columns {
                        let source = first + columnIndex * tapStride
                        transform({ SIMD4(source[$0], source[tapStride + $0], source[2 * tapStride + $0], source[3 * tapStride + $0]) },
                                  { UnsafeMutableRawPointer(line + $1 * planeStride + columnIndex).storeBytes(of: $0, as: SIMD4<Float>.self) })
                        columnIndex += 4
                    }
                    while columnIndex < columns {
                        let source = first + columnIndex * tapStride
                        transform({ SIMD2(source[$0], 0) }, { line[$1 * planeStride + columnIndex] = $0[0] })
                        columnIndex += 1
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
        gradient.withUnsafeMutableBufferPointer { buffer in
            let target = buffer.baseAddress!
            @inline(__always) func transform<Vector: SIMD>(_ position: (Int) -> Vector, _ write: (Vector, Int) -> Void)
                where Vector.Scalar == Float {
                let half = Vector(repeating: 0.5)
                // Gᵀ applied to four values (a row of dU, then a column of dU G).
                @inline(__always) func reduce(_ a: Vector, _ b: Vector, _ d: Vector, _ e: Vector) -> (Vector, Vector, Vector) {
                    (a + half * (b + d), half * (b - d), half * (b + d) + e)
                }
                let q0 = reduce(position(0), position(1), position(2), position(3))
                let q1 = reduce(position(4), position(5), position(6), position(7))
                let q2 = reduce(position(8), position(9), position(10), position(11))
                let q3 = reduce(position(12), position(13), position(14), position(15))
                @inline(__always) func column(_ values: (Vector, Vector, Vector), _ j: Int) {
                    write(values.0, j); write(values.1, 3 + j); write(values.2, 6 + j)
                }
                column(reduce(q0.0, q1.0, q2.0, q3.0), 0)
                column(reduce(q0.1, q1.1, q2.1, q3.1), 1)
                column(reduce(q0.2, q1.2, q2.2, q3.2), 2)
            }
            var index = 0
            while index + 4 <= planeStride {
                let (source, filters) = (transformed + index, target + index * 9)
                transform({ UnsafeRawPointer(source + $0 * planeStride).loadUnaligned(as: SIMD4<Float>.self) }) { value, tap in
                    filters[tap] = value[0]; filters[9 + tap] = value[1]; filters[18 + tap] = value[2]; filters[27 + tap] = value[3]
                }
                index += 4
            }
            while index < planeStride {
                let (source, filters) = (transformed + index, target + index * 9)
                transform({ SIMD2(source[$0 * planeStride], 0) }) { value, tap in filters[tap] = value[0] }
                index += 1
            }
        }
        return gradient
    }

    // MARK: - Passes

    /// `output` [N, O, H, W] = `input` convolved with `weight` [O, C, 3, 3] (+ `bias`), its filters transformed here.
    func forward(input: Tensor, weight: Tensor, bias: Tensor?, output: UnsafeMutablePointer<Float>) {
        let filters = weight.scalars.withUnsafeBufferPointer {
            Self.transformFilters($0.baseAddress!, outChannels: outChannels, channels: channels)
        }
        let biasValues = bias?.scalars ?? []
        input.scalars.withUnsafeBufferPointer { source in
            filters.withUnsafeBufferPointer { kernel in
                biasValues.withUnsafeBufferPointer { shift in
                    forward(input: source.baseAddress!, filters: kernel.baseAddress!, bias: bias == nil ? nil : shift.baseAddress,
                            output: output)
                }
            }
        }
    }

    /// `output` [N, O, H, W] = `input` [N, C, H, W] convolved with the transformed `filters` [16, O, C], plus `bias`.
    func forward(input: UnsafePointer<Float>, filters: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>) {
        let (source, kernel, target) = (UncheckedSendable(input), UncheckedSendable(filters), UncheckedSendable(output))
        let biasPointer = UncheckedSendable(bias)
        ComputeThreads.parallelChunks(batch, costPerItem: costPerImage, scratchCount: scratchCount) { _, images, scratch in
            let (transformed, products, rows, zeros) = layout(scratch)
            forEachBlock(images) { firstRow, rowCount in
                let tiles = rowCount * tilesWide
                transformInputs(source.value, firstRow: firstRow, rowCount: rowCount, into: transformed, rows: rows, zeros: zeros)
                for position in 0..<16 {
                    self.products.multiply(rows: outChannels, columns: tiles, inner: channels,
                                           kernel.value + position * outChannels * channels, leading: channels,
                                           transformed + position * channels * tiles, leading: tiles,
                                           into: products + position * outChannels * tiles, leading: tiles)
                }
                if vectorKernels {
                    ckernels_winograd_outputs_avx512(products, biasPointer.value, Int32(outChannels), Int32(height), Int32(width),
                                                     Int32(firstRow), Int32(rowCount), target.value)
                } else {
                    transformOutputs(products, firstRow: firstRow, rowCount: rowCount, bias: biasPointer.value, into: target.value)
                }
            }
        }
    }

    /// The gradient of the transformed filters [16, O, C] summed over the batch: for each position, dU =
    /// Σ_tiles (A dY Aᵀ) x (Bᵀ d B)ᵀ, one GEMM per block. Each thread sums its images' blocks in order and the
    /// threads' sums are added in chunk order, so a thread count always gives the same bits.
    func transformedFilterGradient(input: UnsafePointer<Float>, upstream: UnsafePointer<Float>) -> [Float] {
        let planeStride = outChannels * channels
        let (source, gradient) = (UncheckedSendable(input), UncheckedSendable(upstream))
        return ComputeThreads.chunkOrderedSum(batch, costPerItem: costPerImage, scratchCount: scratchCount,
                                              length: 16 * planeStride) { images, total, scratch in
            let (transformed, upstreamTransformed, rows, zeros) = layout(scratch)
            forEachBlock(images) { firstRow, rowCount in
                let tiles = rowCount * tilesWide
                transformInputs(source.value, firstRow: firstRow, rowCount: rowCount, into: transformed, rows: rows, zeros: zeros)
                if vectorKernels {
                    ckernels_winograd_upstream_avx512(gradient.value, Int32(outChannels), Int32(height), Int32(width), Int32(firstRow),
                                                      Int32(rowCount), upstreamTransformed)
                } else {
                    transformUpstreamRows(gradient.value, firstRow: firstRow, rowCount: rowCount, into: upstreamTransformed, zeros: zeros)
                }
                for position in 0..<16 {
                    products.multiplyTransposedAccumulating(rows: outChannels, columns: channels, inner: tiles,
                                                            upstreamTransformed + position * outChannels * tiles, leading: tiles,
                                                            transformed + position * channels * tiles, leading: tiles,
                                                            into: total + position * planeStride, leading: channels)
                }
            }
        }
    }

    /// One thread's scratch split into transformed inputs, products (or transformed output gradients), four
    /// padded rows and a row of zeros (written here).
    private func layout(_ scratch: UnsafeMutablePointer<Float>)
        -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        let capacity = rowsPerBlock * tilesWide
        let transformed = scratch, second = transformed + 16 * channels * capacity
        let rows = second + 16 * outChannels * capacity, zeros = rows + 4 * paddedWidth
        zeros.update(repeating: 0, count: width)
        return (transformed, second, rows, zeros)
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
    //
    // The portable transforms (CKernels has AVX-512 versions of the three, 16 tiles at a time, used where the CPU
    // has AVX-512) run on four tiles at a time with explicit SIMD4 loads and stores (16 input or output streams
    // defeat the loop vectoriser's aliasing checks); the 2-pixel interleave of tiles is done by shuffles.

    /// Bᵀ d B of every tile and channel in tile rows `firstRow..<firstRow + rowCount`, into `target`
    /// [16, C, tiles] (tiles of the block in row order). Channel-major, so each plane is read front to back.
    private func transformInputs(_ input: UnsafePointer<Float>, firstRow: Int, rowCount: Int, into target: UnsafeMutablePointer<Float>,
                                 rows: UnsafeMutablePointer<Float>, zeros: UnsafePointer<Float>) {
        if vectorKernels {
            ckernels_winograd_inputs_avx512(input, Int32(channels), Int32(height), Int32(width), Int32(firstRow), Int32(rowCount), target)
            return
        }
        let tiles = rowCount * tilesWide
        for c in 0..<channels {
            for row in 0..<rowCount {
                let (image, tileRow) = (firstRow + row).quotientAndRemainder(dividingBy: tilesHigh)
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
        var x = 0
        while x + 4 <= width {
            let (a, b, c, d) = (Self.load4(d0 + x), Self.load4(d1 + x), Self.load4(d2 + x), Self.load4(d3 + x))
            Self.store(a - c, t0 + x + 1)
            Self.store(b + c, t1 + x + 1)
            Self.store(c - b, t2 + x + 1)
            Self.store(b - d, t3 + x + 1)
            x += 4
        }
        while x < width {
            let (a, b, c, d) = (d0[x], d1[x], d2[x], d3[x])
            t0[x + 1] = a - c; t1[x + 1] = b + c; t2[x + 1] = c - b; t3[x + 1] = b - d
            x += 1
        }
        for p in (width + 1)..<padded { t0[p] = 0; t1[p] = 0; t2[p] = 0; t3[p] = 0 }
        // B along each tile of the four transformed rows: row i gives positions 4i..<4i + 4.
        @inline(__always) func horizontal(_ line: UnsafePointer<Float>, _ index: Int) {
            let (v0, v1) = (target + 4 * index * planeStride, target + (4 * index + 1) * planeStride)
            let (v2, v3) = (target + (4 * index + 2) * planeStride, target + (4 * index + 3) * planeStride)
            var tile = 0
            while tile + 4 <= tilesWide {
                let left = Self.load8(line + 2 * tile), right = Self.load8(line + 2 * tile + 2)
                let (a, b, c, d) = (left.evenHalf, left.oddHalf, right.evenHalf, right.oddHalf)
                Self.store(a - c, v0 + tile)
                Self.store(b + c, v1 + tile)
                Self.store(c - b, v2 + tile)
                Self.store(b - d, v3 + tile)
                tile += 4
            }
            while tile < tilesWide {
                let (a, b, c, d) = (line[2 * tile], line[2 * tile + 1], line[2 * tile + 2], line[2 * tile + 3])
                v0[tile] = a - c; v1[tile] = b + c; v2[tile] = c - b; v3[tile] = b - d
                tile += 1
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
        let top = plane + 2 * tileRow * width
        let secondRow = 2 * tileRow + 1 < height
        let bottom = secondRow ? top + width : top
        // Aᵀ along the tile's rows (s_i0, s_i1), then down its columns; generic over one lane or four.
        @inline(__always) func outputs<Vector: SIMD>(_ m: (Int) -> Vector) -> (Vector, Vector, Vector, Vector)
            where Vector.Scalar == Float {
            let s00 = m(0) + m(1) + m(2), s01 = m(1) - m(2) - m(3)
            let s10 = m(4) + m(5) + m(6), s11 = m(5) - m(6) - m(7)
            let s20 = m(8) + m(9) + m(10), s21 = m(9) - m(10) - m(11)
            let s30 = m(12) + m(13) + m(14), s31 = m(13) - m(14) - m(15)
            let shift = Vector(repeating: bias)
            return (s00 + s10 + s20 + shift, s01 + s11 + s21 + shift, s10 - s20 - s30 + shift, s11 - s21 - s31 + shift)
        }
        let fullTiles = width / 2
        var tile = 0
        while tile + 4 <= fullTiles {
            let (y00, y01, y10, y11) = outputs { Self.load4(products + $0 * planeStride + tile) }
            Self.store(Self.interleave(y00, y01), top + 2 * tile)
            if secondRow { Self.store(Self.interleave(y10, y11), bottom + 2 * tile) }
            tile += 4
        }
        while tile < tilesWide {
            let (y00, y01, y10, y11) = outputs { SIMD2(products[$0 * planeStride + tile], 0) }
            top[2 * tile] = y00[0]
            if secondRow { bottom[2 * tile] = y10[0] }
            if 2 * tile + 1 < width {
                top[2 * tile + 1] = y01[0]
                if secondRow { bottom[2 * tile + 1] = y11[0] }
            }
            tile += 1
        }
    }

    /// Aᵀ M A (+ bias) of every tile and output channel in tile rows `firstRow..<firstRow + rowCount`, from
    /// `products` [16, O, tiles] into `output` [N, O, H, W].
    private func transformOutputs(_ products: UnsafePointer<Float>, firstRow: Int, rowCount: Int, bias: UnsafePointer<Float>?,
                                  into output: UnsafeMutablePointer<Float>) {
        let tiles = rowCount * tilesWide
        for o in 0..<outChannels {
            for row in 0..<rowCount {
                let (image, tileRow) = (firstRow + row).quotientAndRemainder(dividingBy: tilesHigh)
                transformOutputRow(products + o * tiles + row * tilesWide, planeStride: outChannels * tiles, bias: bias?[o] ?? 0,
                                   tileRow: tileRow, into: output + (image * outChannels + o) * height * width)
            }
        }
    }

    /// A dY Aᵀ of every tile and output channel of `upstream` in tile rows `firstRow..<firstRow + rowCount`, into
    /// `target` [16, O, tiles].
    private func transformUpstreamRows(_ upstream: UnsafePointer<Float>, firstRow: Int, rowCount: Int,
                                       into target: UnsafeMutablePointer<Float>, zeros: UnsafePointer<Float>) {
        let tiles = rowCount * tilesWide
        for o in 0..<outChannels {
            for row in 0..<rowCount {
                let (image, tileRow) = (firstRow + row).quotientAndRemainder(dividingBy: tilesHigh)
                transformUpstreamRow(upstream + (image * outChannels + o) * height * width, tileRow: tileRow,
                                     zeros: zeros, into: target + o * tiles + row * tilesWide, planeStride: outChannels * tiles)
            }
        }
    }

    /// A dY Aᵀ for one tile row of one output channel's gradient (zero outside the image), position p of tile t
    /// into `target[p * planeStride + t]`: the adjoint of `transformOutputRow`.
    @inline(__always)
    private func transformUpstreamRow(_ plane: UnsafePointer<Float>, tileRow: Int, zeros: UnsafePointer<Float>,
                                      into target: UnsafeMutablePointer<Float>, planeStride: Int) {
        let top = plane + 2 * tileRow * width
        let bottom = 2 * tileRow + 1 < height ? top + width : zeros
        // Rows h0 = (a, a + b, a - b, -b) from the tile's top outputs, h1 likewise from the bottom; then A down the columns.
        @inline(__always) func store<Vector: SIMD>(_ a: Vector, _ b: Vector, _ c: Vector, _ d: Vector, _ write: (Vector, Int) -> Void)
            where Vector.Scalar == Float {
            let (h00, h01, h02, h03) = (a, a + b, a - b, -b)
            let (h10, h11, h12, h13) = (c, c + d, c - d, -d)
            write(h00, 0); write(h01, 1); write(h02, 2); write(h03, 3)
            write(h00 + h10, 4); write(h01 + h11, 5); write(h02 + h12, 6); write(h03 + h13, 7)
            write(h00 - h10, 8); write(h01 - h11, 9); write(h02 - h12, 10); write(h03 - h13, 11)
            write(-h10, 12); write(-h11, 13); write(-h12, 14); write(-h13, 15)
        }
        let fullTiles = width / 2
        var tile = 0
        while tile + 4 <= fullTiles {
            let (upper, lower) = (Self.load8(top + 2 * tile), Self.load8(bottom + 2 * tile))
            store(upper.evenHalf, upper.oddHalf, lower.evenHalf, lower.oddHalf) { Self.store($0, target + $1 * planeStride + tile) }
            tile += 4
        }
        while tile < tilesWide {
            let right = 2 * tile + 1 < width
            store(SIMD2(top[2 * tile], 0), SIMD2(right ? top[2 * tile + 1] : 0, 0), SIMD2(bottom[2 * tile], 0),
                  SIMD2(right ? bottom[2 * tile + 1] : 0, 0)) { target[$1 * planeStride + tile] = $0[0] }
            tile += 1
        }
    }

    @inline(__always) private static func load4(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always) private static func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) private static func store<Vector: SIMD>(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) where Vector.Scalar == Float {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    /// (a0, b0, a1, b1, a2, b2, a3, b3): two outputs per tile, side by side.
    @inline(__always) private static func interleave(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD8<Float> {
        SIMD8(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3])
    }
}
