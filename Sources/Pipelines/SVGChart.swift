import Foundation

/// Inline SVG charts for the report (no scripts, no external files): bars with error bars and line plots.
public enum SVGChart {
    /// Colors of successive series, readable on white.
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"]

    public struct Bar: Sendable {
        public var label: String
        public var mean: Double
        public var deviation: Double
        /// The palette entry (so one variant keeps its color across charts); nil: the bar's position.
        public var colorIndex: Int?

        public init(label: String, mean: Double, deviation: Double, colorIndex: Int? = nil) {
            self.label = label
            self.mean = mean
            self.deviation = deviation
            self.colorIndex = colorIndex
        }
    }

    public struct Series: Sendable {
        public var name: String
        /// (x, y, deviation of y or 0).
        public var points: [(x: Double, y: Double, deviation: Double)]
        /// The palette entry; nil: the series' position.
        public var colorIndex: Int?

        public init(name: String, points: [(x: Double, y: Double, deviation: Double)], colorIndex: Int? = nil) {
            self.name = name
            self.points = points
            self.colorIndex = colorIndex
        }
    }

    static let height = 300.0
    static let left = 64.0, right = 16.0, top = 28.0, bottom = 56.0

    /// Vertical bars with ±deviation whiskers and the value above each bar.
    public static func bars(_ bars: [Bar], title: String, yLabel: String) -> String {
        let width = 540.0
        let maximum = max(bars.map { $0.mean + $0.deviation }.max() ?? 1, 1e-9) * 1.15
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func y(_ value: Double) -> Double { top + plotHeight * (1 - value / maximum) }
        var svg = header(title: title, width: width) + axes(yMaximum: maximum, yLabel: yLabel, xLabel: nil, log: false, xRange: nil,
                                                            plotWidth: plotWidth)
        let slot = plotWidth / Double(max(bars.count, 1))
        for (index, bar) in bars.enumerated() {
            let x = left + slot * Double(index) + slot * 0.2, barWidth = slot * 0.6, middle = x + barWidth / 2
            svg += rect(x: x, y: y(bar.mean), width: barWidth, height: max(0, y(0) - y(bar.mean)), fill: palette[(bar.colorIndex ?? index) % palette.count])
            if bar.deviation > 0 {
                svg += line(middle, y(bar.mean - bar.deviation), middle, y(bar.mean + bar.deviation))
                svg += line(middle - 6, y(bar.mean + bar.deviation), middle + 6, y(bar.mean + bar.deviation))
                svg += line(middle - 6, y(max(0, bar.mean - bar.deviation)), middle + 6, y(max(0, bar.mean - bar.deviation)))
            }
            svg += text(middle, y(bar.mean + bar.deviation) - 5, String(format: "%.3f", bar.mean), anchor: "middle", size: 11)
            svg += text(middle, height - bottom + 16, bar.label, anchor: "middle", size: 11)
        }
        return svg + "</svg>"
    }

