/// Lays images out in a grid, for looking at many frames at once.
public enum ContactSheet {
    /// A grid with one row per inner array; cells take the largest image size, empty cells stay background.
    ///
    /// - labels: optional captions, same shape as `rows` (missing entries are blank), drawn in a strip under
    ///   each cell; non-ASCII characters show as "?".
    /// - border: optional color of a 1 px frame around each image.
    /// Grey images are replicated to RGB and alpha is dropped.
    public static func compose(rows: [[Image]], spacing: Int = 2, background: [UInt8] = [255, 255, 255],
                               labels: [[String]]? = nil, border: [UInt8]? = nil) -> Image {
        precondition(spacing >= 0, "spacing must not be negative, got \(spacing)")
        precondition(background.count == 3 && (border?.count ?? 3) == 3, "colors are RGB triples")
        let layout = Layout(rows: rows, spacing: spacing, labels: labels, border: border)
        let (cellHeight, textHeight, frame) = (layout.cellHeight, layout.textHeight, layout.frame)
        let (pitchX, pitchY) = (layout.pitchX, layout.pitchY)
        var sheet = Image(width: layout.width, height: layout.height, fill: background)
        let textColor = background.map(Int.init).reduce(0, +) > 3 * 128 ? [30.0, 30, 30] : [235.0, 235, 235]
        for (rowIndex, row) in rows.enumerated() {
            for (columnIndex, image) in row.enumerated() {
                let originX = spacing + columnIndex * pitchX + frame
                let originY = spacing + rowIndex * pitchY + frame
                if let border {
                    for x in (originX - 1)...(originX + image.width) {
                        for channel in 0..<3 {
                            sheet[x, originY - 1, channel] = border[channel]
                            sheet[x, originY + image.height, channel] = border[channel]
                        }
                    }
                    for y in (originY - 1)...(originY + image.height) {
                        for channel in 0..<3 {
                            sheet[originX - 1, y, channel] = border[channel]
                            sheet[originX + image.width, y, channel] = border[channel]
                        }
                    }
                }
                copy(image, into: &sheet, x: originX, y: originY)
                if let labels, rowIndex < labels.count, columnIndex < labels[rowIndex].count,
                   !labels[rowIndex][columnIndex].isEmpty {
                    sheet.drawText(labels[rowIndex][columnIndex], x: originX,
                                   y: originY + cellHeight + frame + 3 + textHeight, color: textColor)
                }
            }
        }
        return sheet
    }

    /// Composes and writes the sheet as a PNG (atomically); throws, before composing, when the sheet would be
    /// larger than `Image.maximumSide` on a side (too many or too large cells to read back or hold in memory).
    public static func write(rows: [[Image]], path: String, spacing: Int = 2, background: [UInt8] = [255, 255, 255],
                             labels: [[String]]? = nil, border: [UInt8]? = nil) throws {
        let layout = Layout(rows: rows, spacing: spacing, labels: labels, border: border)
        guard layout.width <= Image.maximumSide, layout.height <= Image.maximumSide else {
            throw ImagingError.unwritable(path: path, reason: "a grid of \(layout.width)x\(layout.height) px is larger than "
                                          + "\(Image.maximumSide) px on a side: show fewer or smaller images")
        }
        try PNGCodec.write(compose(rows: rows, spacing: spacing, background: background, labels: labels, border: border),
                           path: path)
    }

    private static func copy(_ image: Image, into sheet: inout Image, x originX: Int, y originY: Int) {
        for y in 0..<image.height {
            for x in 0..<image.width {
                for channel in 0..<3 {
                    sheet[originX + x, originY + y, channel] = image[x, y, image.channels == 1 ? 0 : channel]
                }
            }
        }
    }

    /// Where the cells go: the largest image's size, a caption strip when any label is given, a 1 px border.
    struct Layout {
        let cellWidth: Int, cellHeight: Int, textHeight: Int, frame: Int, pitchX: Int, pitchY: Int, width: Int, height: Int

        init(rows: [[Image]], spacing: Int, labels: [[String]]?, border: [UInt8]?) {
            let images = rows.flatMap { $0 }
            cellWidth = images.map(\.width).max() ?? 1
            cellHeight = images.map(\.height).max() ?? 1
            let hasLabels = labels?.contains { $0.contains { !$0.isEmpty } } ?? false
            textHeight = Image.textSize("Ag").height
            let labelHeight = hasLabels ? textHeight + 6 : 0
            frame = border == nil ? 0 : 1
            let columns = max(1, rows.map(\.count).max() ?? 1)
            pitchX = cellWidth + 2 * frame + spacing
            pitchY = cellHeight + 2 * frame + labelHeight + spacing
            width = columns * pitchX + spacing
            height = max(1, rows.count) * pitchY + spacing
        }
    }
}
