/// Lays images out in a grid, for looking at many frames at once.
public enum ContactSheet {
    /// A grid with one row per inner array; cells take the largest image size, empty cells stay background.
    public static func compose(rows: [[Image]], spacing: Int = 2, background: [UInt8] = [255, 255, 255]) -> Image {
        let cellWidth = rows.flatMap { $0 }.map(\.width).max() ?? 1
        let cellHeight = rows.flatMap { $0 }.map(\.height).max() ?? 1
        let columns = max(1, rows.map(\.count).max() ?? 1)
        let width = columns * cellWidth + (columns + 1) * spacing
        let height = max(1, rows.count) * cellHeight + (max(1, rows.count) + 1) * spacing
        var sheet = Image(width: width, height: height, fill: background)
        for (rowIndex, row) in rows.enumerated() {
            for (columnIndex, image) in row.enumerated() {
                let originX = spacing + columnIndex * (cellWidth + spacing)
                let originY = spacing + rowIndex * (cellHeight + spacing)
                for y in 0..<image.height {
                    for x in 0..<image.width {
                        for channel in 0..<3 {
                            let value = image.channels == 1 ? image[x, y, 0] : image[x, y, min(channel, image.channels - 1)]
                            sheet[originX + x, originY + y, channel] = value
                        }
                    }
                }
            }
        }
        return sheet
    }
}
