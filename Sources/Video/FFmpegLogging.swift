import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lowers FFmpeg's and SVT-AV1's console output to errors only, once per process.
///
/// Both libraries print banners and per-file statistics to stderr by default (x264's summary, SVT-AV1's
/// configuration table), which would interleave with the command's own output. Failures still reach the caller as
/// `VideoError`s. `SVT_LOG` is only set when the user has not set it.
private let quietLibraryLogging: Void = {
    av_log_set_level(AV_LOG_ERROR)
    setenv("SVT_LOG", "1", 0)
}()

/// Applies `quietLibraryLogging` (a global's initializer runs once, thread-safely).
func quietFFmpegLogging() {
    _ = quietLibraryLogging
}
