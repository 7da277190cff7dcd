#ifndef SIM2REAL_CJPEG_SHIM_H
#define SIM2REAL_CJPEG_SHIM_H
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

/// libjpeg reports errors by calling `error_exit`, which by default exits the process; Swift cannot use
/// setjmp/longjmp, so these wrappers catch the error here and return 0 with the library's message instead.
struct sim2real_jpeg_error {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static inline void sim2real_jpeg_error_exit(j_common_ptr info) {
    struct sim2real_jpeg_error *error = (struct sim2real_jpeg_error *)info->err;
    (*info->err->format_message)(info, error->message);
    longjmp(error->jump, 1);
}

static inline void sim2real_jpeg_copy_message(const char *from, char *to, size_t capacity) {
    if (capacity == 0) return;
    snprintf(to, capacity, "%s", from);
}

/// Encodes 8-bit grey (1 channel) or RGB (3 channels) pixels at `quality` (1-100, 4:2:0 chroma, integer DCT).
/// On success returns 1 and a buffer in `*output` that the caller frees with `sim2real_jpeg_free`.
static inline int sim2real_jpeg_encode(const unsigned char *pixels, int width, int height, int channels,
                                       int quality, unsigned char **output, unsigned long *size,
                                       char *message, size_t capacity) {
    struct jpeg_compress_struct info;
    struct sim2real_jpeg_error error;
    unsigned char *volatile buffer = NULL;
    unsigned long bufferSize = 0;
    *output = NULL;
    *size = 0;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = sim2real_jpeg_error_exit;
    error.message[0] = 0;
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        sim2real_jpeg_copy_message(error.message, message, capacity);
        return 0;
    }
    jpeg_create_compress(&info);
    // A buffer larger than any JPEG of these pixels, so that libjpeg never replaces it with one of its own
    // (which an error would leak).
    unsigned long bound = (unsigned long)width * (unsigned long)height * (unsigned long)channels * 2 + 65536;
    buffer = (unsigned char *)malloc(bound);
    if (buffer == NULL) {
        jpeg_destroy_compress(&info);
        sim2real_jpeg_copy_message("out of memory", message, capacity);
        return 0;
    }
    unsigned char *target = buffer;
    bufferSize = bound;
    jpeg_mem_dest(&info, &target, &bufferSize);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    info.dct_method = JDCT_ISLOW;
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * (size_t)width * (size_t)channels);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    if (target != buffer) free(buffer);
    *output = target;
    *size = bufferSize;
    return 1;
}

static inline void sim2real_jpeg_free(unsigned char *buffer) { free(buffer); }

/// Decodes JPEG bytes. With `pixels` NULL, only reads the size and channel count (1 or 3) into `width`,
/// `height` and `channels`; otherwise decodes into `pixels` (`width * height * channels` bytes, integer IDCT) and
/// fails if the image is not of that size. Returns 1 on success.
static inline int sim2real_jpeg_decode(const unsigned char *data, unsigned long size, unsigned char *pixels,
                                       int *width, int *height, int *channels, char *message, size_t capacity) {
    struct jpeg_decompress_struct info;
    struct sim2real_jpeg_error error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = sim2real_jpeg_error_exit;
    error.message[0] = 0;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        sim2real_jpeg_copy_message(error.message, message, capacity);
        return 0;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, size);
    jpeg_read_header(&info, TRUE);
    if (pixels == NULL) {
        *width = (int)info.image_width;
        *height = (int)info.image_height;
        *channels = info.num_components == 1 ? 1 : 3;
        jpeg_destroy_decompress(&info);
        return 1;
    }
    info.out_color_space = *channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    info.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&info);
    if ((int)info.output_width != *width || (int)info.output_height != *height
        || info.output_components != *channels) {
        snprintf(message, capacity, "expected %dx%d with %d channels, found %ux%u with %d",
                 *width, *height, *channels, info.output_width, info.output_height, info.output_components);
        jpeg_destroy_decompress(&info);
        return 0;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.output_scanline * (size_t)*width * (size_t)*channels);
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return 1;
}
#endif
