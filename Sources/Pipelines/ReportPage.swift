import Foundation

/// A self-contained HTML page (inline CSS, SVG and base64 PNG; nothing fetched) built from titled sections.
public struct ReportPage {
    public var title: String
    public var subtitle: String
    private var sections: [(heading: String, body: String)] = []
    /// Estimated rendered height in CSS pixels, so a headless browser can take a screenshot of the whole page
    /// without a tail of blank space (written as `<meta name="report-height">`).
    private var height = 90

    public init(title: String, subtitle: String) {
        self.title = title
        self.subtitle = subtitle
    }

    /// Adds a section; `height` is the body's approximate rendered height in CSS pixels.
    public mutating func add(_ heading: String, _ body: String, height: Int) {
        sections.append((heading, body))
        self.height += 60 + height
    }

    /// Approximate heights of the building blocks, for `add(_:_:height:)`.
    public static func tableHeight(rows: Int) -> Int { 30 + 24 * rows }
    public static let chartRowHeight = 312
    public static let noteHeight = 44
    public static func gridHeight(rows: Int) -> Int { 26 + 152 * rows }
    public static func preformattedHeight(_ text: String) -> Int { 24 + 14 * text.split(separator: "\n", omittingEmptySubsequences: false).count }

    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <meta name="report-height" content="\(height + 40)">
            <style>
            body { font-family: sans-serif; margin: 24px auto; max-width: 1200px; color: #222; }
            h1 { font-size: 22px; margin-bottom: 2px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
            .subtitle { color: #666; font-size: 13px; }
            table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; } th { background: #f3f3f3; }
            td:first-child, th:first-child { text-align: left; }
            .charts { display: flex; flex-wrap: wrap; gap: 12px; }
            .grid { border-collapse: collapse; } .grid td { border: none; padding: 2px; text-align: center; font-size: 12px; }
            .grid img { width: 144px; height: 144px; image-rendering: pixelated; display: block; }
            pre { background: #f7f7f7; padding: 8px; font-size: 12px; overflow-x: auto; }
            .note { color: #666; font-size: 13px; }
            </style></head><body>
            <h1>\(Self.escape(title))</h1><div class="subtitle">\(Self.escape(subtitle))</div>

            """
        for section in sections {
            page += "<h2>\(Self.escape(section.heading))</h2>\n\(section.body)\n"
        }
        return page + "</body></html>\n"
    }

    /// A table with a header row; cells are escaped.
    public static func table(_ headers: [String], _ rows: [[String]]) -> String {
        htmlTable(headers, rows.map { $0.map(escape) })
    }

    /// A table whose cells are HTML already (images, markup); headers are escaped.
    public static func htmlTable(_ headers: [String], _ rows: [[String]], class name: String? = nil) -> String {
        var html = "<table\(name.map { " class=\"\($0)\"" } ?? "")><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in rows {
            html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    /// A PNG as an inline image.
    public static func image(_ png: Data) -> String {
        "<img alt=\"\" src=\"data:image/png;base64,\(png.base64EncodedString())\">"
    }

    /// Rows of PNG images under column headings (each image a base64 data URL).
    public static func imageGrid(columns: [String], rows: [[Data]]) -> String {
        var html = "<table class=\"grid\"><tr>" + columns.map { "<td><b>\(escape($0))</b></td>" }.joined() + "</tr>"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(image($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
