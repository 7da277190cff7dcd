import Editing
import Foundation
import Imaging
import NeuralNets
import Testing
import TestSupport

/// End-to-end tests of the `sim2real` executable: help, outputs, and clear failures on bad input.
@Suite struct CommandLineTests {
    @Test(arguments: [[], ["simulate"], ["replay"], ["expert-eval"], ["dataset", "inspect"],
                      ["dataset", "contact-sheet"], ["dataset", "import"], ["dataset", "export"], ["bench", "sim"], ["bench", "nn"], ["render"], ["references"], ["preview"], ["masks"], ["gap"], ["appearance"], ["randomize"], ["editor", "pretrain"], ["editor", "fit"], ["editor", "specialize"], ["convert"], ["run"], ["runs", "list"], ["runs", "show"]])
    func helpWorks(command: [String]) throws {
        let result = try TestSupport.run(command + ["--help"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("USAGE"))
    }

    @Test func replayPrintsOneJSONObject() throws {
        let folder = TestSupport.temporaryFolder()
        let actions = folder.appendingPathComponent("actions.json")
        try Data("[[256, 420], [256, 380], [250, 350]]".utf8).write(to: actions)
        let result = try TestSupport.run(["replay", "--state", "256,470,256,300,0", "--actions", actions.path])
        #expect(result.status == 0, "\(result.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let states = object?["states"] as? [[Double]]
        #expect(states?.count == 3 && states?.allSatisfy { $0.count == 5 } == true)
        #expect((object?["coverage"] as? [Double])?.count == 3)
    }

    /// gym-pusht's seed-1 reset observation leaves the block 1 px in the bottom wall: starting as its reset does
    /// pushes the block out one substep earlier than placing it there.
    @Test func replayStartDecidesWhenAnOverlapIsPushedOut() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let actions = folder.appendingPathComponent("actions.json")
        try Data("[[242, 254]]".utf8).write(to: actions)
        var blockY: [String: Double] = [:]
        for start in ["exact", "reset-observation"] {
            let result = try TestSupport.run(["replay", "--state", "239,254,290.5891546977548,457.7681838617591,4.047374214118495",
                                              "--actions", actions.path, "--start", start])
            #expect(result.status == 0, "\(result.errors)")
            let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
            blockY[start] = (object?["states"] as? [[Double]])?.first?[3]
        }
        let exact = try #require(blockY["exact"]), settled = try #require(blockY["reset-observation"])
        #expect(exact - settled > 0.01, "block y \(exact) placed, \(settled) after reset's substep")
    }