    /// Ratios per labeled row as horizontal bars on a log2 axis around 1 (a line marks 1: bars to the left are
    /// below it), one bar per series in each row; a missing value leaves its bar out.
    public static func ratios(_ rows: [(label: String, values: [Double?])], series: [String], title: String) -> String {
        let labelWidth = 230.0, plotWidth = 420.0, legendHeight = 22.0, rowHeight = 12.0 * Double(max(series.count, 1)) + 8
        let width = labelWidth + plotWidth + right, chartHeight = top + legendHeight + rowHeight * Double(rows.count) + 36
        let values = rows.flatMap(\.values).compactMap { $0 }.filter { $0 > 0 }
        let extent = max(1, (values.map { abs(Foundation.log2($0)) }.max() ?? 1).rounded(.up))
        func x(_ ratio: Double) -> Double { labelWidth + plotWidth * (Foundation.log2(ratio) + extent) / (2 * extent) }
        var svg = header(title: title, width: width, height: chartHeight)
        for (index, name) in series.enumerated() {
            let left = labelWidth + Double(index) * 200
            svg += rect(x: left, y: top + 2, width: 10, height: 10, fill: palette[index % palette.count])
            svg += text(left + 14, top + 11, name, anchor: "start", size: 11)
        }
        let plotTop = top + legendHeight
        for (row, entry) in rows.enumerated() {
            let y0 = plotTop + rowHeight * Double(row)
            svg += text(labelWidth - 6, y0 + rowHeight / 2 + 4, entry.label, anchor: "end", size: 11)
            for (index, value) in entry.values.enumerated() {
                guard let value, value > 0 else { continue }
                let y = y0 + 4 + 12 * Double(index), from = min(x(1), x(value)), to = max(x(1), x(value))
                svg += rect(x: from, y: y, width: max(1, to - from), height: 10, fill: palette[index % palette.count])
                svg += text(value < 1 ? from - 3 : to + 3, y + 9, String(format: "%.2f", value), anchor: value < 1 ? "end" : "start", size: 9)
            }
        }
        let bottomY = plotTop + rowHeight * Double(rows.count)
        svg += line(x(1), plotTop, x(1), bottomY, color: "#000")
        for power in stride(from: -Int(extent), through: Int(extent), by: 1) {
            let ratio = Foundation.pow(2, Double(power))
            svg += line(x(ratio), bottomY, x(ratio), bottomY + 4)
            svg += text(x(ratio), bottomY + 16, ratio >= 1 ? String(format: "%.0f", ratio) : String(format: "1/%.0f", 1 / ratio), anchor: "middle", size: 10)
        }
        return svg + text(labelWidth + plotWidth / 2, bottomY + 30, "ratio (log scale; left of 1: edited pretraining lower)",
                          anchor: "middle", size: 11) + "</svg>"
    }

