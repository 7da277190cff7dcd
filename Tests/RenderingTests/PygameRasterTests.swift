@testable import Rendering
import Testing

/// Spans probed from pygame 2.6.1 (`pygame.draw.*` on a black surface, then the covered columns per row).
@Suite struct PygameRasterTests {
    @Test func discsMatchPygameMidpointCircles() {
        let disc = PygameShape.disc(centerX: 50, centerY: 50, radius: 15)
        #expect(disc.rowRange == 35...64)
        #expect(disc.span(row: 35)! == (47, 52) && disc.span(row: 36)! == (44, 55) && disc.span(row: 38)! == (41, 58))
        #expect(disc.span(row: 64)! == (47, 52) && disc.span(row: 65) == nil)
        let small = PygameShape.disc(centerX: 50, centerY: 50, radius: 2)
        #expect(small.span(row: 48)! == (49, 50) && small.span(row: 49)! == (48, 51) && small.span(row: 51)! == (49, 50))
    }

    @Test func wideLinesCoverMinusOneToPlusTwo() {
        let flat = PygameShape.wideLine(x1: 10, y1: 20, x2: 60, y2: 30)
        #expect(flat.span(row: 19)! == (10, 12) && flat.span(row: 20)! == (10, 17) && flat.span(row: 23)! == (13, 32))
        // Ties (y = 10.5 at x = 11) round toward the start point.
        let forward = PygameShape.wideLine(x1: 10, y1: 10, x2: 14, y2: 12)
        let backward = PygameShape.wideLine(x1: 14, y1: 12, x2: 10, y2: 10)
        #expect(forward.span(row: 9)! == (10, 11) && backward.span(row: 9)! == (10, 10))
        let steep = PygameShape.wideLine(x1: 20, y1: 10, x2: 30, y2: 60)
        #expect(steep.span(row: 10)! == (19, 22) && steep.span(row: 13)! == (20, 23))
    }

    @Test func polygonsFloorTheirEdgeIntersections() {
        // pygame.draw.polygon([(10,10),(60,20),(40,70)]) with the last vertex repeated to make a quad.
        let triangle = PygameShape.polygon(Quad([(10, 10), (60, 20), (40, 70), (10, 10)]))
        #expect(triangle.span(row: 10)! == (10, 10) && triangle.span(row: 11)! == (10, 15))
        #expect(triangle.span(row: 21)! == (15, 59) && triangle.span(row: 69)! == (39, 40) && triangle.span(row: 70)! == (40, 40))
        #expect(triangle.span(row: 71) == nil)
    }
}
