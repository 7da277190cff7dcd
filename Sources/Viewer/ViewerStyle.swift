/// The page's style sheet. Frames are 96 px: they are drawn four times larger with `image-rendering: pixelated`
/// so each pixel stays a crisp square instead of a blur.
enum ViewerStyle {
    static let source = #"""
    body { font: 14px system-ui, sans-serif; margin: 0; color: #222; }
    header { background: #223; color: #eee; padding: 8px 16px; }
    header a { color: #fff; font-weight: bold; text-decoration: none; }
    header span { color: #aab; margin-left: 1em; font-size: 12px; }
    main { padding: 12px 16px; }
    table { border-collapse: collapse; margin: 8px 0 16px; }
    th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
    th { background: #f3f3f6; }
    td.number { text-align: right; font-variant-numeric: tabular-nums; }
    .status-finished { color: #171; } .status-failed { color: #b11; } .status-running { color: #a60; }
    .status-interrupted { color: #777; }
    .panes { display: flex; flex-wrap: wrap; gap: 16px; }
    .pane h3 { margin: 4px 0; font-size: 13px; }
    .frame { position: relative; width: 384px; height: 384px; background: #000; }
    .frame img, .frame canvas { position: absolute; left: 0; top: 0; width: 384px; height: 384px;
      image-rendering: pixelated; }
    .numbers { font: 12px ui-monospace, monospace; white-space: pre; margin-top: 4px; }
    .controls { margin: 8px 0 12px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .controls input[type=range] { width: 320px; }
    .pictures { display: flex; flex-wrap: wrap; gap: 12px; }
    .pictures figure { margin: 0; }
    .pictures .frame, .pictures .frame img { width: 288px; height: 288px; }
    .regions img { width: 64px; height: 64px; margin: 2px 2px 0 0; image-rendering: pixelated; border: 1px solid #ccc; }
    figure.other { margin: 16px 0 0; }
    figure.other img { width: 100%; max-width: 1200px; image-rendering: pixelated; }
    .pictures figcaption { font-size: 12px; }
    pre.manifest { background: #f6f6f6; padding: 8px; max-height: 320px; overflow: auto; }
    .error { color: #b11; }
    """#
}
