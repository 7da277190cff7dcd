import ArgumentParser
import Foundation
import Viewer

/// `sim2real view`: a local web page of runs, datasets and reference sets, read-only.
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Serve a local web viewer of runs, datasets (episode player, masks, compare) and references.",
        discussion: """
            sim2real view [RUNS_DIR] serves RUNS_DIR (default runs: the runs of its index.sqlite, each run's stages, \
            datasets, reference sets and report) at http://127.0.0.1:PORT/ until interrupted. RUNS_DIR may also be \
            one run folder or a dataset file (the page opens it). Nothing is written; paths outside the folder are \
            refused. --host binds another address (the viewer has no authentication: anyone who can reach it reads \
            the folder).
            """
    )

    @Argument(help: "Runs folder, run folder or dataset file to serve.")
    var path: String = "runs"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8765

    @Option(help: "Address to bind (default: this machine only).")
    var host: String = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, found \(port)") }
    }

    func run() throws {
        let site = try ViewerSite(path: path)
        if !ViewerServer.isLoopback(host) {
            FileHandle.standardError.write(Data("""
                sim2real view: warning: binding \(host) exposes \(site.folder.root) to every machine that can reach \
                this address, without authentication\n
                """.utf8))
        }
        try ViewerServer.serve(site: site, host: host, port: port) { url in
            FileHandle.standardOutput.write(Data("sim2real view: serving \(site.folder.root) at \(url) (Ctrl-C stops)\n".utf8))
        }
    }
}
