import Foundation
import Pipelines
import Testing
import TestSupport

/// The report's building blocks and the report stage end to end.
@Suite struct ReportPageTests {
    @Test func chartsAndTablesAreSelfContainedAndEscaped() {
        let bars = SVGChart.bars([.init(label: "sim", mean: 0.19, deviation: 0.02), .init(label: "edited <a>", mean: 0.158, deviation: 0)],
                                 title: "MSE", yLabel: "MSE")
        #expect(bars.hasPrefix("<svg") && bars.hasSuffix("</svg>"))
        #expect(bars.contains("0.190") && bars.contains("edited &lt;a&gt;") && !bars.contains("<a>"))
        let lines = SVGChart.lines([.init(name: "real_only", points: [(0, 1.2, 0.1), (100, 0.8, 0), (1000, 0.3, 0.05)])],
                                   title: "curve", xLabel: "N", yLabel: "MSE", logX: true)
        #expect(lines.contains("<polyline") && lines.contains(">0</text>") && lines.contains(">1000</text>"))
        var page = ReportPage(title: "t & u", subtitle: "s")
        page.add("Table", ReportPage.table(["a", "b"], [["1", "<2>"]]), height: ReportPage.tableHeight(rows: 1))
        page.add("Images", ReportPage.imageGrid(columns: ["x"], rows: [[Data([1, 2, 3])]]), height: ReportPage.gridHeight(rows: 1))
        let html = page.html
        #expect(html.contains("<title>t &amp; u</title>") && html.contains("<td>&lt;2&gt;</td>"))
        #expect(html.contains("data:image/png;base64,AQID"))
        #expect(!html.contains("src=\"http") && !html.contains("href=") && !html.contains("<script"), "fetches nothing")
        #expect(html.contains("<meta name=\"report-height\" content=\""))
    }
}
