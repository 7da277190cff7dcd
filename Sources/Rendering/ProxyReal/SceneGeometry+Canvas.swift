import Imaging

/// Rasterizing the scene's solids as ids on a supersampled canvas, shared by the camera renderers that shade ids
/// afterwards. `pixel` maps a world point to its canvas pixel (a renderer may hold far points near the canvas).
extension SceneGeometry {
    /// Table-plane shadows: the T's parts and the rod swept along the light at full strength, the arm at `armLevel`
    /// (an arm is high above the table: its shadow is fainter).
    package func fillShadows(_ shadow: inout Image, blockHeight: Double, effectorHeight: Double, armLevel: Double,
                             pixel: (Point) -> (x: Int, y: Int)) {
        for part in blockParts {
            shadow.fillPolygon(ConvexHull.of(self.shadow(of: part, height: blockHeight).map(pixel)), color: [255])
        }
        shadow.fillPolygon(ConvexHull.of(self.shadow(of: effectorCircle(z: 0), height: effectorHeight).map(pixel)), color: [255])
        guard !armCorners.isEmpty else { return }
        shadow.fillPolygon(ConvexHull.of(armCorners.flatMap { self.shadow(of: [$0], height: $0.z) }.map(pixel)), color: [armLevel])
    }

    /// The T: the side faces that face the camera at `eye` (id `side(edge)`), then its top (id `top`).
    package func fillBlock(_ ids: inout Image, blockHeight: Double, eye: PerspectiveCamera.Vector, top: UInt8, side: (Int) -> UInt8,
                           pixel: (Point) -> (x: Int, y: Int)) {
        for (edge, face) in blockSides.enumerated() {
            let middle = (x: (face[0].x + face[1].x) / 2, y: (face[0].y + face[1].y) / 2)
            let normal = sideNormals[edge]
            guard normal.x * (eye.x - middle.x) + normal.y * (eye.y - middle.y) > 0 else { continue }
            ids.fillPolygon(face.map(pixel), color: [Double(side(edge))])
        }
        for part in blockParts {
            ids.fillPolygon(part.map { pixel(($0.x, $0.y, blockHeight)) }, color: [Double(top)])
        }
    }

    /// The rod (the silhouette of its cylinder, id `rod`), a sleeve over its foot up to `tip.height` (id `tip.id`),
    /// its top face (id `top`), then the arm over it (id `arm`).
    package func fillEffector(_ ids: inout Image, height: Double, rod: UInt8, tip: (height: Double, id: UInt8)? = nil, top: UInt8, arm: UInt8,
                              pixel: (Point) -> (x: Int, y: Int)) {
        ids.fillPolygon(ConvexHull.of((effectorCircle(z: 0) + effectorCircle(z: height)).map(pixel)), color: [Double(rod)])
        if let tip {
            ids.fillPolygon(ConvexHull.of((effectorCircle(z: 0) + effectorCircle(z: tip.height)).map(pixel)), color: [Double(tip.id)])
        }
        ids.fillPolygon(effectorCircle(z: height).map(pixel), color: [Double(top)])
        guard !armCorners.isEmpty else { return }
        ids.fillPolygon(armCorners.map(pixel), color: [Double(arm)])
    }
}
