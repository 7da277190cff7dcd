/// The viewer's one HTML page: the script renders every view into `#app` from the hash of the URL, so views can be
/// linked and reloaded without any build step or framework.
enum ViewerPage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>sim2real viewer</title>
    <link rel="stylesheet" href="/viewer.css">
    <link rel="icon" href="data:,">
    </head>
    <body>
    <header><a href="#/">sim2real viewer</a> <span id="root"></span></header>
    <main id="app">Loading…</main>
    <script src="/viewer.js"></script>
    </body>
    </html>
    """#
}