    /// Lines with markers (and ±deviation whiskers), optionally on a log x axis (0 is placed one decade below the
    /// smallest positive x).
    public static func lines(_ series: [Series], title: String, xLabel: String, yLabel: String, logX: Bool = false,
                             integerX: Bool = false) -> String {
        let width = 640.0, legendWidth = 190.0
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return header(title: title, width: width) + "</svg>" }
        let smallest = all.map(\.x).filter { $0 > 0 }.min() ?? 1
        func position(_ x: Double) -> Double { logX ? log10(x > 0 ? x : smallest / 10) : x }
        let xs = all.map { position($0.x) }
        let span = max(xs.max()! - xs.min()!, 1e-9)
        // A margin on both sides keeps the first and last points (and their whiskers) off the axes.
        let xRange = (xs.min()! - 0.05 * span, xs.max()! + 0.05 * span)
        let yMaximum = max(all.map { $0.y + $0.deviation }.max()!, 1e-9) * 1.1
        let plotWidth = width - left - right - legendWidth, plotHeight = height - top - bottom
        func px(_ x: Double, offset: Double = 0) -> Double { left + plotWidth * (position(x) - xRange.0) / (xRange.1 - xRange.0) + offset }
        func py(_ y: Double) -> Double { top + plotHeight * (1 - y / yMaximum) }
        var svg = header(title: title, width: width) + axes(yMaximum: yMaximum, yLabel: yLabel, xLabel: xLabel, log: logX,
                                                            xRange: xRange, plotWidth: plotWidth, zeroPosition: logX && all.contains { $0.x <= 0 } ? position(0) : nil,
                                                            integerX: integerX)
        for (index, entry) in series.enumerated() {
            let color = palette[(entry.colorIndex ?? index) % palette.count]
            let points = entry.points.sorted { $0.x < $1.x }
            let path = points.map { String(format: "%.1f,%.1f", px($0.x), py($0.y)) }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>"
            for point in points {
                svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" ", px(point.x), py(point.y)) + "fill=\"\(color)\"/>"
                if point.deviation > 0 {
                    // Whiskers of different series are set a few pixels apart so they do not hide each other.
                    let x = px(point.x, offset: 3 * (Double(index) - Double(series.count - 1) / 2))
                    let low = py(max(0, point.y - point.deviation)), high = py(point.y + point.deviation)
                    svg += line(x, low, x, high, color: color) + line(x - 3, low, x + 3, low, color: color) + line(x - 3, high, x + 3, high, color: color)
                }
            }
            let legendY = top + 16 * Double(index) + 8
            svg += line(width - legendWidth + 10, legendY, width - legendWidth + 28, legendY, color: color, widthValue: 3)
            svg += text(width - legendWidth + 34, legendY + 4, entry.name, anchor: "start", size: 11)
        }
        return svg + "</svg>"
    }

    private static func header(title: String, width: Double, height: Double = height) -> String {
        String(format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               + "font-family=\"sans-serif\"><rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", width, height, width, height)
            + text(width / 2, 18, title, anchor: "middle", size: 13, bold: true)
    }

    private static func axes(yMaximum: Double, yLabel: String, xLabel: String?, log: Bool, xRange: (Double, Double)?,
                             plotWidth: Double, zeroPosition: Double? = nil, integerX: Bool = false) -> String {
        let plotHeight = height - top - bottom
        var svg = line(left, top, left, top + plotHeight) + line(left, top + plotHeight, left + plotWidth, top + plotHeight)
        let step = niceStep(yMaximum / 5)
        var value = 0.0
        while value <= yMaximum + 1e-12 {
            let y = top + plotHeight * (1 - value / yMaximum)
            svg += line(left - 4, y, left, y) + line(left, y, left + plotWidth, y, color: "#e5e5e5")
            svg += text(left - 7, y + 4, String(format: step < 0.01 ? "%.3g" : "%.2f", value), anchor: "end", size: 10)
            value += step
        }
        svg += "<text transform=\"translate(14,\(top + plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">\(ReportPage.escape(yLabel))</text>"
        if let xLabel, let xRange {
            svg += text(left + plotWidth / 2, height - 12, xLabel, anchor: "middle", size: 11)
            let decades = Array(stride(from: floor((zeroPosition ?? xRange.0) + 1e-9) + 1, through: floor(xRange.1), by: 1))
            let ticks: [Double] = log ? (zeroPosition.map { [$0] } ?? []) + decades
                : integerX ? Array(stride(from: ceil(xRange.0), through: floor(xRange.1), by: niceStep(max(1, (xRange.1 - xRange.0) / 6)).rounded(.up)))
                : (0...4).map { xRange.0 + (xRange.1 - xRange.0) * Double($0) / 4 }
            for tick in ticks where tick >= xRange.0 - 1e-9 && tick <= xRange.1 + 1e-9 {
                let x = left + plotWidth * (tick - xRange.0) / (xRange.1 - xRange.0)
                svg += line(x, top + plotHeight, x, top + plotHeight + 4)
                let label = log ? (zeroPosition == tick ? "0" : String(format: "%g", pow(10, tick)))
                    : String(format: "%g", (tick * 100).rounded() / 100)
                svg += text(x, top + plotHeight + 16, label, anchor: "middle", size: 10)
            }
        }
        return svg
    }

    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(max(raw, 1e-12))))
        for factor in [1.0, 2, 2.5, 5, 10] where raw <= factor * magnitude { return factor * magnitude }
        return 10 * magnitude
    }

    private static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String = "#333", widthValue: Double = 1) -> String {
        String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"%.0f\" ", x1, y1, x2, y2, widthValue)
            + "stroke=\"\(color)\"/>"
    }

    private static func rect(x: Double, y: Double, width: Double, height: Double, fill: String) -> String {
        String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ", x, y, width, height) + "fill=\"\(fill)\"/>"
    }

    private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int, bold: Bool = false) -> String {
        String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\"", x, y, size)
            + " text-anchor=\"\(anchor)\"\(bold ? " font-weight=\"bold\"" : "")>" + ReportPage.escape(content) + "</text>"
    }
}
