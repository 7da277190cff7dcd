#ifndef SIM2REAL_CFFMPEG_SHIM_H
#define SIM2REAL_CFFMPEG_SHIM_H
#include <errno.h>
#include <stdio.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

/// Error codes and sentinels that FFmpeg defines as function-like or cast macros, which do not import into Swift.
static inline int sim2real_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int sim2real_averror_eof(void) { return AVERROR_EOF; }
static inline int64_t sim2real_av_nopts_value(void) { return AV_NOPTS_VALUE; }

/// Whether a decoded frame is a keyframe. FFmpeg 6.1 moved this from `key_frame` to `flags`; the shim hides which.
static inline int sim2real_frame_is_keyframe(const AVFrame *frame) {
#if defined(AV_FRAME_FLAG_KEY)
    return (frame->flags & AV_FRAME_FLAG_KEY) != 0;
#else
    return frame->key_frame != 0;
#endif
}

/// FFmpeg's description of an error code (what `av_err2str` gives, which is a macro with a compound literal).
static inline void sim2real_error_string(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) snprintf(buffer, size, "FFmpeg error %d", code);
}
#endif
