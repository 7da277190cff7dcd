import CFFmpeg

extension VideoWriter {
    /// The smallest frame SVT-AV1 encodes (it rejects narrower or shorter sources).
    static let smallestAV1Side = 64
    /// The tallest frame SVT-AV1 encodes (its widest is 16384, like the general limit below).
    static let tallestAV1Side = 8704

    /// Checks the settings before any file is created, so bad settings leave nothing behind and the error says why.
    static func validate(path: String, width: Int, height: Int, framesPerSecond: Int, codec: VideoCodec,
                         keyframeInterval: Int, crf: Int) throws(VideoError) {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw VideoError(path: path, reason: "frame size \(width)x\(height) is outside 1...16384")
        }
        guard width % 2 == 0, height % 2 == 0 else {
            throw VideoError(path: path, reason: "frame size \(width)x\(height) must be even (yuv420p halves both sides for chroma)")
        }
        if codec == .av1 && (width < smallestAV1Side || height < smallestAV1Side) {
            throw VideoError(path: path, reason: "frame size \(width)x\(height) is below SVT-AV1's smallest, "
                                + "\(smallestAV1Side)x\(smallestAV1Side); use h264 for smaller frames")
        }
        if codec == .av1 && height > tallestAV1Side {
            throw VideoError(path: path, reason: "frame height \(height) is above SVT-AV1's largest, \(tallestAV1Side)")
        }
        guard framesPerSecond > 0, framesPerSecond <= 1000 else {
            throw VideoError(path: path, reason: "frame rate \(framesPerSecond) is outside 1...1000")
        }
        guard keyframeInterval >= 1 else {
            throw VideoError(path: path, reason: "keyframe interval \(keyframeInterval) must be at least 1")
        }
        guard codec.constantRateFactorRange.contains(crf) else {
            throw VideoError(path: path, reason: "crf \(crf) is outside \(codec.constantRateFactorRange) for \(codec.rawValue)")
        }
    }

    /// Sets the encoder's geometry, timing and rate control, then opens it.
    ///
    /// SVT-AV1 gets LeRobot's settings (preset 12, crf, keyframe interval) and one logical processor; x264 gets crf,
    /// no B-frames and IDR frames when a keyframe is forced. Both run on one thread for deterministic output.
    static func configure(encoder: CodecContext, codec: VideoCodec, codecPointer: UnsafePointer<AVCodec>,
                          width: Int, height: Int, framesPerSecond: Int, keyframeInterval: Int, crf: Int,
                          globalHeader: Bool, path: String) throws(VideoError) {
        let context = encoder.pointer
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base = AVRational(num: 1, den: Int32(framesPerSecond))
        context.pointee.framerate = AVRational(num: Int32(framesPerSecond), den: 1)
        context.pointee.gop_size = Int32(keyframeInterval)
        context.pointee.max_b_frames = 0
        context.pointee.thread_count = 1
        context.pointee.flags |= Int32(bitPattern: AV_CODEC_FLAG_CLOSED_GOP)
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }

        var options: OpaquePointer?
        av_dict_set(&options, "crf", String(crf), 0)
        switch codec {
        case .av1:
            av_dict_set(&options, "preset", "12", 0)
            av_dict_set(&options, "svtav1-params", "lp=1:enable-force-key-frames=1", 0)
        case .h264:
            av_dict_set(&options, "forced-idr", "1", 0)
        }
        let opened = avcodec_open2(context, codecPointer, &options)
        av_dict_free(&options)
        guard opened >= 0 else {
            throw VideoError(path: path, operation: "cannot open the \(codec.encoderName) encoder at \(width)x\(height)", code: opened)
        }
    }
}