    @Test(arguments: [
        (["replay", "--state", "1,2,3", "--actions", "x.json"], "5 comma-separated numbers"),
        (["replay", "--state", "1,2,3,4,5", "--actions", "x.json", "--start", "settled"], "settled"),
        (["replay", "--state", "1,2,3,4,nan", "--actions", "x.json"], "finite"),
        (["replay", "--state", "1,2,3,4,abc", "--actions", "x.json"], "must be a number"),
        (["simulate", "--episodes", "0", "--out", "x.sqlite"], "--episodes must be at least 1"),
        (["simulate", "--episodes", "1", "--out", "x.sqlite", "--bogus"], "Unknown option"),
        (["dataset", "inspect", "/nonexistent/x.sqlite"], "no such file"),
        (["dataset", "import", "/nonexistent/x.zarr", "--format", "zarr", "--out", "x.sqlite"], "no such folder"),
        (["dataset", "import", "x", "--format", "hdf5", "--out", "x.sqlite"], "hdf5"),
        (["dataset", "export", "x.sqlite", "--format", "folder", "--compressor", "zlib", "--out", "x"], "--format zarr only"),
        (["preview", "--style", "sim", "--scene", "scenes/pusht.yaml", "--out", "x.png"], "--style or --scene, not both"),
        (["preview", "--scene", "/nonexistent/look.yaml", "--out", "x.png"], "/nonexistent/look.yaml"),
        (["preview", "--size", "64", "--tile", "128", "--out", "x.png"], "--tile must be 8...64"),
        (["simulate", "--episodes", "-1", "--out", "x.sqlite"], "--episodes must be at least 1, got -1"),
        (["simulate", "--episodes", "1000000000000", "--out", "x.sqlite"], "--episodes must be at most 100000"),
        (["replay", "--state", "-10,400,256,300,1e300", "--actions", "x.json"], "--state: block_angle must be at most 1000.0"),
        (["convert", "--method", "color-transfer", "--in", "x", "--out", "y", "--references", "r", "--image-guidance", "inf"],
         "--image-guidance must be at most 100.0, got inf"),
        (["gap", "--a", "x", "--b", "y", "--stride", "0"], "--stride must be at least 1, got 0"),
        (["appearance", "--real", "x", "y", "--stride", "0"], "--stride must be at least 1, got 0"),
        (["dataset", "inspect", "Sources"], "Sources: is a folder, expected a dataset file (.sqlite)"),
        (["policy", "train", "--policy", "policies/cnn.yaml", "--data", "x", "--steps", "100000000000", "--out", "o"],
         "--steps must be at most 10000000"),
    ])
    func badFlagsFailClearly(arguments: [String], message: String) throws {
        let result = try TestSupport.run(arguments)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    /// Actions that made Chipmunk abort the process (an infinite velocity) or return nonsense are refused, and a
    /// thread count in the environment is checked like the flag.
    @Test func hostileNumbersEndInErrorsNotCrashes() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, content) in [("huge.json", "[[1e308, -1e308]]"), ("far.json", "[[1e40, 1]]")] {
            let file = folder.appendingPathComponent(name)
            try Data(content.utf8).write(to: file)
            let result = try TestSupport.run(["replay", "--state", "256,400,256,300,0", "--actions", file.path])
            #expect(result.status == 1 && result.errors.contains("\(name): element 0: action_x must be at most 1024.0"), "\(result.errors)")
        }
        for value in ["0", "abc", "100000"] {
            let result = try TestSupport.run(["expert-eval", "--episodes", "1"], environment: ["SIM2REAL_THREADS": value])
            #expect(result.status != 0 && result.errors.contains("SIM2REAL_THREADS"), "\(result.errors)")
        }
    }

    @Test func badActionFilesFailClearly() throws {
        let folder = TestSupport.temporaryFolder()
        let cases = [("notjson.json", "{{", "not valid JSON"), ("object.json", "{\"a\": 1}", "not an array"),
                     ("triple.json", "[[1, 2], [1, 2, 3]]", "element 1"), ("strings.json", "[[\"a\", 2]]", "element 0")]
        for (name, content, message) in cases {
            let file = folder.appendingPathComponent(name)
            try Data(content.utf8).write(to: file)
            let result = try TestSupport.run(["replay", "--state", "1,2,3,4,5", "--actions", file.path])
            #expect(result.status != 0)
            #expect(result.errors.contains(message) && result.errors.contains(name), "\(result.errors)")
        }
        let missing = try TestSupport.run(["replay", "--state", "1,2,3,4,5", "--actions", "/nonexistent/a.json"])
        #expect(missing.status != 0 && missing.errors.contains("/nonexistent/a.json"))
    }

    @Test func datasetExportThenImportGivesTheFramesBack() throws {
        let folder = TestSupport.temporaryFolder()
        let sim = folder.appendingPathComponent("sim.sqlite").path
        let simulated = try TestSupport.run(["simulate", "--episodes", "2", "--seed", "4", "--max-steps", "6", "--out", sim])
        #expect(simulated.status == 0, "\(simulated.errors)")
        for format in ["zarr", "folder"] {
            let exported = folder.appendingPathComponent("export-\(format)").path
            let export = try TestSupport.run(["dataset", "export", sim, "--format", format, "--out", exported])
            #expect(export.status == 0 && export.output.contains("12 frames"), "\(export.errors)")
            let again = try TestSupport.run(["dataset", "export", sim, "--format", format, "--out", exported])
            #expect(again.status != 0 && again.errors.contains("already exists"))
            let back = folder.appendingPathComponent("back-\(format).sqlite").path
            let imported = try TestSupport.run(["dataset", "import", exported, "--format", format, "--out", back])
            #expect(imported.status == 0 && imported.output.contains("2 episodes, 12 frames"), "\(imported.errors)")
            let inspect = try TestSupport.run(["dataset", "inspect", back, "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any]
            #expect(object?["frames"] as? Int == 12)
            // The folder export writes label files; the replay buffer has none, but its frames are renders of their states.
            #expect((object?["metadata"] as? [String: String])?["masks"] == (format == "folder" ? "labels" : "rendered"))
            #expect(imported.output.contains("masks: " + (format == "folder" ? "labels" : "rendered")))
        }
        let sheet = try TestSupport.run(["dataset", "contact-sheet", folder.appendingPathComponent("back-zarr.sqlite").path,
                                         "--out", folder.appendingPathComponent("sheet.png").path])
        #expect(sheet.status == 0, "\(sheet.errors)")
    }

    @Test func simulateWritesADatasetAndResumes() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("sim.sqlite").path
        let first = try TestSupport.run(["simulate", "--episodes", "1", "--seed", "3", "--max-steps", "15", "--out", out])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.errors.contains("1/1"))
        // Without --resume an existing output is refused; with it the run continues.
        let refused = try TestSupport.run(["simulate", "--episodes", "2", "--seed", "3", "--max-steps", "15", "--out", out])
        #expect(refused.status != 0 && refused.errors.contains("already exists"))
        let resumed = try TestSupport.run(["simulate", "--episodes", "2", "--seed", "3", "--max-steps", "15", "--out", out, "--resume"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        let mismatch = try TestSupport.run(["simulate", "--episodes", "3", "--seed", "4", "--max-steps", "15", "--out", out, "--resume"])
        #expect(mismatch.status != 0 && mismatch.errors.contains("seed"))

        let inspect = try TestSupport.run(["dataset", "inspect", out, "--json"])
        #expect(inspect.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any]
        #expect(object?["episodes"] as? Int == 2)
        #expect((object?["frames"] as? Int ?? 0) >= 2)

        let sheet = folder.appendingPathComponent("sheet.png").path
        let contact = try TestSupport.run(["dataset", "contact-sheet", out, "--out", sheet, "--frames-per-episode", "3"])
        #expect(contact.status == 0, "\(contact.errors)")
        #expect(FileManager.default.fileExists(atPath: sheet))
    }

    @Test func renderAndReferencesMakeTheProxyRealData() throws {
        let folder = TestSupport.temporaryFolder()
        let sim = folder.appendingPathComponent("sim.sqlite").path, real = folder.appendingPathComponent("real.sqlite").path
        #expect(try TestSupport.run(["simulate", "--episodes", "2", "--max-steps", "6", "--out", sim]).status == 0)
        let render = try TestSupport.run(["render", "--scene", "scenes/pusht-real.yaml", "--from", sim, "--out", real])
        #expect(render.status == 0, "\(render.errors)")
        let inspect = try TestSupport.run(["dataset", "inspect", real, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any]
        #expect(object?["episodes"] as? Int == 2)
        #expect((object?["metadata"] as? [String: String])?["style"] == "proxy-real")

        // The sim frames' colors against the proxy-real ones, unpaired: the real dataset against itself is at 0.
        let appearance = try TestSupport.run(["appearance", "--real", real, sim, real, "--json"])
        #expect(appearance.status == 0, "\(appearance.errors)")
        let measured = try JSONSerialization.jsonObject(with: Data(appearance.output.utf8)) as? [String: Any]
        let distances = measured?["datasets"] as? [String: [String: Any]]
        func background(_ dataset: String) -> Double? {
            ((distances?[dataset]?["regions"] as? [String: [String: Double]])?["background"])?["histogram_distance"]
        }
        #expect(background(real) == 0 && (background(sim) ?? 0) > 10, "\(appearance.output)")
        let table = try TestSupport.run(["appearance", "--real", real, sim])
        #expect(table.status == 0 && table.output.contains("sim.sqlite") && table.output.contains("end effector"), "\(table.output)")

        let references = folder.appendingPathComponent("refs").path
        let made = try TestSupport.run(["references", "--scene", "scenes/pusht-real.yaml", "--count", "5", "--seed", "1", "--out", references])
        #expect(made.status == 0, "\(made.errors)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: references + "/manifest.json"))) as? [String: Any]
        let entries = manifest?["references"] as? [[String: Any]]
        #expect(entries?.count == 5)
        for entry in entries ?? [] {
            #expect(FileManager.default.fileExists(atPath: references + "/" + (entry["image"] as! String)))
            #expect((entry["masks"] as? [String: String])?.keys.sorted() == ["agent", "arm", "background", "block"])
        }
        let again = try TestSupport.run(["references", "--scene", "scenes/pusht-real.yaml", "--out", references])
        #expect(again.status != 0 && again.errors.contains("already exists"))
    }

    /// A look file works wherever a scene file does: preview (a labeled grid of two looks), simulate, render,
    /// references.
    @Test func cameraLooksWorkAsSceneFiles() throws {
        let folder = TestSupport.temporaryFolder()
        let look = "scenes/looks/dev/concrete-red-rubber.yaml", other = "scenes/looks/test/linen-blue-block.yaml"
        let grid = folder.appendingPathComponent("grid.png").path
        let preview = try TestSupport.run(["preview", "--scene", look, "--scene", other, "--size", "48", "--tile", "32",
                                           "--count", "2", "--columns", "2", "--label", "--out", grid])
        #expect(preview.status == 0, "\(preview.errors)")
        let sheet = try PNGCodec.read(path: grid)
        #expect(sheet.width == 2 * (32 + 2) + 2 && sheet.height > 2 * (32 + 2) + 2, "\(sheet.width)x\(sheet.height): 2 x 2 tiles with labels")
        let sim = folder.appendingPathComponent("sim.sqlite").path, real = folder.appendingPathComponent("real.sqlite").path
        #expect(try TestSupport.run(["simulate", "--scene", look, "--episodes", "1", "--max-steps", "3", "--out", sim]).status == 0)
        let render = try TestSupport.run(["render", "--scene", other, "--from", sim, "--out", real])
        #expect(render.status == 0, "\(render.errors)")
        let inspect = try TestSupport.run(["dataset", "inspect", real, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any]
        #expect((object?["metadata"] as? [String: String])?["style"] == "camera")
        let references = folder.appendingPathComponent("refs").path
        let made = try TestSupport.run(["references", "--scene", look, "--count", "2", "--out", references])
        #expect(made.status == 0, "\(made.errors)")
        #expect(FileManager.default.fileExists(atPath: references + "/reference-1-block.png"))
    }

    @Test func referencesFromUserImages() throws {
        let folder = TestSupport.temporaryFolder()
        let images = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        // Five frames of assorted kinds: RGB of another size, grey, RGBA, and one with its own masks.
        var generator = SystemRandomNumberGenerator()
        func noise(_ w: Int, _ h: Int, _ c: Int) -> Image {
            Image(width: w, height: h, channels: c, pixels: (0..<(w * h * c)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        try PNGCodec.write(noise(120, 100, 3), path: images.appendingPathComponent("a.png").path)
        try PNGCodec.write(noise(96, 96, 1), path: images.appendingPathComponent("b.png").path)
        try PNGCodec.write(noise(96, 96, 4), path: images.appendingPathComponent("c.png").path)
        try PNGCodec.write(noise(64, 64, 3), path: images.appendingPathComponent("d.png").path)
        try PNGCodec.write(Image(width: 64, height: 64, channels: 1, pixels: [UInt8](repeating: 2, count: 64 * 64)),
                           path: images.appendingPathComponent("d-labels.png").path)
        let out = folder.appendingPathComponent("refs").path
        let tooFew = try TestSupport.run(["references", "--from-images", images.path, "--out", out])
        #expect(tooFew.status != 0 && tooFew.errors.contains("expected 5 reference frames (PNG), found 4"), "\(tooFew.errors)")
        try PNGCodec.write(noise(96, 96, 3), path: images.appendingPathComponent("e.png").path)
        // Masks computed from noise cannot be right: refused, with an overlay of them to look at.
        let refused = try TestSupport.run(["references", "--from-images", images.path, "--masks", "threshold", "--out", out])
        #expect(refused.status != 0 && refused.errors.contains("look wrong") && refused.errors.contains("a.png:"), "\(refused.errors)")
        #expect(FileManager.default.fileExists(atPath: out + "-rejected-masks.png") && !FileManager.default.fileExists(atPath: out))
        // With the user's own label files (all background here) the frames are taken as they are.
        for (name, width, height) in [("a", 120, 100), ("b", 96, 96), ("c", 96, 96), ("e", 96, 96)] {
            try PNGCodec.write(Image(width: width, height: height, channels: 1, pixels: [UInt8](repeating: 0, count: width * height)),
                               path: images.appendingPathComponent("\(name)-labels.png").path)
        }
        let made = try TestSupport.run(["references", "--from-images", images.path, "--out", out])
        #expect(made.status == 0, "\(made.errors)")
        let first = try PNGCodec.read(path: out + "/reference-0.png", channels: nil)
        #expect(first.width == 96 && first.height == 96 && first.channels == 3)
        let givenMasks = try PNGCodec.read(path: out + "/reference-3-labels.png", channels: 1)
        #expect(givenMasks.pixels.allSatisfy { $0 == 2 })

        // Masks that do not match their image, and a corrupt PNG, fail naming the file.
        try PNGCodec.write(Image(width: 10, height: 10, channels: 1, pixels: [UInt8](repeating: 0, count: 100)),
                           path: images.appendingPathComponent("d-labels.png").path)
        let mismatch = try TestSupport.run(["references", "--from-images", images.path, "--out", folder.appendingPathComponent("x").path])
        #expect(mismatch.status != 0 && mismatch.errors.contains("d-labels.png") && mismatch.errors.contains("10x10"), "\(mismatch.errors)")
        try Data("not a png".utf8).write(to: images.appendingPathComponent("d-labels.png"))
        try Data("broken".utf8).write(to: images.appendingPathComponent("e.png"))
        let corrupt = try TestSupport.run(["references", "--from-images", images.path, "--out", folder.appendingPathComponent("y").path])
        #expect(corrupt.status != 0 && corrupt.errors.contains("png"), "\(corrupt.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("y/manifest.json").path))
    }

    /// Label files in a folder of their own, as labeling tools export them (`NAME.png` there for each photo).
    @Test func referencesTakeAFolderOfLabelFiles() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = folder.appendingPathComponent("photos"), labels = folder.appendingPathComponent("labels")
        for made in [photos, labels] { try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true) }
        for name in ["a", "b", "c", "d", "e"] {
            try PNGCodec.write(Image(width: 80, height: 80, channels: 3, pixels: (0..<(80 * 80 * 3)).map { UInt8($0 % 241) }),
                               path: photos.appendingPathComponent("\(name).png").path)
            try PNGCodec.write(Image(width: 80, height: 80, channels: 1, pixels: [UInt8](repeating: 0, count: 80 * 80)),
                               path: labels.appendingPathComponent("\(name).png").path)
        }
        let out = folder.appendingPathComponent("refs").path
        let alone = try TestSupport.run(["references", "--scene", "scenes/pusht-real.yaml", "--labels", labels.path, "--out", out])
        #expect(alone.status != 0 && alone.errors.contains("--labels") && alone.errors.contains("--from-images"), "\(alone.errors)")
        let made = try TestSupport.run(["references", "--from-images", photos.path, "--labels", labels.path, "--out", out])
        #expect(made.status == 0, "\(made.errors)")
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(!manifest.contains("automatic") && manifest.contains("labels"), "every reference's masks came from its label file")
    }

    /// Four photos of one camera and one of another look: `references --from-images`, a pipeline's references stage
    /// and the report under its references all say which photo was labeled without the table pooled over the others.
    @Test func aPhotoFromAnotherCameraIsNamedByReferencesItsStageAndTheReport() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        for (look, name, kept) in [("scenes/pusht-real.yaml", "one", 0..<4), ("scenes/looks/dev/concrete-red-rubber.yaml", "other", 4..<5)] {
            // The look's 384 px photos, rendered by the references command from a copy of its scene file at that size.
            let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(look), encoding: .utf8)
            let scene = folder.appendingPathComponent("\(name).yaml")
            try text.replacingOccurrences(of: "image_size: 96", with: "image_size: 384").write(to: scene, atomically: true, encoding: .utf8)
            let rendered = folder.appendingPathComponent(name).path
            let made = try TestSupport.run(["references", "--scene", scene.path, "--out", rendered])
            #expect(made.status == 0, "\(made.errors)")
            for index in kept {
                try FileManager.default.copyItem(atPath: rendered + "/reference-\(index).png", toPath: photos.appendingPathComponent("photo-\(index).png").path)
            }
        }
        let direct = try TestSupport.run(["references", "--from-images", photos.path, "--out", folder.appendingPathComponent("refs").path])
        #expect(direct.status == 0 && direct.output.contains("note: photo-4.png: its table differs"), "\(direct.output)\(direct.errors)")
        #expect(!direct.output.contains("photo-0.png:"), "photos of one camera pass without a note")
        let pipeline = folder.appendingPathComponent("pipeline.yaml")
        try """
            stages:
              references:
                kind: references
                from_images: \(photos.path)
              report:
                kind: report
                references: references
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let run = folder.appendingPathComponent("run")
        let staged = try TestSupport.run(["run", pipeline.path, "--out", run.path])
        #expect(staged.status == 0 && staged.errors.contains("references: note: photo-4.png: its table differs"), "\(staged.errors)")
        let page = try String(contentsOf: run.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(page.contains("photo-4.png: its table differs") && page.components(separatedBy: "found alone").count == 2,
                "the report names the photo under its references and marks its column")
    }

    /// `segmenter adapt` takes references with exact masks, stops and resumes, and prints the setting that uses its
    /// network; references whose masks were found are refused, naming the folder, and nothing is written.
    @Test func segmenterAdaptTakesExactReferencesAndRefusesFoundOnes() throws {
        let folder = TestSupport.temporaryFolder()
        let exact = folder.appendingPathComponent("exact").path, adapted = folder.appendingPathComponent("adapted.safetensors").path
        #expect(try TestSupport.run(["references", "--scene", "scenes/pusht-real.yaml", "--out", exact]).status == 0)
        let stopped = try TestSupport.run(["segmenter", "adapt", "--references", exact, "--out", adapted, "--stop-after", "1"])
        #expect(stopped.status == 0 && stopped.output.contains("adapted in 1 steps"), "\(stopped.output)\(stopped.errors)")
        let resumed = try TestSupport.run(["segmenter", "adapt", "--references", exact, "--out", adapted, "--resume", "--stop-after", "2"])
        #expect(resumed.status == 0 && resumed.output.contains("adapted in 2 steps")
                && resumed.output.contains("use it with --segmenter \(adapted),models/segmenter-neutral-camouflage.safetensors,"),
                "\(resumed.output)\(resumed.errors)")
        let spelled = folder.appendingPathComponent("spelled.safetensors").path
        let other = try TestSupport.run(["segmenter", "adapt", "--references", exact, "--out", spelled, "--stop-after", "1",
                                         "--base", "./models/segmenter-camouflage.safetensors"])
        #expect(other.status == 0 && other.output.contains("use it with --segmenter \(spelled),"), "the shipped base by another path")

        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        for index in 0..<5 {
            try FileManager.default.copyItem(atPath: exact + "/reference-\(index).png", toPath: photos.appendingPathComponent("photo-\(index).png").path)
        }
        let found = folder.appendingPathComponent("found").path
        #expect(try TestSupport.run(["references", "--from-images", photos.path, "--out", found]).status == 0)
        let refused = folder.appendingPathComponent("refused.safetensors").path
        let failed = try TestSupport.run(["segmenter", "adapt", "--references", found, "--out", refused])
        #expect(failed.status != 0 && failed.errors.contains("references \(found): reference 0") && failed.errors.contains("exact labels"),
                "\(failed.errors)")
        #expect(!FileManager.default.fileExists(atPath: refused))
    }

    @Test func randomizeWritesTripletsOnce() throws {
        let folder = TestSupport.temporaryFolder()
        let sim = folder.appendingPathComponent("sim.sqlite").path
        #expect(try TestSupport.run(["simulate", "--episodes", "1", "--max-steps", "5", "--out", sim]).status == 0)
        let out = folder.appendingPathComponent("randomized").path
        let made = try TestSupport.run(["randomize", "--from", sim, "--count", "3", "--size", "32", "--out", out])
        #expect(made.status == 0, "\(made.errors)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [[String: Any]]
        #expect(manifest?.count == 3)
        #expect(FileManager.default.fileExists(atPath: out + "/example-2-style.png"))
        let again = try TestSupport.run(["randomize", "--from", sim, "--out", out])
        #expect(again.status != 0 && again.errors.contains("already exists"))
        let missing = try TestSupport.run(["randomize", "--from", folder.appendingPathComponent("none.sqlite").path, "--out", folder.appendingPathComponent("r2").path])
        #expect(missing.status != 0 && missing.errors.contains("none.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r2").path))
    }

    @Test func editorPretrainingResumesToTheSameWeights() throws {
        let folder = TestSupport.temporaryFolder()
        let config = folder.appendingPathComponent("tiny.yaml")
        try Data("""
            model:
              image_size: 16
              channels: [8, 16]
              blocks_per_level: 1
              context_dimensions: 16
            steps: 4
            batch_size: 1
            checkpoint_every: 2
            seed: 3
            """.utf8).write(to: config)
        let straight = folder.appendingPathComponent("straight.safetensors").path
        let resumed = folder.appendingPathComponent("resumed.safetensors").path
        let first = try TestSupport.run(["editor", "pretrain", "--config", config.path, "--out", straight])
        #expect(first.status == 0, "\(first.errors)")
        let killed = try TestSupport.run(["editor", "pretrain", "--config", config.path, "--out", resumed, "--stop-after", "2"])
        #expect(killed.status == 0 && killed.output.contains("2 steps"), "\(killed.errors)")
        let refused = try TestSupport.run(["editor", "pretrain", "--config", config.path, "--out", resumed])
        #expect(refused.status != 0 && refused.errors.contains("--resume"))
        let finished = try TestSupport.run(["editor", "pretrain", "--config", config.path, "--out", resumed, "--resume"])
        #expect(finished.status == 0 && finished.output.contains("4 steps"), "\(finished.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: straight)) == Data(contentsOf: URL(fileURLWithPath: resumed)))
        // With a moving average of the weights: the weights file holds the average (not the raw weights of the run
        // above), and a resumed run still ends with the same bytes.
        let averaged = folder.appendingPathComponent("ema.yaml")
        try Data((String(decoding: try Data(contentsOf: config), as: UTF8.self) + "\nema_decay: 0.5\n").utf8).write(to: averaged)
        let emaStraight = folder.appendingPathComponent("ema-straight.safetensors").path
        let emaResumed = folder.appendingPathComponent("ema-resumed.safetensors").path
        #expect(try TestSupport.run(["editor", "pretrain", "--config", averaged.path, "--out", emaStraight]).status == 0)
        #expect(try TestSupport.run(["editor", "pretrain", "--config", averaged.path, "--out", emaResumed, "--stop-after", "3"]).status == 0)
        let emaFinished = try TestSupport.run(["editor", "pretrain", "--config", averaged.path, "--out", emaResumed, "--resume"])
        #expect(emaFinished.status == 0, "\(emaFinished.errors)")
        let (emaModel, _) = try EditorModel.load(path: emaStraight), (rawModel, _) = try EditorModel.load(path: straight)
        #expect(emaModel.unet.outputConvolution.weight.scalars != rawModel.unet.outputConvolution.weight.scalars)
        let (resumedModel, _) = try EditorModel.load(path: emaResumed)
        #expect(resumedModel.parameterDictionary().mapValues(\.scalars) == emaModel.parameterDictionary().mapValues(\.scalars))
        // Fine-tuning starts from the given weights (at rate 0 it ends on them exactly, though its seed differs) and
        // moves from them at a decaying rate; a missing start file is refused before anything is written.
        let tuning = folder.appendingPathComponent("tune.yaml")
        let baseText = String(decoding: try Data(contentsOf: config), as: UTF8.self).replacingOccurrences(of: "seed: 3", with: "seed: 4")
        let startText = baseText + "\ninitial_weights: \(straight)\nlearning_rate_decay: cosine\nwarmup_steps: 1\n"
        var tunedModels: [EditorModel] = []
        for (name, rate) in [("frozen", "0"), ("tuned", "0.001")] {
            try Data((startText + "learning_rate: \(rate)\n").utf8).write(to: tuning)
            let tuned = folder.appendingPathComponent("\(name).safetensors").path
            let tuneRun = try TestSupport.run(["editor", "pretrain", "--config", tuning.path, "--out", tuned])
            #expect(tuneRun.status == 0 && tuneRun.output.contains("4 steps"), "\(tuneRun.errors)")
            tunedModels.append(try EditorModel.load(path: tuned).model)
        }
        #expect(tunedModels[0].parameterDictionary().mapValues(\.scalars) == rawModel.parameterDictionary().mapValues(\.scalars))
        #expect(tunedModels[1].unet.outputConvolution.weight.scalars != rawModel.unet.outputConvolution.weight.scalars)
        try Data((baseText + "\ninitial_weights: \(folder.path)/none.safetensors\n").utf8).write(to: tuning)
        let missingStart = folder.appendingPathComponent("never.safetensors").path
        let refusedStart = try TestSupport.run(["editor", "pretrain", "--config", tuning.path, "--out", missingStart])
        #expect(refusedStart.status != 0 && refusedStart.errors.contains("none.safetensors") && refusedStart.errors.contains("tune.yaml"))
        #expect(!FileManager.default.fileExists(atPath: missingStart))
        try Data("steps: many\n".utf8).write(to: config)
        let bad = try TestSupport.run(["editor", "pretrain", "--config", config.path, "--out", folder.appendingPathComponent("x").path])
        #expect(bad.status != 0 && bad.errors.contains("tiny.yaml"))
    }

    @Test func convertEditsEveryFrameDeterministically() throws {
        let folder = TestSupport.temporaryFolder()
        let sim = folder.appendingPathComponent("sim.sqlite").path
        #expect(try TestSupport.run(["simulate", "--episodes", "1", "--max-steps", "3", "--out", sim]).status == 0)
        let config = folder.appendingPathComponent("tiny.yaml")
        // Works at 24 px on the 96 px frames (two halvings each way).
        try Data("model:\n  image_size: 24\n  channels: [8, 16]\n  blocks_per_level: 1\n  context_dimensions: 16\n  sampling_steps: 2\nsteps: 1\nbatch_size: 1\n".utf8)
            .write(to: config)
        let editor = folder.appendingPathComponent("editor.safetensors").path
        #expect(try TestSupport.run(["editor", "pretrain", "--config", config.path, "--out", editor]).status == 0)
        let references = folder.appendingPathComponent("refs").path
        #expect(try TestSupport.run(["references", "--scene", "scenes/pusht-real.yaml", "--out", references]).status == 0)
        var sheets: [Data] = []
        for name in ["a", "b"] {
            let out = folder.appendingPathComponent("\(name).sqlite").path
            let converted = try TestSupport.run(["convert", "--editor", editor, "--in", sim, "--out", out, "--references", references,
                                                 "--instruction", "make the whole scene look real"])
            #expect(converted.status == 0, "\(converted.errors)")
            let sheet = folder.appendingPathComponent("\(name).png").path
            #expect(try TestSupport.run(["dataset", "contact-sheet", out, "--out", sheet]).status == 0)
            sheets.append(try Data(contentsOf: URL(fileURLWithPath: sheet)))
        }
        #expect(sheets[0] == sheets[1])
        let original = folder.appendingPathComponent("sim.png").path
        #expect(try TestSupport.run(["dataset", "contact-sheet", sim, "--out", original]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: original)) != sheets[0])
        let inspect = try TestSupport.run(["dataset", "inspect", folder.appendingPathComponent("a.sqlite").path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any]
        #expect(object?["frames"] as? Int == 3)
        let missing = try TestSupport.run(["convert", "--editor", editor, "--in", sim, "--out", folder.appendingPathComponent("c.sqlite").path,
                                           "--references", folder.path])
        #expect(missing.status != 0 && missing.errors.contains("manifest.json"))
        let transferred = folder.appendingPathComponent("ct.sqlite").path
        let color = try TestSupport.run(["convert", "--method", "color-transfer", "--in", sim, "--out", transferred, "--references", references])
        #expect(color.status == 0, "\(color.errors)")
        let colorSheet = folder.appendingPathComponent("ct.png").path
        #expect(try TestSupport.run(["dataset", "contact-sheet", transferred, "--out", colorSheet]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: colorSheet)) != Data(contentsOf: URL(fileURLWithPath: original)))
        // The evaluation table: every candidate against the proxy-real truth of the same states.
        let truth = folder.appendingPathComponent("truth.sqlite").path
        #expect(try TestSupport.run(["render", "--scene", "scenes/pusht-real.yaml", "--from", sim, "--out", truth]).status == 0)
        let table = folder.appendingPathComponent("evaluation.json").path
        let evaluated = try TestSupport.run(["editor", "evaluate", "--sim", sim, "--truth", truth, "--candidate", "editor=" + folder.appendingPathComponent("a.sqlite").path,
                                             "--candidate", "colour=" + transferred, "--out", table, "--references", references,
                                             "--texture-weight", "0.3",
                                             "--grid", folder.appendingPathComponent("grid.png").path, "--grid-rows", "2"])
        #expect(evaluated.status == 0, "\(evaluated.errors)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: table))) as? [String: Any])["rows"] as? [[String: Any]]
        #expect(rows?.map { $0["name"] as? String } == ["sim", "editor", "colour"])
        #expect(rows?.first?["structural"] as? Double == 0)
        let simDistance = rows?[0]["mean_histogram_distance"] as? Double ?? 0, colorDistance = rows?[2]["mean_histogram_distance"] as? Double ?? .infinity
        #expect(colorDistance < simDistance, "colour transfer \(colorDistance) should be nearer the truth than sim \(simDistance)")
        // With references, the reward's view per region: color transfer is also nearer the references than sim.
        let semantic = rows?.map { $0["semantic"] as? [String: Double] ?? [:] } ?? []
        #expect(semantic.allSatisfy { Set($0.keys) == ["background", "block", "agent"] }, "\(semantic)")
        let semanticMean = { (row: [String: Double]) in row.values.reduce(0, +) / Double(max(1, row.count)) }
        #expect(semantic.count == 3 && semanticMean(semantic[2]) < semanticMean(semantic[0]), "\(semantic)")
        #expect(evaluated.output.contains("semantic score vs references"))
        let holdout = try TestSupport.run(["editor", "holdout", "--editor", editor, "--triplets", "2", "--out", folder.appendingPathComponent("h.json").path])
        #expect(holdout.status == 0 && holdout.output.contains("global_color_transfer"), "\(holdout.errors)")
        let both = try TestSupport.run(["convert", "--method", "color-transfer", "--editor", editor, "--in", sim,
                                        "--out", folder.appendingPathComponent("d.sqlite").path, "--references", references])
        #expect(both.status != 0 && both.errors.contains("--editor"))
        // One region at a time (the sensitivity analysis): another dataset than all regions, and bad words are named.
        let backgroundOnly = folder.appendingPathComponent("ct-background.sqlite").path
        let regional = try TestSupport.run(["convert", "--method", "color-transfer", "--regions", "background", "--in", sim,
                                            "--out", backgroundOnly, "--references", references])
        #expect(regional.status == 0, "\(regional.errors)")
        let regionalSheet = folder.appendingPathComponent("ct-background.png").path
        #expect(try TestSupport.run(["dataset", "contact-sheet", backgroundOnly, "--out", regionalSheet]).status == 0)
        let regionalBytes = try Data(contentsOf: URL(fileURLWithPath: regionalSheet))
        let (allRegionsBytes, originalBytes) = (try Data(contentsOf: URL(fileURLWithPath: colorSheet)), try Data(contentsOf: URL(fileURLWithPath: original)))
        #expect(regionalBytes != allRegionsBytes && regionalBytes != originalBytes)
        let goal = try TestSupport.run(["convert", "--method", "color-transfer", "--regions", "goal", "--in", sim,
                                        "--out", folder.appendingPathComponent("e.sqlite").path, "--references", references])
        #expect(goal.status != 0 && goal.errors.contains("'goal'"), "\(goal.errors)")
        let editorRegions = try TestSupport.run(["convert", "--editor", editor, "--regions", "block", "--in", sim,
                                                 "--out", folder.appendingPathComponent("f.sqlite").path, "--references", references])
        #expect(editorRegions.status != 0 && editorRegions.errors.contains("--regions"))

        // Specialization: rewards per iteration, and a resumed run ends where an uninterrupted one does.
        let tinyRefs = folder.appendingPathComponent("tiny-refs").path
        let scene = folder.appendingPathComponent("tiny-real.yaml")
        try Data("style: proxy-real\nimage_size: 16\n".utf8).write(to: scene)
        #expect(try TestSupport.run(["references", "--scene", scene.path, "--out", tinyRefs]).status == 0)
        let arguments = ["editor", "specialize", "--base", editor, "--references", tinyRefs, "--instruction",
                         "modify the background to appear more dark tabletop textured", "--iterations", "2", "--batch", "2",
                         "--threads", "1"]
        let straight = folder.appendingPathComponent("specialist.safetensors").path
        let run = try TestSupport.run(arguments + ["--out", straight])
        #expect(run.status == 0, "\(run.errors)")
        let rewards = try String(contentsOfFile: straight + ".rewards.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(rewards.count == 2 && rewards[0].contains("winner_structural"))
        let resumed = folder.appendingPathComponent("resumed.safetensors").path
        #expect(try TestSupport.run(arguments + ["--out", resumed, "--stop-after", "1"]).status == 0)
        #expect(try TestSupport.run(arguments + ["--out", resumed, "--resume"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: straight)) == Data(contentsOf: URL(fileURLWithPath: resumed)))
        // Region pooling with color-led features scores the same samples differently; a weight beyond [0, 1] is refused.
        let pooled = folder.appendingPathComponent("pooled.safetensors").path
        let pooledRun = try TestSupport.run(arguments + ["--out", pooled, "--semantic-pooling", "regions", "--texture-weight", "0.3"])
        #expect(pooledRun.status == 0, "\(pooledRun.errors)")
        let pooledRewards = try String(contentsOfFile: pooled + ".rewards.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(pooledRewards.count == 2 && pooledRewards[0] != rewards[0])
        let heavy = try TestSupport.run(arguments + ["--out", folder.appendingPathComponent("heavy.safetensors").path, "--texture-weight", "2"])
        #expect(heavy.status != 0 && heavy.errors.contains("--texture-weight"), "\(heavy.errors)")

        // Fitting to the references: an editor that convert and specialize load; a step count of 0 is refused by name.
        let fitArguments = ["editor", "fit", "--base", editor, "--references", tinyRefs, "--instruction", "make the whole scene look real",
                            "--batch", "2", "--threads", "1"]
        let fitted = folder.appendingPathComponent("fitted.safetensors").path
        let fit = try TestSupport.run(fitArguments + ["--out", fitted, "--steps", "2"])
        #expect(fit.status == 0 && fit.output.contains("2 steps"), "\(fit.errors)")
        #expect(try EditorModel.load(path: fitted).metadata["fitted_from"] == editor)
        let noSteps = try TestSupport.run(fitArguments + ["--out", folder.appendingPathComponent("none.safetensors").path, "--steps", "0"])
        #expect(noSteps.status != 0 && noSteps.errors.contains("--steps"), "\(noSteps.errors)")

        // LoRA: the output holds merged plain weights that convert loads strictly, and it differs from the base.
        let adapted = folder.appendingPathComponent("lora.safetensors").path
        let lora = try TestSupport.run(arguments + ["--out", adapted, "--train", "lora", "--lora-rank", "2", "--learning-rate", "0.01"])
        #expect(lora.status == 0, "\(lora.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: adapted)) != Data(contentsOf: URL(fileURLWithPath: editor)))
        let loraConverted = try TestSupport.run(["convert", "--editor", adapted, "--in", sim, "--out", folder.appendingPathComponent("l.sqlite").path,
                                                 "--references", references])
        #expect(loraConverted.status == 0, "\(loraConverted.errors)")
    }

    /// `SIM2REAL_PORTABLE_KERNELS=1` turns CKernels' AVX-512 code off, and `bench nn` says which code ran.
    @Test func portableKernelsCanBeChosen() throws {
        let arguments = ["bench", "nn", "--step-only", "--no-anchor", "--json", "--repetitions", "3", "--threads", "1"]
        let portable = try TestSupport.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                           ["SIM2REAL_PORTABLE_KERNELS=1", TestSupport.executable.path] + arguments)
        #expect(portable.status == 0, "\(portable.errors)")
        let report = try JSONSerialization.jsonObject(with: Data(portable.output.utf8)) as? [String: Any]
        #expect(report?["avx512_kernels"] as? Bool == false)
        #expect((report?["unet_step_seconds"] as? Double ?? 0) > 0)
    }

    @Test func unwritableOutputLeavesNothing() throws {
        let result = try TestSupport.run(["simulate", "--episodes", "1", "--out", "/nonexistent/dir/sim.sqlite"])
        #expect(result.status != 0 && result.errors.contains("/nonexistent/dir"))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/dir/sim.sqlite"))
        let readOnly = TestSupport.temporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly.path) }
        let sheet = try TestSupport.run(["dataset", "contact-sheet", "/nonexistent.sqlite", "--out", readOnly.appendingPathComponent("s.png").path])
        #expect(sheet.status != 0)
    }

    @Test func malformedSceneNamesFileLineAndField() throws {
        let folder = TestSupport.temporaryFolder()
        let scene = folder.appendingPathComponent("scene.yaml")
        try Data("style: sim\nimage_size: 96\nlighting: dim\n".utf8).write(to: scene)
        let out = folder.appendingPathComponent("sim.sqlite").path
        let result = try TestSupport.run(["simulate", "--scene", scene.path, "--episodes", "1", "--out", out])
        #expect(result.status != 0)
        #expect(result.errors.contains("scene.yaml:3") && result.errors.contains("lighting"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let missing = try TestSupport.run(["simulate", "--scene", "/nonexistent.yaml", "--episodes", "1", "--out", out])
        #expect(missing.status != 0 && missing.errors.contains("/nonexistent.yaml"))
    }
}
